/**
 * Request coalescing: concurrent identical upstream reads share one in-flight call. Identical
 * means the same account header, method, path and body, and the body of every scoped query
 * carries the caller's account filter, so two callers share a call only when the upstream
 * would have answered both the same. Writes always go through on their own.
 *
 * Loaders already deduplicate within one GraphQL request; this joins reads of *different*
 * requests (e.g. many users refreshing the same dashboard). A joined call costs no upstream
 * budget and no extra connection. The first caller's request id and deadline govern the
 * shared call; a joiner with an earlier deadline stops waiting at its own deadline
 * (`DEADLINE`), and a joiner with a later one shares the first caller's outcome.
 */
import { WixTransportError } from './errors';
import type { HttpClient, HttpRequest } from './http-client';

/** Sees whether a read went upstream or joined one in flight (metrics); must not throw. */
export type CoalescingObserver = (outcome: 'sent' | 'joined') => void;

/** The body as JSON text, as the client would send it ('' for none). */
function bodyJsonOf(request: HttpRequest): string {
  if (request.body === undefined) return '';
  return JSON.stringify(request.body);
}

/** The read's identity, made of its body's JSON text. */
function readKey(request: HttpRequest, bodyJson: string): string {
  return `${request.accountId.toLowerCase()}\u0000${request.method}\u0000${request.path}\u0000${bodyJson}`;
}

/** A call in flight and the deadline that governs it (undefined: none). */
interface InFlightRead {
  readonly call: Promise<unknown>;
  readonly deadline: number | undefined;
}

/**
 * Resolves or rejects with the shared call, or rejects with `DEADLINE` once the joiner's
 * deadline passes. A joiner whose deadline is not earlier than the call's own needs no timer:
 * the call settles by its deadline (the client below enforces it), so before the joiner's.
 * Under load most reads are such joiners, and a timer and a promise each cost more than the
 * rest of the join.
 */
function untilDeadline<T>(shared: InFlightRead, request: HttpRequest): Promise<T> {
  const call = shared.call as Promise<T>;
  if (request.deadline === undefined) return call;
  if (shared.deadline !== undefined && request.deadline >= shared.deadline) return call;
  const remaining = request.deadline - Date.now();
  if (remaining <= 0) {
    return Promise.reject(new WixTransportError(request.endpoint, 'DEADLINE', false));
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new WixTransportError(request.endpoint, 'DEADLINE', false)),
      remaining,
    );
    call.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Wraps `client` so that concurrent identical reads share one call. */
export function withReadCoalescing(
  client: HttpClient,
  observe: CoalescingObserver = () => {},
): HttpClient {
  // The calls in flight by key, in a null-prototype object rather than a Map: a long-lived Map
  // with a set and a delete per call chains V8's replaced backing tables, which keeps every
  // removed entry (and the answer its call resolved with) alive until a full collection once
  // one table is old (see src/http/in-flight-list.ts). An object's dictionary does not.
  const inFlight: Record<string, InFlightRead | undefined> = Object.create(null) as Record<
    string,
    InFlightRead | undefined
  >;
  return {
    request<T>(request: HttpRequest): Promise<T> {
      if (request.kind !== 'read') return client.request<T>(request);
      const bodyJson = bodyJsonOf(request);
      const key = readKey(request, bodyJson);
      const shared = inFlight[key];
      if (shared !== undefined) {
        observe('joined');
        return untilDeadline<T>(shared, request);
      }
      observe('sent');
      // The client sends the text the key was made of rather than serialising the body again
      // (a lookup of fifty ids is a body of 2 KB). A copy of the request carries it: the
      // caller's object may be reused with another body.
      const sent = request.body === undefined ? request : { ...request, bodyJson };
      const call = client.request<T>(sent).finally(() => {
        delete inFlight[key];
      });
      inFlight[key] = { call, deadline: request.deadline };
      return call;
    },
    breakerState: () => client.breakerState(),
  };
}
