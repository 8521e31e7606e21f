/**
 * Persisted operations over real HTTP: automatic persisted queries (register once, then send
 * the hash only) and allowlist mode, where only the manifest's operations run and nothing can
 * be registered.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { sha256Hex } from '../../../src/security/operation-manifest';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { errorCodes, graphqlGetPath, postGraphQL, send } from '../../helpers/gateway-http';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const LISTED = 'query Own { packages(first: 5) { edges { node { id } } } }';
const UNLISTED = 'query Other { packages(first: 1) { edges { node { id accountId } } } }';
const OWN_DATA = { data: { packages: { edges: [{ node: { id: packageId(1) } }] } } };

function persisted(hash: string) {
  return { persistedQuery: { version: 1, sha256Hash: hash } };
}

let auth: Record<string, string>;

beforeAll(async () => {
  auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
});

async function startSeeded(env: Record<string, string>): Promise<TestGateway> {
  const gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV, ...env } });
  gw.emulator.control.seed({ packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })] });
  return gw;
}

describe('automatic persisted queries', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startSeeded({});
  });
  afterAll(async () => {
    await gw.close();
  });

  it('run a hash-only request after the registration', async () => {
    const hash = sha256Hex(LISTED);
    const before = await postGraphQL(gw, { extensions: persisted(hash) }, auth);
    expect(errorCodes(before.json())).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

    const registration = await postGraphQL(
      gw,
      { query: LISTED, extensions: persisted(hash) },
      auth,
    );
    expect(registration.json()).toEqual(OWN_DATA);

    const hashOnly = await postGraphQL(gw, { extensions: persisted(hash) }, auth);
    expect(hashOnly.status).toBe(200);
    expect(hashOnly.json()).toEqual(OWN_DATA);

    const hashOnlyGet = await send(gw, graphqlGetPath({ extensions: persisted(hash) }), {
      headers: { ...auth, 'apollo-require-preflight': 'true' },
    });
    expect(hashOnlyGet.json()).toEqual(OWN_DATA);
  });

  it('refuse a registration whose hash does not match its text', async () => {
    const response = await postGraphQL(
      gw,
      { query: UNLISTED, extensions: persisted(sha256Hex(LISTED)) },
      auth,
    );
    expect(response.status).toBe(400);
    expect(response.json().data).toBeUndefined();
  });
});

describe('allowlist mode (GRAPHQL_OPERATION_ALLOWLIST_FILE)', () => {
  let tempDir: string;
  let gw: TestGateway;

  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'gateway-allowlist-'));
    const manifestFile = join(tempDir, 'operations.json');
    await writeFile(
      manifestFile,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256Hex(LISTED), name: 'Own', type: 'query', body: LISTED }],
      }),
    );
    gw = await startSeeded({ GRAPHQL_OPERATION_ALLOWLIST_FILE: manifestFile });
  });
  beforeEach(() => gw.emulator.control.clearRequestLog());
  afterAll(async () => {
    await gw.close();
    await rm(tempDir, { recursive: true, force: true });
  });

  it('runs a listed operation sent in full', async () => {
    const response = await postGraphQL(gw, { query: LISTED }, auth);
    expect(response.json()).toEqual(OWN_DATA);
  });

  it('runs a listed operation sent as its hash only, with no registration', async () => {
    const response = await postGraphQL(gw, { extensions: persisted(sha256Hex(LISTED)) }, auth);
    expect(response.json()).toEqual(OWN_DATA);
  });

  it('refuses any other operation with PERSISTED_QUERY_NOT_ALLOWED, before the upstream', async () => {
    const response = await postGraphQL(gw, { query: UNLISTED }, auth);
    expect(response.status).toBe(400);
    expect(errorCodes(response.json())).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('cannot be extended by an APQ registration', async () => {
    const hash = sha256Hex(UNLISTED);
    const registration = await postGraphQL(
      gw,
      { query: UNLISTED, extensions: persisted(hash) },
      auth,
    );
    expect(errorCodes(registration.json())).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    const hashOnly = await postGraphQL(gw, { extensions: persisted(hash) }, auth);
    expect(errorCodes(hashOnly.json())).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('checks the allowlist before authorization scopes', async () => {
    const writeOnly = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.write]));
    const response = await postGraphQL(gw, { query: UNLISTED }, writeOnly);
    expect(errorCodes(response.json())).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
  });
});
