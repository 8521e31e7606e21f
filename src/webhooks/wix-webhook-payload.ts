/**
 * Unwraps a verified Wix webhook (contract: event envelope): the `data` claim is the JSON string of the
 * envelope `{ eventType, instanceId, data, identity, accountInfo? }`, whose `data` is the JSON
 * string of the DomainEvent. Checks only what the receiver relies on; everything else passes.
 */
import type { WixDomainEvent } from '../wix/wire-types';
import { parseJsonObject } from './json-object';

export type UnwrappedWebhook =
  | { readonly kind: 'event'; readonly event: WixDomainEvent }
  | { readonly kind: 'malformed'; readonly problem: string };

/** The DomainEvent inside verified claims, or why there is none. */
export function unwrapWebhook(claims: Readonly<Record<string, unknown>>): UnwrappedWebhook {
  const envelope = parseJsonObject(claims.data);
  if (!envelope) return { kind: 'malformed', problem: 'data claim is not a JSON object string' };
  const event = parseJsonObject(envelope.data);
  if (!event) return { kind: 'malformed', problem: 'envelope data is not a JSON object string' };
  for (const field of ['id', 'entityFqdn', 'slug'] as const) {
    if (typeof event[field] !== 'string' || event[field] === '') {
      return { kind: 'malformed', problem: `DomainEvent ${field} is missing` };
    }
  }
  return { kind: 'event', event: event as unknown as WixDomainEvent };
}
