/**
 * Unwraps a verified Wix webhook (contract: event envelope): the `data` claim is the JSON string of the
 * envelope `{ eventType, instanceId, data, identity, accountInfo? }`, whose `data` is the JSON
 * string of the DomainEvent. Checks only what the receiver relies on; everything else passes.
 */
import type { WixDomainEvent } from '../wix/wire-types';

export type UnwrappedWebhook =
  | { readonly kind: 'event'; readonly event: WixDomainEvent }
  | { readonly kind: 'malformed'; readonly problem: string };

function parseJsonObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

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
