import { getIntrospectionQuery } from 'graphql';
import { loadConfig } from '../../../src/config/config';
import { createQueryLimitsCheck } from '../../../src/security/query-limits-check';
import { firstCode, run, startFixtureServer, type FixtureServer } from './fixture-schema';

const DASHBOARD = `
  query Dashboard($first: Int) {
    packages(first: $first) {
      edges { node { ...PackageCard } }
      pageInfo { hasNextPage endCursor }
    }
  }
  fragment PackageCard on Package {
    id
    productInstances { ...InstanceRow }
  }
  fragment InstanceRow on ProductInstance {
    id status
    referenceProductInstance { id package { id } }
  }
`;

function nestedPackages(levels: number): string {
  let selection = 'id';
  for (let i = 0; i < levels; i++) selection = `productInstances { package { ${selection} } }`;
  return `{ package(id: "p1") { ${selection} } }`;
}

describe('query limits in the pipeline, at the config defaults', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    // The depth bombs below fan out: a worst-case budget they fit keeps the cost check out of
    // the way of the structural limits under test.
    server = await startFixtureServer({ env: { GRAPHQL_MAX_WORST_CASE_COST: '1000000000000' } });
  });
  afterAll(() => server.stop());

  it('uses the documented defaults', () => {
    const { maxDepth, maxAliases, maxDirectives, maxTokens, maxMutations } = loadConfig({}).graphql;
    expect({ maxDepth, maxAliases, maxDirectives, maxTokens, maxMutations }).toEqual({
      maxDepth: 8,
      maxAliases: 100,
      maxDirectives: 20,
      maxTokens: 5000,
      maxMutations: 10,
    });
  });

  it('lets a fragment-heavy dashboard query through (fragments add no depth)', async () => {
    const { result } = await run(server, { query: DASHBOARD, variables: { first: 20 } });
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ packages: { edges: [{ node: { id: 'p1' } }] } });
  });

  it('lets the introspection query through', async () => {
    const { result } = await run(server, { query: getIntrospectionQuery() });
    expect(result.errors).toBeUndefined();
  });

  it('refuses a depth bomb with MAX_DEPTH_EXCEEDED and a 400', async () => {
    // depth 2 per level + package + id
    expect((await run(server, { query: nestedPackages(3) })).result.errors).toBeUndefined();
    const { status, result } = await run(server, { query: nestedPackages(4) });
    expect(status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'MAX_DEPTH_EXCEEDED', limit: 8 });
    expect(result.errors?.[0]?.message).toBe('Query depth limit of 8 exceeded, found 10.');
  });

  it('refuses an alias bomb with MAX_ALIASES_EXCEEDED', async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: package(id: "p1") { id }`).join(' ')} }`;
    expect((await run(server, { query: aliases(100) })).result.errors).toBeUndefined();
    const { status, result } = await run(server, { query: aliases(101) });
    expect(status).toBe(400);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'MAX_ALIASES_EXCEEDED', limit: 100 });
  });

  it('counts aliases inside fragments each time the fragment is spread', async () => {
    const fields = Array.from({ length: 51 }, (_, i) => `x${i}: id`).join(' ');
    const query = `{ a: package(id: "p1") { ...F } b: package(id: "p1") { ...F } }
      fragment F on Package { ${fields} }`;
    expect(firstCode((await run(server, { query })).result)).toBe('MAX_ALIASES_EXCEEDED');
  });

  it('refuses a directive bomb with MAX_DIRECTIVES_EXCEEDED', async () => {
    const directives = (n: number) =>
      `{ package(id: "p1") { ${'id @skip(if: false) '.repeat(n)} } }`;
    expect((await run(server, { query: directives(20) })).result.errors).toBeUndefined();
    const { status, result } = await run(server, { query: directives(21) });
    expect(status).toBe(400);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'MAX_DIRECTIVES_EXCEEDED', limit: 20 });
  });

  it('refuses a token bomb while parsing, with GRAPHQL_PARSE_FAILED', async () => {
    const query = `{ package(id: "p1") { ${'id '.repeat(5000)} } }`;
    const { status, result } = await run(server, { query });
    expect(status).toBe(400);
    expect(firstCode(result)).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.errors?.[0]?.message).toMatch(/5000 tokens/);
  });

  it('accepts custom limits and refuses nonsense ones', async () => {
    const strictServer = await startFixtureServer({ env: { GRAPHQL_MAX_DEPTH: '2' } });
    try {
      const { result } = await run(strictServer, {
        query: '{ package(id: "p1") { productInstances { id } } }',
      });
      expect(result.errors?.[0]?.extensions).toEqual({ code: 'MAX_DEPTH_EXCEEDED', limit: 2 });
    } finally {
      await strictServer.stop();
    }
    const defaults = loadConfig({}).graphql;
    expect(() => createQueryLimitsCheck({ ...defaults, maxAliases: 0 })).toThrow(/maxAliases/);
    expect(() => createQueryLimitsCheck({ ...defaults, maxTokens: 1.5 })).toThrow(/maxTokens/);
  });
});
