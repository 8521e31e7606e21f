/**
 * Extracts the token from an `Authorization: Bearer <token>` header (RFC 6750 §2.1), refusing
 * anything else before any cryptography runs.
 */
import { AuthenticationError } from './authentication-error';

/** Longer than any sane JWT; stops oversized input before base64 decoding and JSON parsing. */
export const MAX_TOKEN_LENGTH = 8192;

/** The three base64url segments of a compact JWS. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Returns the bearer token or throws `AuthenticationError`. */
export function bearerTokenOf(authorizationHeader: string | undefined): string {
  const header = authorizationHeader?.trim() ?? '';
  if (header.length === 0) throw new AuthenticationError('missing_token');
  const separator = header.indexOf(' ');
  const scheme = separator === -1 ? header : header.slice(0, separator);
  if (scheme.toLowerCase() !== 'bearer') throw new AuthenticationError('unsupported_scheme');
  const token = separator === -1 ? '' : header.slice(separator + 1).trim();
  if (token.length === 0) throw new AuthenticationError('missing_token');
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
    throw new AuthenticationError('malformed');
  }
  return token;
}
