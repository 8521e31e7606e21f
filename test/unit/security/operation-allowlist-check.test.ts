import { createManifestPersistedQueryCache } from '../../../src/graphql/pipeline/apollo-adapter';
import { createOperationAllowlistCheck } from '../../../src/security/operation-allowlist-check';
import { sha256Hex } from '../../../src/security/operation-manifest';
import { firstCode, run, startFixtureServer, type FixtureServer } from './fixture-schema';

const ALLOWED = 'query Card($id: ID!) { package(id: $id) { id } }';
const OTHER = '{ package(id: "p1") { id productInstances { id } } }';
const manifest = {
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: [{ id: sha256Hex(ALLOWED), body: ALLOWED, name: 'Card', type: 'query' }],
};

/** The manifest as a file named by `GRAPHQL_OPERATION_ALLOWLIST_FILE`, as in production. */
const ALLOWLIST = {
  env: { GRAPHQL_OPERATION_ALLOWLIST_FILE: '/etc/gateway/allowlist.json' },
  files: { '/etc/gateway/allowlist.json': JSON.stringify(manifest) },
};

describe('allowlist mode', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer(ALLOWLIST);
  });
  afterAll(() => server.stop());

  it('runs a registered operation sent in full', async () => {
    const { result } = await run(server, { query: ALLOWED, variables: { id: 'p1' } });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ package: { id: 'p1' } });
  });

  it('runs a registered operation sent by hash only', async () => {
    const { result } = await run(server, {
      variables: { id: 'p1' },
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(ALLOWED) } },
    });
    expect(result.data).toEqual({ package: { id: 'p1' } });
  });

  it('refuses any other operation before execution', async () => {
    const { status, result } = await run(server, { query: OTHER });
    expect(status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_ALLOWED' });
  });

  it('refuses a registered text with an edit, even a whitespace one', async () => {
    const { result } = await run(server, { query: `${ALLOWED} `, variables: { id: 'p1' } });
    expect(firstCode(result)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('does not let automatic persisted queries register new operations', async () => {
    const hash = sha256Hex(OTHER);
    const persistedQuery = { version: 1, sha256Hash: hash };
    const registering = await run(server, { query: OTHER, extensions: { persistedQuery } });
    expect(firstCode(registering.result)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    const byHash = await run(server, { extensions: { persistedQuery } });
    expect(firstCode(byHash.result)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses a registered hash paired with other text', async () => {
    const { result } = await run(server, {
      query: OTHER,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(ALLOWED) } },
    });
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
  });

  it('refuses a manifest whose ids do not match their bodies', () => {
    const forged = { operations: [{ id: sha256Hex(ALLOWED), body: OTHER }] };
    expect(() => createOperationAllowlistCheck({ manifest: forged })).toThrow(/SHA-256/);
    expect(() => createOperationAllowlistCheck({ manifest: {} })).toThrow(/operations/);
    expect(() => createManifestPersistedQueryCache({ operations: [{ id: 1 }] })).toThrow(/id/);
  });
});

describe('check order', () => {
  it('runs the allowlist before the query limits, and the limits before the cost', async () => {
    const limits = { GRAPHQL_MAX_DEPTH: '2', GRAPHQL_MAX_COST: '1' };
    const allowlisted = await startFixtureServer({
      ...ALLOWLIST,
      env: { ...ALLOWLIST.env, ...limits },
    });
    const open = await startFixtureServer({ env: limits });
    const query =
      '{ a: package(id: "p1") { productInstances { package { id } } } b: package(id: "p2") { id } }';
    try {
      expect(firstCode((await run(allowlisted, { query })).result)).toBe(
        'PERSISTED_QUERY_NOT_ALLOWED',
      );
      expect(firstCode((await run(open, { query })).result)).toBe('MAX_DEPTH_EXCEEDED');
    } finally {
      await allowlisted.stop();
      await open.stop();
    }
  });
});
