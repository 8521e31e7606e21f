/**
 * Failures of authentication (→ 401 `UNAUTHENTICATED`) and of authenticator configuration.
 * The `reason` is a short fixed token safe to return and log; nothing from the credential itself
 * (token, claims, key) is ever put in a message.
 */
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** Why a credential was refused. */
export type AuthenticationFailureReason =
  /** No `Authorization` header, or an empty one. */
  | 'missing_token'
  /** An `Authorization` header whose scheme is not `Bearer`. */
  | 'unsupported_scheme'
  /** Not a compact JWS, undecodable header/payload, or too long. */
  | 'malformed'
  | 'expired'
  /** `nbf` (or `iat`) lies in the future beyond the clock tolerance. */
  | 'not_yet_valid'
  | 'bad_signature'
  /** `alg` not among the accepted algorithms. */
  | 'unsupported_algorithm'
  /** No key of the JWKS matches the token's `kid`/`alg`. */
  | 'unknown_key'
  | 'wrong_issuer'
  | 'wrong_audience'
  /** A required claim (`exp`, `accountId`, `scope`) is absent. */
  | 'missing_claim'
  /** A claim is present but of the wrong shape (`accountId` not a GUID, `scope` not a string…). */
  | 'invalid_claim';

const REALM = 'packages-gateway';

/** RFC 6750 §3: no error attribute when no credential was offered at all. */
function wwwAuthenticate(reason: AuthenticationFailureReason): string {
  return reason === 'missing_token' || reason === 'unsupported_scheme'
    ? `Bearer realm="${REALM}"`
    : `Bearer realm="${REALM}", error="invalid_token"`;
}

/**
 * The request carries no usable credential. A `GraphQLError` with `extensions.code`
 * `UNAUTHENTICATED`, `extensions.reason`, and Apollo's `extensions.http` (401 plus
 * `WWW-Authenticate`), so throwing it from Apollo's context function yields a 401; the HTTP
 * layer may also use `httpStatus` / `wwwAuthenticate` directly.
 */
export class AuthenticationError extends GraphQLError {
  readonly reason: AuthenticationFailureReason;
  readonly httpStatus = 401;
  readonly wwwAuthenticate: string;

  constructor(reason: AuthenticationFailureReason) {
    const challenge = wwwAuthenticate(reason);
    super(`Authentication failed: ${reason}`, {
      extensions: {
        code: 'UNAUTHENTICATED',
        reason,
        http: { status: 401, headers: new HeaderMap([['www-authenticate', challenge]]) },
      },
    });
    this.name = 'AuthenticationError';
    this.reason = reason;
    this.wwwAuthenticate = challenge;
  }
}

/** The authenticator options are unusable; thrown at construction, never per request. */
export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthConfigError';
  }
}
