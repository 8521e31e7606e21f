/**
 * The thin, careful HTTP client for the upstream: auth headers added in one
 * place, explicit timeouts, every body consumed, typed errors, bounded retries with backoff and
 * jitter, one circuit breaker per upstream, and a per-request deadline.
 *
 * It knows nothing of endpoints' shapes (packages-api.ts does) and nothing of GraphQL.
 */
import { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import { createUpstreamBreaker } from './circuit-breaker';
import type { BreakerOptions, BreakerState } from './circuit-breaker';
import { WixError, WixHttpError, WixTransportError } from './errors';
import type { WixEndpoint, WixTransportReason } from './errors';
import { isRetryable, mayHaveBeenApplied, retryDelayMs } from './retry-policy';
import type { RetryOptions, WriteRetryPolicy } from './retry-policy';
import { isProgrammingError, toTransportError } from './transport-failure';
import type { UpstreamBudget } from './upstream-budget';
import { readUpstreamResponse } from './upstream-response';
import { createRedactor } from './secret-redaction';
import { endAttemptSpan, startAttemptSpan, upstreamAddressOf } from './upstream-tracing';
import type { UpstreamTracing } from './upstream-tracing';

export type { BreakerOptions, BreakerState } from './circuit-breaker';
export type { RetryOptions, WriteRetryPolicy } from './retry-policy';
export type { UpstreamTracing } from './upstream-tracing';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Why an attempt produced no 2xx JSON, for metrics; absent on success and on HTTP errors. */
export type AttemptErrorReason = WixTransportReason | 'CIRCUIT_OPEN' | 'PROTOCOL' | 'RATE_LIMITED';

/** Callbacks for metrics and logs. They run synchronously in the request path: keep them cheap
 * and never throw. They receive no URL, header value or body. */
export interface HttpClientObserver {
  /** After every attempt, including one refused by the open breaker (`CIRCUIT_OPEN`). */
  onAttempt?(event: {
    endpoint: WixEndpoint;
    method: HttpMethod;
    status?: number;
    errorReason?: AttemptErrorReason;
    durationMs: number;
    /** 1 for the first attempt. */
    attempt: number;
  }): void;
  /** Before waiting to retry; `attempt` is the number of the attempt about to be made. */
  onRetry?(event: {
    endpoint: WixEndpoint;
    attempt: number;
    delayMs: number;
    cause: WixError;
  }): void;
  onBreakerStateChange?(state: BreakerState): void;
  /**
   * After a request's `reconcile` hook ran before a retry: `found` (the write had been applied;
   * no retry), `absent` (retrying), `failed` (the lookup failed; the retry is abandoned).
   */
  onReconcile?(event: { endpoint: WixEndpoint; outcome: 'found' | 'absent' | 'failed' }): void;
}

export interface HttpClientOptions {
  /** Upstream base URL, e.g. `https://www.wixapis.com`; may carry a path prefix. */
  baseUrl: string;
  /** Account-level API key, sent raw as `Authorization`. */
  apiKey: string;
  /** The shared keep-alive pool (see upstream-pool.ts), or a MockAgent in tests. */
  dispatcher: Dispatcher;
  /** Per attempt: time to response headers, and max idle time between body chunks. */
  timeouts: { headersMs: number; bodyMs: number };
  retry: RetryOptions;
  breaker: BreakerOptions;
  /** Default `with-idempotency-key`. */
  writeRetry?: WriteRetryPolicy;
  observer?: HttpClientObserver;
  /**
   * The shared call budget: every attempt takes a point first (a refusal is
   * `WixRateLimitedError`, never sent), and a 429 with `Retry-After` pauses it.
   */
  budget?: UpstreamBudget;
  /**
   * When set, every attempt is a CLIENT span (child of the active context) and carries its
   * `traceparent` upstream; absent (tracing off), attempts cost nothing extra.
   */
  tracing?: UpstreamTracing;
  /** Jitter source in [0, 1); default `Math.random`. */
  random?: () => number;
  /** Waits between attempts; default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for deadlines and `Retry-After` dates; default `Date.now`. */
  now?: () => number;
}

export interface HttpRequest {
  endpoint: WixEndpoint;
  method: HttpMethod;
  /** Path below the base URL, starting with `/`, every parameter already percent-encoded. */
  path: string;
  /** JSON-serialisable body; omitted → no body and no content-type. */
  body?: unknown;
  /**
   * `body` as JSON text, when a layer above already serialised it (read coalescing keys reads
   * by it): sent as it is rather than serialised again.
   */
  bodyJson?: string;
  /** Sent as `wix-account-id`. */
  accountId: string;
  /** Sent as `x-request-id` for correlation. */
  requestId?: string;
  /** Epoch ms after which no attempt runs and a running one is aborted (`DEADLINE`). */
  deadline?: number;
  /** `read` for GET and Query (safe to repeat), `write` for everything that changes state. */
  kind: 'read' | 'write';
  /** The body's idempotency key, when the write has one: permits retrying ambiguous failures. */
  idempotencyKey?: string;
  /**
   * For writes: looks up whether an earlier attempt was applied after all. Consulted before
   * every retry that follows an attempt which may have reached the upstream (5xx, reset,
   * timeout), after the backoff wait. Resolving with a value ends the request with that value
   * as its 2xx body (no retry); `undefined` lets the retry go ahead. When it rejects, the
   * retry is abandoned and the request fails with the attempt's error: without proof that
   * nothing was applied, sending again could apply the write twice.
   */
  reconcile?: () => Promise<unknown>;
}

export interface HttpClient {
  /** Sends `request` with retries; resolves with the parsed 2xx JSON or rejects with a WixError. */
  request<T>(request: HttpRequest): Promise<T>;
  breakerState(): BreakerState;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Joins the base URL's path prefix (if any) and a request path without doubling slashes. */
function splitBaseUrl(baseUrl: string): { origin: string; prefix: string } {
  const url = new URL(baseUrl);
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}

function attemptErrorReason(error: unknown): AttemptErrorReason | undefined {
  if (error instanceof WixTransportError) return error.reason;
  if (error instanceof WixError && error.kind === 'circuit-open') return 'CIRCUIT_OPEN';
  if (error instanceof WixError && error.kind === 'protocol') return 'PROTOCOL';
  if (error instanceof WixError && error.kind === 'rate-limited') return 'RATE_LIMITED';
  return undefined;
}

/** Creates the client for one upstream; share it across requests (it owns the breaker). */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { origin, prefix } = splitBaseUrl(options.baseUrl);
  const writeRetry = options.writeRetry ?? 'with-idempotency-key';
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const observer = options.observer ?? {};
  const breaker = createUpstreamBreaker(options.breaker, observer.onBreakerStateChange);
  const budget = options.budget;
  const tracing = options.tracing;
  const address = tracing && upstreamAddressOf(origin);
  // Upstream error text never carries the key past this client, whatever the upstream echoes.
  const redactor = createRedactor([options.apiKey]);

  function headersFor(request: HttpRequest): Record<string, string> {
    const headers: Record<string, string> = {
      authorization: options.apiKey,
      'wix-account-id': request.accountId,
      accept: 'application/json',
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.requestId) headers['x-request-id'] = request.requestId;
    return headers;
  }

  /**
   * One network attempt, aborted when the deadline passes. The abort signal is an
   * EventEmitter emitting `abort` (a documented form of undici's `signal`): only our own
   * deadline ever aborts, and it costs far less per attempt than an AbortController.
   */
  async function sendOnce(
    request: HttpRequest,
    headers: Record<string, string>,
  ): Promise<{ status: number; json: unknown }> {
    const signal = new EventEmitter();
    let deadlineExpired = false;
    const remaining = request.deadline === undefined ? undefined : request.deadline - now();
    const timer =
      remaining === undefined
        ? undefined
        : setTimeout(() => {
            deadlineExpired = true;
            signal.emit('abort');
          }, remaining);
    try {
      const response = await options.dispatcher.request({
        origin,
        path: prefix + request.path,
        method: request.method,
        headers,
        body:
          request.body === undefined
            ? undefined
            : (request.bodyJson ?? JSON.stringify(request.body)),
        signal,
        headersTimeout: options.timeouts.headersMs,
        bodyTimeout: options.timeouts.bodyMs,
      });
      const json = await readUpstreamResponse(request.endpoint, response, now, redactor);
      return { status: response.statusCode, json };
    } catch (error) {
      if (error instanceof WixError || isProgrammingError(error)) throw error;
      throw toTransportError(request.endpoint, error, deadlineExpired);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async function attempt(request: HttpRequest, attemptNumber: number): Promise<unknown> {
    const startedAt = performance.now();
    let status: number | undefined;
    let errorReason: AttemptErrorReason | undefined;
    const headers = headersFor(request);
    const span =
      tracing &&
      address &&
      startAttemptSpan(
        tracing,
        address,
        { endpoint: request.endpoint, method: request.method, attemptNumber },
        breaker.state(),
        headers,
      );
    try {
      // Checked before the breaker, so an expired request can never be a half-open probe.
      if (request.deadline !== undefined && request.deadline <= now()) {
        throw new WixTransportError(request.endpoint, 'DEADLINE', false);
      }
      await budget?.acquire(request.endpoint, request.accountId, request.deadline);
      const result = await breaker.run(request.endpoint, () => sendOnce(request, headers));
      status = result.status;
      return result.json;
    } catch (error) {
      if (error instanceof WixHttpError) {
        status = error.status;
        if (status === 429 && error.retryAfterMs !== undefined)
          void budget?.pause(error.retryAfterMs);
      }
      errorReason = attemptErrorReason(error);
      throw error;
    } finally {
      if (span) endAttemptSpan(span, status, errorReason);
      observer.onAttempt?.({
        endpoint: request.endpoint,
        method: request.method,
        ...(status === undefined ? {} : { status }),
        ...(errorReason === undefined ? {} : { errorReason }),
        durationMs: performance.now() - startedAt,
        attempt: attemptNumber,
      });
    }
  }

  /** The wait before the next attempt, or `undefined` when no retry may happen. */
  function nextDelay(request: HttpRequest, error: unknown, attemptNumber: number) {
    if (attemptNumber >= options.retry.maxAttempts) return undefined;
    if (!isRetryable(error, request, writeRetry)) return undefined;
    if (breaker.state() === 'open') return undefined;
    const retryAfterMs = error instanceof WixHttpError ? error.retryAfterMs : undefined;
    const delayMs = retryDelayMs(attemptNumber, options.retry, random, retryAfterMs);
    if (delayMs === undefined) return undefined;
    if (request.deadline !== undefined && now() + delayMs >= request.deadline) return undefined;
    return delayMs;
  }

  /** Runs the request's reconcile hook; a failed lookup rethrows the attempt's error. */
  async function reconcile(
    request: HttpRequest,
    lookup: () => Promise<unknown>,
    cause: WixError,
  ): Promise<unknown> {
    let found: unknown;
    try {
      found = await lookup();
    } catch {
      observer.onReconcile?.({ endpoint: request.endpoint, outcome: 'failed' });
      throw cause;
    }
    observer.onReconcile?.({
      endpoint: request.endpoint,
      outcome: found === undefined ? 'absent' : 'found',
    });
    return found;
  }

  return {
    async request<T>(request: HttpRequest): Promise<T> {
      // Once any attempt may have been applied, every later retry is preceded by a lookup:
      // a write that landed late must not be sent again even after a clean 429 in between.
      let mayBeApplied = false;
      for (let attemptNumber = 1; ; attemptNumber++) {
        try {
          return (await attempt(request, attemptNumber)) as T;
        } catch (error) {
          const delayMs = nextDelay(request, error, attemptNumber);
          if (delayMs === undefined || !(error instanceof WixError)) throw error;
          if (request.kind === 'write' && mayHaveBeenApplied(error)) mayBeApplied = true;
          observer.onRetry?.({
            endpoint: request.endpoint,
            attempt: attemptNumber + 1,
            delayMs,
            cause: error,
          });
          await sleep(delayMs);
          if (mayBeApplied && request.reconcile) {
            const found = await reconcile(request, request.reconcile, error);
            if (found !== undefined) return found as T;
          }
        }
      }
    },
    breakerState: () => breaker.state(),
  };
}
