/**
 * Turns authenticator options into what `jose.jwtVerify` needs: a key (or key resolver) and the
 * accepted algorithms. Everything is checked here, synchronously, so a bad key or an algorithm
 * that does not fit the key fails at start-up with `AuthConfigError` instead of on a request.
 * Symmetric and asymmetric algorithms are never mixed (no algorithm-confusion attacks).
 */
import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { AuthConfigError } from './authentication-error';

/** Expectations shared by every kind of key. */
export interface TokenExpectations {
  /** Required `iss` value(s); unchecked when absent. */
  readonly issuer?: string | readonly string[];
  /** Required `aud` value(s); unchecked when absent. */
  readonly audience?: string | readonly string[];
  /** Leeway for `exp`/`nbf`/`iat`, in seconds; default 30. */
  readonly clockToleranceSec?: number;
  /** Accepted `alg` values; defaults depend on the kind (see `AuthOptions`). */
  readonly algorithms?: readonly string[];
  /** Clock for `exp`/`nbf`, in epoch milliseconds; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * How tokens are verified:
 * - `hmac`: a shared secret (UTF-8 string or bytes) of at least 32 bytes (48 for HS384, 64 for
 *   HS512); algorithms default `['HS256']`.
 * - `public-key`: a PEM `-----BEGIN PUBLIC KEY-----` (SPKI); algorithms default to the one that
 *   fits the key (RSA → RS256, P-256 → ES256, P-384 → ES384, P-521 → ES512, Ed25519 → EdDSA).
 * - `jwks`: a parsed local JWKS document (public keys only); algorithms default
 *   `['RS256', 'ES256']`; the key is picked by `kid`/`alg`.
 */
export type AuthOptions =
  | ({ readonly kind: 'hmac'; readonly secret: string | Uint8Array } & TokenExpectations)
  | ({ readonly kind: 'public-key'; readonly publicKeyPem: string } & TokenExpectations)
  | ({ readonly kind: 'jwks'; readonly jwks: JSONWebKeySet } & TokenExpectations);

export interface VerificationKey {
  readonly key: KeyObject | JWTVerifyGetKey;
  readonly algorithms: readonly string[];
}

/** Minimum secret length per HMAC algorithm (RFC 7518 §3.2: at least the hash size). */
export const HMAC_MIN_SECRET_BYTES: Readonly<Record<string, number>> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
};

type KeyShape = { type: string; curve?: string };

/** Which Node key shapes each asymmetric algorithm accepts. */
const ASYMMETRIC_KEY_SHAPES: Readonly<Record<string, readonly KeyShape[]>> = {
  RS256: [{ type: 'rsa' }],
  RS384: [{ type: 'rsa' }],
  RS512: [{ type: 'rsa' }],
  PS256: [{ type: 'rsa' }, { type: 'rsa-pss' }],
  PS384: [{ type: 'rsa' }, { type: 'rsa-pss' }],
  PS512: [{ type: 'rsa' }, { type: 'rsa-pss' }],
  ES256: [{ type: 'ec', curve: 'prime256v1' }],
  ES384: [{ type: 'ec', curve: 'secp384r1' }],
  ES512: [{ type: 'ec', curve: 'secp521r1' }],
  EdDSA: [{ type: 'ed25519' }, { type: 'ed448' }],
};

/** The secret's bytes; strings are taken as UTF-8. */
export function secretBytes(secret: string | Uint8Array): Uint8Array {
  return typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
}

/** Throws `AuthConfigError` unless `secret` is long enough for `algorithm`. */
export function assertHmacSecret(secret: string | Uint8Array, algorithm = 'HS256'): void {
  const minimum = HMAC_MIN_SECRET_BYTES[algorithm];
  if (minimum === undefined) throw new AuthConfigError(`unsupported HMAC algorithm ${algorithm}`);
  if (secretBytes(secret).length < minimum) {
    throw new AuthConfigError(`the ${algorithm} secret must be at least ${minimum} bytes long`);
  }
}

function hmacKey(secret: string | Uint8Array, requested?: readonly string[]): VerificationKey {
  const algorithms = requested ?? ['HS256'];
  if (algorithms.length === 0) throw new AuthConfigError('no algorithms accepted');
  for (const algorithm of algorithms) assertHmacSecret(secret, algorithm);
  return { key: createSecretKey(secretBytes(secret)), algorithms };
}

function fits(key: KeyObject, algorithm: string): boolean {
  const shapes = ASYMMETRIC_KEY_SHAPES[algorithm] ?? [];
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return shapes.some(
    (shape) =>
      shape.type === key.asymmetricKeyType && (shape.curve === undefined || shape.curve === curve),
  );
}

function publicKey(pem: string, requested?: readonly string[]): VerificationKey {
  // A private key would also import (Node derives its public half); refuse it: it has no
  // business in the gateway's configuration.
  if (!/^\s*-----BEGIN PUBLIC KEY-----/.test(pem)) {
    throw new AuthConfigError('the public key must be a PEM "BEGIN PUBLIC KEY" (SPKI) block');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new AuthConfigError('the public key PEM could not be parsed');
  }
  const algorithms =
    requested ??
    Object.keys(ASYMMETRIC_KEY_SHAPES)
      .filter((alg) => fits(key, alg))
      .slice(0, 1);
  if (algorithms.length === 0) throw new AuthConfigError('no algorithm fits the public key');
  for (const algorithm of algorithms) {
    if (!fits(key, algorithm)) {
      throw new AuthConfigError(`algorithm ${algorithm} does not fit the public key`);
    }
  }
  return { key, algorithms };
}

function jwksKey(jwks: JSONWebKeySet, requested?: readonly string[]): VerificationKey {
  const keys: unknown = (jwks as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new AuthConfigError('the JWKS must have a non-empty "keys" array');
  }
  for (const jwk of keys as Record<string, unknown>[]) {
    if (jwk['kty'] === 'oct' || 'd' in jwk || 'k' in jwk) {
      throw new AuthConfigError('the JWKS must hold public keys only');
    }
  }
  const algorithms = requested ?? ['RS256', 'ES256'];
  if (algorithms.length === 0) throw new AuthConfigError('no algorithms accepted');
  for (const algorithm of algorithms) {
    if (ASYMMETRIC_KEY_SHAPES[algorithm] === undefined) {
      throw new AuthConfigError(`algorithm ${algorithm} is not an accepted asymmetric algorithm`);
    }
  }
  try {
    return { key: createLocalJWKSet(jwks), algorithms };
  } catch {
    throw new AuthConfigError('the JWKS is invalid');
  }
}

/** Validates the options and prepares the verification key; throws `AuthConfigError`. */
export function verificationKeyOf(options: AuthOptions): VerificationKey {
  switch (options.kind) {
    case 'hmac':
      return hmacKey(options.secret, options.algorithms);
    case 'public-key':
      return publicKey(options.publicKeyPem, options.algorithms);
    case 'jwks':
      return jwksKey(options.jwks, options.algorithms);
  }
}
