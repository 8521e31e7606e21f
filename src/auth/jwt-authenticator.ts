/**
 * Bearer JWT authentication with `jose`: signature, algorithm allowlist, `exp` (required),
 * `nbf`, `iss`/`aud` when configured, then the claims contract of `caller-claims.ts`.
 * Every verification failure becomes an `AuthenticationError` with a fixed reason.
 */
import { errors, jwtVerify, type JWTVerifyOptions } from 'jose';
import { AuthenticationError, type AuthenticationFailureReason } from './authentication-error';
import type { Authenticator } from './authenticator';
import { bearerTokenOf } from './bearer-token';
import { callerFromClaims } from './caller-claims';
import { verificationKeyOf, type AuthOptions } from './verification-key';
import { createVerifiedTokenCache } from './verified-token-cache';

export type { AuthOptions, TokenExpectations } from './verification-key';

const DEFAULT_CLOCK_TOLERANCE_SEC = 30;
/** Verified tokens remembered until their `exp` (one entry per active frontend session). */
const VERIFIED_TOKEN_CACHE_SIZE = 10_000;
/** How clients spell the header (RFC 6750 §2.1): the scheme as registered, one space. */
const CANONICAL_BEARER_PREFIX = 'Bearer ';

function claimFailureReason(error: errors.JWTClaimValidationFailed): AuthenticationFailureReason {
  if (error.reason === 'missing') return 'missing_claim';
  switch (error.claim) {
    case 'nbf':
    case 'iat':
      return error.reason === 'check_failed' ? 'not_yet_valid' : 'invalid_claim';
    case 'iss':
      return 'wrong_issuer';
    case 'aud':
      return 'wrong_audience';
    default:
      return 'invalid_claim';
  }
}

/** Maps a `jose` failure to a safe reason; anything unexpected counts as a malformed token. */
export function failureReasonOf(error: unknown): AuthenticationFailureReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailureReason(error);
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'unsupported_algorithm';
  }
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return 'unknown_key';
  }
  return 'malformed';
}

/**
 * Creates the JWT authenticator. Validates the options at once (`AuthConfigError` for a short
 * secret, an unparsable or private key, a private JWKS, or algorithms that do not fit the key).
 */
export function createAuthenticator(options: AuthOptions): Authenticator {
  const { key, algorithms } = verificationKeyOf(options);
  const baseVerifyOptions: JWTVerifyOptions = {
    algorithms: [...algorithms],
    requiredClaims: ['exp'],
    clockTolerance: options.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC,
    ...(options.issuer === undefined
      ? {}
      : { issuer: typeof options.issuer === 'string' ? options.issuer : [...options.issuer] }),
    ...(options.audience === undefined
      ? {}
      : {
          audience: typeof options.audience === 'string' ? options.audience : [...options.audience],
        }),
  };
  const now = options.now;

  async function verify(token: string): Promise<Record<string, unknown>> {
    const verifyOptions = now
      ? { ...baseVerifyOptions, currentDate: new Date(now()) }
      : baseVerifyOptions;
    try {
      // Two calls only because jose's overloads separate keys from key resolvers.
      const { payload } =
        typeof key === 'function'
          ? await jwtVerify(token, key, verifyOptions)
          : await jwtVerify(token, key, verifyOptions);
      return payload;
    } catch (error) {
      throw new AuthenticationError(failureReasonOf(error));
    }
  }

  const verified = createVerifiedTokenCache(VERIFIED_TOKEN_CACHE_SIZE);
  return {
    mode: 'jwt',
    async authenticate(authorizationHeader) {
      const nowMs = now ? now() : Date.now();
      // The usual spelling, `Bearer <token>` with one space, is looked up without parsing it: a
      // token in the cache was found well-formed when it was verified, so `bearerTokenOf` would
      // return exactly the text after the space.
      if (authorizationHeader?.startsWith(CANONICAL_BEARER_PREFIX)) {
        const remembered = verified.get(
          authorizationHeader.slice(CANONICAL_BEARER_PREFIX.length),
          nowMs,
        );
        if (remembered !== undefined) return remembered;
      }
      const token = bearerTokenOf(authorizationHeader);
      const known = verified.get(token, nowMs);
      if (known !== undefined) return known;
      const claims = await verify(token);
      const caller = callerFromClaims(claims);
      // `exp` is required by the verify options, so it is a number here.
      verified.set(token, caller, (claims.exp as number) * 1000);
      return caller;
    },
  };
}
