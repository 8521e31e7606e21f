/**
 * Tokens for HTTP-level tests: a shared HS256 secret with the gateway env that trusts it, and
 * freshly generated RS256 / ES256 key pairs (PEM and JWKS) for the asymmetric modes.
 */
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { mintToken, type MintTokenOptions } from '../../src/auth/mint-token';
import { SCOPE } from '../../src/auth/scopes';

/** The HS256 secret test gateways are configured with (≥ 32 bytes). */
export const TEST_JWT_SECRET = 'integration-jwt-secret-5b8e0c2d-do-not-log-me';

/** Gateway env that verifies HS256 tokens signed with `TEST_JWT_SECRET`. */
export const HMAC_AUTH_ENV: Readonly<Record<string, string>> = Object.freeze({
  AUTH_JWT_SECRET: TEST_JWT_SECRET,
});

export type TokenOverrides = Partial<Omit<MintTokenOptions, 'accountId' | 'scopes'>>;

/** An HS256 token for `accountId` with `scopes` (default `packages:read`), valid 5 minutes. */
export function tokenFor(
  accountId: string,
  scopes: readonly string[] = [SCOPE.read],
  overrides: TokenOverrides = {},
): Promise<string> {
  return mintToken({ secret: TEST_JWT_SECRET, accountId, scopes, ttlSec: 300, ...overrides });
}

/** The `Authorization` header for a bearer token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A generated asymmetric key pair with its public half in both published forms. */
export interface TestKeyPair {
  readonly alg: 'RS256' | 'ES256';
  readonly kid: string;
  readonly privateKey: KeyLike;
  /** `-----BEGIN PUBLIC KEY-----` (SPKI) PEM. */
  readonly publicKeyPem: string;
  /** A JWKS document holding only the public key. */
  readonly jwks: { keys: Record<string, unknown>[] };
}

/** Generates a fresh key pair for `alg`. */
export async function generateTestKeyPair(
  alg: 'RS256' | 'ES256',
  kid: string,
): Promise<TestKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  return {
    alg,
    kid,
    privateKey,
    publicKeyPem: await exportSPKI(publicKey),
    jwks: { keys: [{ ...jwk, kid, alg, use: 'sig' }] },
  };
}

/** A token in the gateway's claims contract signed with `pair`'s private key. */
export function signWith(
  pair: TestKeyPair,
  accountId: string,
  scopes: readonly string[] = [SCOPE.read],
): Promise<string> {
  return new SignJWT({ accountId, scope: scopes.join(' ') })
    .setProtectedHeader({ alg: pair.alg, kid: pair.kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(pair.privateKey);
}
