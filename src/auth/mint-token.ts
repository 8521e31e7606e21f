/**
 * Mints HS256 tokens in the gateway's claims contract, for development and tests. Production
 * tokens come from the real issuer; this never runs in the gateway's request path.
 */
import { SignJWT } from 'jose';
import { AuthConfigError } from './authentication-error';
import { isAccountId } from './account-id';
import { assertHmacSecret, secretBytes } from './verification-key';

export interface MintTokenOptions {
  /** The shared HS256 secret (≥ 32 bytes). */
  readonly secret: string | Uint8Array;
  readonly accountId: string;
  /** Scopes, as an array or a space-separated string. */
  readonly scopes: readonly string[] | string;
  /** Lifetime in seconds (may be negative to mint an already expired token in tests). */
  readonly ttlSec: number;
  readonly subAccountIds?: readonly string[];
  readonly issuer?: string;
  readonly audience?: string | readonly string[];
  readonly subject?: string;
  /** `nbf`, in epoch seconds; absent means no `nbf` claim. */
  readonly notBeforeSec?: number;
  /** Issue time, in epoch milliseconds; default `Date.now()`. */
  readonly nowMs?: number;
}

/** Returns a signed compact JWT; throws `AuthConfigError` on unusable options. */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  assertHmacSecret(options.secret);
  if (!isAccountId(options.accountId)) throw new AuthConfigError('accountId must be a GUID');
  if (!Number.isFinite(options.ttlSec)) throw new AuthConfigError('ttlSec must be a number');
  const scope =
    typeof options.scopes === 'string' ? options.scopes.trim() : options.scopes.join(' ');
  const issuedAt = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const jwt = new SignJWT({
    accountId: options.accountId,
    scope,
    ...(options.subAccountIds ? { subAccountIds: [...options.subAccountIds] } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.trunc(options.ttlSec));
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) {
    jwt.setAudience(
      typeof options.audience === 'string' ? options.audience : [...options.audience],
    );
  }
  if (options.subject !== undefined) jwt.setSubject(options.subject);
  if (options.notBeforeSec !== undefined) jwt.setNotBefore(options.notBeforeSec);
  return jwt.sign(secretBytes(options.secret));
}
