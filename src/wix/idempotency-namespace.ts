/**
 * Idempotency keys are the client's, but the upstream's memory of them is not per caller: Wix
 * does not document a key's scope (contract: idempotency), so two tenants sending the same key
 * to the same endpoint could be answered with each other's stored result. Before a key goes
 * upstream it is namespaced by the account the call is made for: the key sent is a stable hash
 * of (account, client key). Two accounts' equal keys never meet upstream; the same account's
 * retry sends the same key again, so replays keep working across requests, replicas and
 * restarts.
 */
import { createHash } from 'node:crypto';

/** Versions the derivation: changing it would make in-flight retries miss their first answer. */
const DOMAIN = 'packages-gateway/idempotency-key/v1';

/**
 * The key to send upstream for `clientKey` on behalf of `accountId`: an RFC 9562 version-8
 * UUID (36 characters, the format of the keys the gateway generates itself) holding 122 bits of
 * SHA-256 over the domain, the account (lower case) and the key. The account is a GUID, with no
 * NUL in it, so the encoding is unambiguous.
 */
export function namespacedIdempotencyKey(accountId: string, clientKey: string): string {
  const digest = createHash('sha256')
    .update(`${DOMAIN}\0${accountId.toLowerCase()}\0${clientKey}`)
    .digest();
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x80;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
