import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type JWTPayload,
  type KeyLike,
} from 'jose';
import { AuthConfigError, AuthenticationError } from '../../../src/auth/authentication-error';
import { createAuthenticator } from '../../../src/auth/jwt-authenticator';
import { mintToken } from '../../../src/auth/mint-token';
import { SCOPE } from '../../../src/auth/scopes';

const SECRET = 'a-development-secret-of-at-least-32-bytes!';
const ACCOUNT = '0f2c5a4e-1b7d-4c3e-9a8f-6d5e4c3b2a19';
const SUB_A = '11111111-2222-4333-8444-555555555555';
const SUB_B = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';
const NOW_MS = Date.UTC(2025, 0, 15, 12, 0, 0);
const NOW_SEC = NOW_MS / 1000;

const hmac = createAuthenticator({ kind: 'hmac', secret: SECRET, now: () => NOW_MS });

function sign(claims: JWTPayload, key: KeyLike | Uint8Array, alg: string, kid?: string) {
  return new SignJWT(claims).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).sign(key);
}

function hsToken(claims: JWTPayload, secret = SECRET) {
  return sign(
    { accountId: ACCOUNT, scope: SCOPE.read, iat: NOW_SEC, exp: NOW_SEC + 600, ...claims },
    new TextEncoder().encode(secret),
    'HS256',
  );
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AuthenticationError);
    return (error as AuthenticationError).reason;
  }
  throw new Error('expected an AuthenticationError');
}

describe('createAuthenticator (HS256)', () => {
  it('turns a valid token into a caller', async () => {
    const token = await mintToken({
      secret: SECRET,
      accountId: ACCOUNT.toUpperCase(),
      scopes: [SCOPE.read, SCOPE.write],
      ttlSec: 600,
      subject: 'user-7',
      nowMs: NOW_MS,
    });
    const caller = await hmac.authenticate(`Bearer ${token}`);
    expect(caller.accountId).toBe(ACCOUNT);
    expect([...caller.scopes].sort()).toEqual([SCOPE.read, SCOPE.write]);
    expect(caller.visibleAccountIds).toEqual([ACCOUNT]);
    expect(caller.subject).toBe('user-7');
    expect(hmac.mode).toBe('jwt');
  });

  it('accepts the scheme in any case and surrounding whitespace', async () => {
    const token = await hsToken({});
    await expect(hmac.authenticate(`  bearer ${token} `)).resolves.toMatchObject({
      accountId: ACCOUNT,
    });
  });

  it.each([
    ['no header', undefined, 'missing_token'],
    ['an empty header', '', 'missing_token'],
    ['a bare scheme', 'Bearer', 'missing_token'],
    ['Basic credentials', 'Basic dXNlcjpwYXNz', 'unsupported_scheme'],
    ['garbage', 'Bearer not-a-jwt', 'malformed'],
    ['three segments of junk', 'Bearer aaa.bbb.ccc', 'malformed'],
    ['an oversized token', `Bearer ${'a'.repeat(9000)}.b.c`, 'malformed'],
  ])('refuses %s', async (_label, header, reason) => {
    expect(await reasonOf(hmac.authenticate(header))).toBe(reason);
  });

  it('refuses an expired token, honouring the clock tolerance', async () => {
    const justExpired = await hsToken({ exp: NOW_SEC - 10 });
    await expect(hmac.authenticate(`Bearer ${justExpired}`)).resolves.toBeDefined();
    const expired = await hsToken({ exp: NOW_SEC - 31 });
    expect(await reasonOf(hmac.authenticate(`Bearer ${expired}`))).toBe('expired');
  });

  it('refuses a token without exp', async () => {
    const token = await sign(
      { accountId: ACCOUNT, scope: SCOPE.read },
      new TextEncoder().encode(SECRET),
      'HS256',
    );
    expect(await reasonOf(hmac.authenticate(`Bearer ${token}`))).toBe('missing_claim');
  });

  it('refuses a token whose nbf is in the future', async () => {
    const token = await hsToken({ nbf: NOW_SEC + 120 });
    expect(await reasonOf(hmac.authenticate(`Bearer ${token}`))).toBe('not_yet_valid');
  });

  it('refuses a token signed with another secret', async () => {
    const token = await hsToken({}, 'another-secret-that-is-also-32-bytes-long');
    expect(await reasonOf(hmac.authenticate(`Bearer ${token}`))).toBe('bad_signature');
  });

  it('refuses a token whose payload was altered', async () => {
    const token = await hsToken({});
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ accountId: SUB_A, scope: SCOPE.write, exp: NOW_SEC + 600 }),
    ).toString('base64url');
    expect(await reasonOf(hmac.authenticate(`Bearer ${header}.${forged}.${signature}`))).toBe(
      'bad_signature',
    );
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ accountId: ACCOUNT, scope: SCOPE.write, exp: NOW_SEC + 600 }),
    ).toString('base64url');
    expect(await reasonOf(hmac.authenticate(`Bearer ${header}.${payload}.`))).toBe(
      'unsupported_algorithm',
    );
  });

  it.each([
    ['accountId missing', { accountId: undefined }, 'missing_claim'],
    ['accountId not a GUID', { accountId: 'acct-1' }, 'invalid_claim'],
    ['accountId not a string', { accountId: 42 }, 'invalid_claim'],
    ['scope missing', { scope: undefined }, 'missing_claim'],
    ['scope as an array', { scope: [SCOPE.read] }, 'invalid_claim'],
    ['subAccountIds not an array', { subAccountIds: SUB_A }, 'invalid_claim'],
    ['subAccountIds with a non-GUID', { subAccountIds: [SUB_A, 'nope'] }, 'invalid_claim'],
  ])('refuses a token with %s', async (_label, claims, reason) => {
    const token = await hsToken(claims as JWTPayload);
    expect(await reasonOf(hmac.authenticate(`Bearer ${token}`))).toBe(reason);
  });

  it('never puts the token in the error', async () => {
    const cases = [
      await hsToken({ exp: NOW_SEC - 600 }),
      await hsToken({}, 'another-secret-that-is-also-32-bytes-long'),
      await hsToken({ accountId: 'not-a-guid' }),
    ];
    for (const token of cases) {
      const error = await hmac.authenticate(`Bearer ${token}`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      const serialized = JSON.stringify({
        message: (error as Error).message,
        stack: (error as Error).stack,
        json: (error as AuthenticationError).toJSON(),
      });
      for (const segment of token.split('.')) expect(serialized).not.toContain(segment);
    }
  });

  it('exposes UNAUTHENTICATED with a 401 and a Bearer challenge', async () => {
    const error = (await hmac
      .authenticate(undefined)
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error.extensions['code']).toBe('UNAUTHENTICATED');
    expect(error.extensions['reason']).toBe('missing_token');
    expect(error.httpStatus).toBe(401);
    expect(error.wwwAuthenticate).toBe('Bearer realm="packages-gateway"');
    const invalid = (await hmac
      .authenticate('Bearer x.y.z')
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(invalid.wwwAuthenticate).toContain('error="invalid_token"');
  });
});

describe('issuer and audience', () => {
  const strict = createAuthenticator({
    kind: 'hmac',
    secret: SECRET,
    issuer: 'https://issuer.example',
    audience: 'packages-gateway',
    now: () => NOW_MS,
  });

  it('accepts the configured issuer and audience', async () => {
    const token = await hsToken({
      iss: 'https://issuer.example',
      aud: ['other', 'packages-gateway'],
    });
    await expect(strict.authenticate(`Bearer ${token}`)).resolves.toMatchObject({
      accountId: ACCOUNT,
    });
  });

  it('refuses a wrong or absent audience', async () => {
    const wrong = await hsToken({ iss: 'https://issuer.example', aud: 'someone-else' });
    expect(await reasonOf(strict.authenticate(`Bearer ${wrong}`))).toBe('wrong_audience');
    const absent = await hsToken({ iss: 'https://issuer.example' });
    expect(await reasonOf(strict.authenticate(`Bearer ${absent}`))).toBe('missing_claim');
  });

  it('refuses a wrong issuer', async () => {
    const token = await hsToken({ iss: 'https://evil.example', aud: 'packages-gateway' });
    expect(await reasonOf(strict.authenticate(`Bearer ${token}`))).toBe('wrong_issuer');
  });
});

describe('sub-account scope', () => {
  it('widens visibleAccountIds only with packages:read:subaccounts', async () => {
    const widened = await hmac.authenticate(
      `Bearer ${await hsToken({
        scope: `${SCOPE.read} ${SCOPE.readSubAccounts}`,
        subAccountIds: [SUB_A, SUB_B, ACCOUNT, SUB_A],
      })}`,
    );
    expect(widened.visibleAccountIds).toEqual([ACCOUNT, SUB_A, SUB_B.toLowerCase()]);

    const notWidened = await hmac.authenticate(
      `Bearer ${await hsToken({ scope: SCOPE.read, subAccountIds: [SUB_A] })}`,
    );
    expect(notWidened.visibleAccountIds).toEqual([ACCOUNT]);
  });

  it('keeps only the own account when the scope comes without a list', async () => {
    const caller = await hmac.authenticate(
      `Bearer ${await hsToken({ scope: `${SCOPE.read} ${SCOPE.readSubAccounts}` })}`,
    );
    expect(caller.visibleAccountIds).toEqual([ACCOUNT]);
  });

  it('refuses an oversized sub-account list', async () => {
    const many = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
    );
    const token = await hsToken({ scope: SCOPE.readSubAccounts, subAccountIds: many });
    expect(await reasonOf(hmac.authenticate(`Bearer ${token}`))).toBe('invalid_claim');
  });
});

describe('asymmetric keys', () => {
  const claims = { accountId: ACCOUNT, scope: SCOPE.read, exp: NOW_SEC + 600 };

  it('verifies RS256 with an SPKI PEM, refusing another key and HS256 tokens', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const authenticator = createAuthenticator({
      kind: 'public-key',
      publicKeyPem: await exportSPKI(publicKey),
      now: () => NOW_MS,
    });
    const good = await sign(claims, privateKey, 'RS256');
    await expect(authenticator.authenticate(`Bearer ${good}`)).resolves.toMatchObject({
      accountId: ACCOUNT,
    });
    const forged = await sign(claims, other.privateKey, 'RS256');
    expect(await reasonOf(authenticator.authenticate(`Bearer ${forged}`))).toBe('bad_signature');
    const hs = await hsToken({});
    expect(await reasonOf(authenticator.authenticate(`Bearer ${hs}`))).toBe(
      'unsupported_algorithm',
    );
  });

  it('verifies ES256 with an SPKI PEM', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const authenticator = createAuthenticator({
      kind: 'public-key',
      publicKeyPem: await exportSPKI(publicKey),
      issuer: 'https://issuer.example',
      now: () => NOW_MS,
    });
    const token = await sign({ ...claims, iss: 'https://issuer.example' }, privateKey, 'ES256');
    await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toMatchObject({
      accountId: ACCOUNT,
    });
  });

  it('verifies with a local JWKS, choosing the key by kid', async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    const jwks = {
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      ],
    };
    const authenticator = createAuthenticator({ kind: 'jwks', jwks, now: () => NOW_MS });
    for (const [key, alg, kid] of [
      [rsa.privateKey, 'RS256', 'rsa-1'],
      [ec.privateKey, 'ES256', 'ec-1'],
    ] as const) {
      const token = await sign(claims, key, alg, kid);
      await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toMatchObject({
        accountId: ACCOUNT,
      });
    }
    const unknownKid = await sign(claims, rsa.privateKey, 'RS256', 'rsa-2');
    expect(await reasonOf(authenticator.authenticate(`Bearer ${unknownKid}`))).toBe('unknown_key');
  });
});

describe('configuration errors', () => {
  it('refuses an HS256 secret shorter than 32 bytes', () => {
    expect(() => createAuthenticator({ kind: 'hmac', secret: 'x'.repeat(31) })).toThrow(
      AuthConfigError,
    );
    expect(() => createAuthenticator({ kind: 'hmac', secret: 'x'.repeat(32) })).not.toThrow();
  });

  it('refuses asymmetric algorithms with a secret and HMAC with a public key', async () => {
    expect(() =>
      createAuthenticator({ kind: 'hmac', secret: SECRET, algorithms: ['RS256'] }),
    ).toThrow(AuthConfigError);
    const { publicKey } = await generateKeyPair('RS256');
    const pem = await exportSPKI(publicKey);
    expect(() =>
      createAuthenticator({ kind: 'public-key', publicKeyPem: pem, algorithms: ['HS256'] }),
    ).toThrow(AuthConfigError);
    expect(() =>
      createAuthenticator({ kind: 'public-key', publicKeyPem: pem, algorithms: ['ES256'] }),
    ).toThrow(AuthConfigError);
  });

  it('refuses a private key, junk PEM, and a JWKS with private or symmetric keys', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privatePem = (privateKey as KeyObject).export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(createPublicKey(privatePem).type).toBe('public'); // Node would silently derive it
    expect(() => createAuthenticator({ kind: 'public-key', publicKeyPem: privatePem })).toThrow(
      AuthConfigError,
    );
    expect(() =>
      createAuthenticator({
        kind: 'public-key',
        publicKeyPem: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----',
      }),
    ).toThrow(AuthConfigError);
    const privateJwk = await exportJWK(privateKey);
    expect(() => createAuthenticator({ kind: 'jwks', jwks: { keys: [privateJwk] } })).toThrow(
      AuthConfigError,
    );
    expect(() =>
      createAuthenticator({ kind: 'jwks', jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }),
    ).toThrow(AuthConfigError);
    expect(() => createAuthenticator({ kind: 'jwks', jwks: { keys: [] } })).toThrow(
      AuthConfigError,
    );
  });
});
