import { parse } from 'graphql';
import { createCostCheck, variablesAffectingCost } from '../../../src/security/cost-check';
import {
  estimateQueryCost,
  PACKAGES_COST_MODEL,
  type QueryCost,
} from '../../../src/security/query-cost';
import {
  firstCode,
  fixtureSchema,
  run,
  startFixtureServer,
  type FixtureServer,
} from './fixture-schema';

const BOMB = `{
  packages(first: 100) { edges { node { productInstances {
    referenceProductInstance { package { productInstances { id } } }
  } } } }
}`;

const DASHBOARD = `query Dashboard {
  packages(first: 20) {
    edges { node { id productInstances { id instanceId status referenceProductInstance { id } } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

/** Cheap by expectation, ruinous at maximum size: a lookup under instances under instances. */
const NESTED_FAN_OUT = `{
  packages(first: 1) { edges { node { productInstances {
    package { productInstances { referenceProductInstance { id } } }
  } } } }
}`;

function cost(query: string, variables?: Record<string, unknown>): QueryCost {
  return estimateQueryCost({
    schema: fixtureSchema,
    document: parse(query),
    ...(variables ? { variables } : {}),
  });
}

describe('estimateQueryCost', () => {
  it('charges 1 per lookup, 1 per 100 embedded items, and nothing for a primed package', () => {
    // 1 + 10 instances × 0.01 (rounded up); worst case 1 + 1000 × 0.01
    expect(cost('{ package(id: "p1") { id productInstances { id status } } }')).toEqual({
      expected: 2,
      worstCase: 11,
    });
    // an instance always arrives inside its package: `package` is served from the loader cache
    expect(cost('{ productInstance(instanceId: "i1") { package { id } } }')).toEqual({
      expected: 1,
      worstCase: 1,
    });
  });

  it('multiplies page selections by first (default 20 from the schema, variables honoured)', () => {
    // per package: 10 instances × (1 reference lookup + 0.01 for the item itself)
    const perPackageLookup =
      'edges { node { productInstances { referenceProductInstance { id } } } }';
    expect(cost(`{ packages { ${perPackageLookup} } }`).expected).toBe(1 + 20 * 10.1);
    expect(cost(`{ packages(first: 5) { ${perPackageLookup} } }`).expected).toBe(52);
    expect(
      cost(`query Q($n: Int) { packages(first: $n) { ${perPackageLookup} } }`, { n: 50 }).expected,
    ).toBe(1 + 50 * 10.1);
  });

  it('prices the dashboard query and the bomb', () => {
    // 1 page + totalCount 1 (once, not per item) + 20 packages × 10 instances × (1 lookup + 0.01)
    expect(cost(DASHBOARD)).toEqual({ expected: 204, worstCase: 2 + 20 * 1000 * 1.01 });
    // totalCount under a directive is not separable: charged per item (conservative)
    expect(cost('{ packages { totalCount @include(if: true) } }').expected).toBe(1 + 20);
    // 1 + 100 × n × (reference 1 + its package's n instances × 0.01 + 0.01), n = 10 or 1000
    expect(cost(BOMB)).toEqual({ expected: 1111, worstCase: 1 + 100 * 1000 * 11.01 });
    // 1 + n × (n × (1 + 0.01) + 0.01)
    expect(cost(NESTED_FAN_OUT)).toEqual({ expected: 103, worstCase: 1_010_011 });
  });

  it('charges each mutation root field as one call', () => {
    expect(
      cost('mutation { a: cancelPackage(id: "1") { id } b: cancelPackage(id: "2") { id } }'),
    ).toEqual({
      expected: 2,
      worstCase: 2,
    });
  });
});

describe('the cost check in the pipeline', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer({ env: { GRAPHQL_MAX_COST: '1000' } });
  });
  afterAll(() => server.stop());

  it('lets the dashboard query run', async () => {
    const { result } = await run(server, { query: DASHBOARD });
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ packages: { totalCount: 1 } });
    expect(cost(DASHBOARD)).toEqual({ expected: 204, worstCase: 20_202 });
  });

  it('refuses the bomb before execution with QUERY_TOO_COMPLEX', async () => {
    const { status, result } = await run(server, { query: BOMB });
    expect(status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      cost: 1111,
      worstCaseCost: 1_101_001,
      maxCost: 1000,
      maxWorstCaseCost: 250_000,
    });
    expect(result.errors?.[0]?.message).toBe('Query cost 1111 exceeds the limit of 1000.');
  });

  it('refuses nested fan-out on its worst case', async () => {
    const { result } = await run(server, { query: NESTED_FAN_OUT });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      cost: 103,
      worstCaseCost: 1_010_011,
    });
  });

  it('prices first from variables', async () => {
    const query = `query Q($n: Int) { packages(first: $n) { edges { node { productInstances { referenceProductInstance { id } } } } } }`;
    // 1 + 98 × 10.1 = 990.8 → 991 fits 1000; 1 + 99 × 10.1 = 1000.9 → 1001 does not
    expect((await run(server, { query, variables: { n: 98 } })).result.errors).toBeUndefined();
    expect(firstCode((await run(server, { query, variables: { n: 99 } })).result)).toBe(
      'QUERY_TOO_COMPLEX',
    );
  });

  it('leaves variables that do not coerce to execution', async () => {
    const query = 'query Q($n: Int) { packages(first: $n) { totalCount } }';
    const { result } = await run(server, { query, variables: { n: 'many' } });
    expect(firstCode(result)).toBe('BAD_USER_INPUT');
  });

  it('refuses a fragment explosion too large to estimate', async () => {
    const fragments = Array.from(
      { length: 16 },
      (_, i) => `fragment F${i} on Package { id ${i < 15 ? `...F${i + 1} ...F${i + 1}` : ''} }`,
    ).join('\n');
    const { result } = await run(server, {
      query: `{ package(id: "p1") { ...F0 } }\n${fragments}`,
    });
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      maxCost: 1000,
      maxWorstCaseCost: 250_000,
    });
  });

  it('refuses a model that names fields the schema lacks, and bad budgets', () => {
    const drifted = { ...PACKAGES_COST_MODEL, lookups: ['Package.owner'] };
    const budgets = { maxCost: 1, maxWorstCaseCost: 250_000 };
    expect(() => createCostCheck({ ...budgets, schema: fixtureSchema, model: drifted })).toThrow(
      /Package\.owner/,
    );
    expect(() => createCostCheck({ ...budgets, maxCost: 0, schema: fixtureSchema })).toThrow(
      /maxCost/,
    );
  });
});

describe('variablesAffectingCost', () => {
  it('keeps only variables that feed `first` or @include/@skip', () => {
    const document = parse(`query Q($a: ID!, $b: ID!, $n: Int, $show: Boolean!, $f: PackageFilter) {
      x: package(id: $a) { id }
      y: package(id: $b) { id productInstances @include(if: $show) { id } }
      packages(first: $n, filter: $f) { totalCount }
    }`);
    expect(variablesAffectingCost(document)).toEqual(['n', 'show']);
  });
});
