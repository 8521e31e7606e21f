/**
 * Authentication over real HTTP: every refused credential is a 401 `UNAUTHENTICATED` with a
 * fixed reason, decided before any upstream call, and no token ever reaches a response or a log.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { mintToken } from '../../../src/auth/mint-token';
import {
  bearer,
  generateTestKeyPair,
  HMAC_AUTH_ENV,
  signWith,
  TEST_JWT_SECRET,
  tokenFor,
} from '../../helpers/auth-tokens';
import { expectNotLogged } from '../../helpers/gateway-http';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../../helpers/test-gateway';

const OWN_PACKAGES = '{ packages(first: 5) { edges { node { id accountId } } } }';

/** Tokens used by the tests of one gateway; none may show up in a response or a log line. */
function tokenJournal() {
  const tokens: string[] = [];
  return {
    remember: (token: string) => {
      tokens.push(token);
      return token;
    },
    check(gateway: TestGateway, responses: readonly GraphQLResult[]) {
      for (const response of responses) {
        const text = JSON.stringify(response.body) + JSON.stringify([...response.headers]);
        for (const token of tokens) expect(text).not.toContain(token);
      }
      expectNotLogged(gateway, [...tokens, TEST_JWT_SECRET]);
    },
  };
}

function expectRefused(result: GraphQLResult, reason: string): void {
  expect(result.status).toBe(401);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors).toHaveLength(1);
  expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
  expect(result.headers.get('www-authenticate')).toMatch(/^Bearer realm="packages-gateway"/);
}

describe('HS256 shared secret', () => {
  let gw: TestGateway;
  const journal = tokenJournal();
  const responses: GraphQLResult[] = [];
  const run = async (headers: Record<string, string>) => {
    const result = await gw.graphql(OWN_PACKAGES, undefined, headers);
    responses.push(result);
    return result;
  };

  beforeAll(async () => {
    gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
    gw.emulator.control.seed({
      packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })],
    });
  });
  beforeEach(() => gw.emulator.control.clearRequestLog());
  afterAll(async () => {
    journal.check(gw, responses);
    await gw.close();
  });

  it('answers a request without a token with 401 and never calls the upstream', async () => {
    expectRefused(await run({}), 'missing_token');
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('refuses a non-bearer scheme and a malformed token', async () => {
    expectRefused(await run({ authorization: `Basic ${btoa('a:b')}` }), 'unsupported_scheme');
    expectRefused(await run(bearer('not-a-jwt')), 'malformed');
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('refuses an expired token (past the clock tolerance)', async () => {
    const expired = journal.remember(
      await tokenFor(DEMO_ACCOUNTS.customerA, undefined, { ttlSec: -120 }),
    );
    expectRefused(await run(bearer(expired)), 'expired');
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = journal.remember(
      await mintToken({
        secret: 'another-secret-of-at-least-32-bytes!!',
        accountId: DEMO_ACCOUNTS.customerA,
        scopes: ['packages:read'],
        ttlSec: 300,
      }),
    );
    expectRefused(await run(bearer(forged)), 'bad_signature');
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('refuses a token whose accountId is not a GUID', async () => {
    const { SignJWT } = await import('jose');
    const token = journal.remember(
      await new SignJWT({ accountId: 'customer-a', scope: 'packages:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(TEST_JWT_SECRET)),
    );
    expectRefused(await run(bearer(token)), 'invalid_claim');
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('serves a valid token, acting for its account only', async () => {
    const token = journal.remember(await tokenFor(DEMO_ACCOUNTS.customerA));
    const result = await run(bearer(token));
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      packages: { edges: [{ node: { id: packageId(1), accountId: DEMO_ACCOUNTS.customerA } }] },
    });
    const log = gw.emulator.control.requestLog();
    expect(log.length).toBeGreaterThan(0);
    for (const entry of log) expect(entry.headers['wix-account-id']).toBe(DEMO_ACCOUNTS.customerA);
  });
});

describe('issuer and audience', () => {
  let gw: TestGateway;
  const journal = tokenJournal();
  const responses: GraphQLResult[] = [];
  const ISSUER = 'https://issuer.test.example';
  const AUDIENCE = 'packages-gateway';

  beforeAll(async () => {
    gw = await startTestGateway({
      env: { ...HMAC_AUTH_ENV, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE },
    });
  });
  afterAll(async () => {
    journal.check(gw, responses);
    await gw.close();
  });

  const cases: [string, { issuer?: string; audience?: string }, string | undefined][] = [
    ['the right issuer and audience', { issuer: ISSUER, audience: AUDIENCE }, undefined],
    ['a wrong audience', { issuer: ISSUER, audience: 'another-api' }, 'wrong_audience'],
    ['no audience', { issuer: ISSUER }, 'missing_claim'],
    ['a wrong issuer', { issuer: 'https://evil.example', audience: AUDIENCE }, 'wrong_issuer'],
  ];
  it.each(cases)('with %s', async (_name, claims, reason) => {
    gw.emulator.control.clearRequestLog();
    const token = journal.remember(await tokenFor(DEMO_ACCOUNTS.customerA, undefined, claims));
    const result = await gw.graphql(OWN_PACKAGES, undefined, bearer(token));
    responses.push(result);
    if (reason === undefined) {
      expect(result.status).toBe(200);
      expect(result.body.data).toEqual({ packages: { edges: [] } });
    } else {
      expectRefused(result, reason);
      expect(gw.emulator.control.requestLog()).toEqual([]);
    }
  });
});

describe('asymmetric keys', () => {
  let tempDir: string;
  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'gateway-auth-'));
  });
  afterAll(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it('verifies RS256 tokens against AUTH_JWT_PUBLIC_KEY and refuses HS256 and foreign keys', async () => {
    const trusted = await generateTestKeyPair('RS256', 'rsa-1');
    const stranger = await generateTestKeyPair('RS256', 'rsa-1');
    const gw = await startTestGateway({ env: { AUTH_JWT_PUBLIC_KEY: trusted.publicKeyPem } });
    const journal = tokenJournal();
    const responses: GraphQLResult[] = [];
    try {
      const good = journal.remember(await signWith(trusted, DEMO_ACCOUNTS.customerB));
      const ok = await gw.graphql(OWN_PACKAGES, undefined, bearer(good));
      responses.push(ok);
      expect(ok.status).toBe(200);
      expect(ok.body.data).toEqual({ packages: { edges: [] } });
      expect(gw.emulator.control.requestLog()[0]?.headers['wix-account-id']).toBe(
        DEMO_ACCOUNTS.customerB,
      );

      gw.emulator.control.clearRequestLog();
      const foreign = journal.remember(await signWith(stranger, DEMO_ACCOUNTS.customerB));
      const refused = await gw.graphql(OWN_PACKAGES, undefined, bearer(foreign));
      responses.push(refused);
      expectRefused(refused, 'bad_signature');

      // Algorithm confusion: an HMAC token "signed" with anything must not pass an RSA key.
      const hmac = journal.remember(await tokenFor(DEMO_ACCOUNTS.customerB));
      const confused = await gw.graphql(OWN_PACKAGES, undefined, bearer(hmac));
      responses.push(confused);
      expectRefused(confused, 'unsupported_algorithm');
      expect(gw.emulator.control.requestLog()).toEqual([]);
      journal.check(gw, responses);
    } finally {
      await gw.close();
    }
  });

  it('verifies ES256 tokens against a JWKS file, picking the key by kid', async () => {
    const trusted = await generateTestKeyPair('ES256', 'ec-2024');
    const unknownKid = await generateTestKeyPair('ES256', 'ec-unknown');
    const jwksFile = join(tempDir, 'jwks.json');
    await writeFile(jwksFile, JSON.stringify(trusted.jwks));
    const gw = await startTestGateway({ env: { AUTH_JWKS_FILE: jwksFile } });
    const journal = tokenJournal();
    const responses: GraphQLResult[] = [];
    try {
      const good = journal.remember(await signWith(trusted, DEMO_ACCOUNTS.customerA));
      const ok = await gw.graphql(OWN_PACKAGES, undefined, bearer(good));
      responses.push(ok);
      expect(ok.status).toBe(200);
      expect(ok.body.data).toEqual({ packages: { edges: [] } });

      gw.emulator.control.clearRequestLog();
      const stray = journal.remember(await signWith(unknownKid, DEMO_ACCOUNTS.customerA));
      const refused = await gw.graphql(OWN_PACKAGES, undefined, bearer(stray));
      responses.push(refused);
      expectRefused(refused, 'unknown_key');
      expect(gw.emulator.control.requestLog()).toEqual([]);
      journal.check(gw, responses);
    } finally {
      await gw.close();
    }
  });
});
