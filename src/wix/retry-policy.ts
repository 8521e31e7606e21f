/**
 * When an upstream call may be tried again, and after how long. Pure functions: the loop that
 * uses them lives in http-client.ts.
 *
 * Reads are retried on 5xx gateway-ish statuses, 429 and transport failures. Writes are retried
 * only when that cannot apply the change twice: the request never reached the upstream, or the
 * upstream refused it with 429, or (policy `with-idempotency-key`) the request carries an
 * idempotency key so the upstream can recognise a replay.
 */
import { WixHttpError, WixTransportError } from './errors';

/** The write retry policies, in the order the configuration lists them. */
export const WRITE_RETRY_POLICIES = ['never', 'with-idempotency-key'] as const;

/** Whether ambiguous write failures (5xx, reset, timeout) may be retried. */
export type WriteRetryPolicy = (typeof WRITE_RETRY_POLICIES)[number];

export interface RetryOptions {
  /** Total attempts including the first one (1 = no retry). */
  maxAttempts: number;
  /** First backoff step before jitter. */
  baseDelayMs: number;
  /** Cap of any single wait, `Retry-After` included: a longer `Retry-After` ends the retries. */
  maxDelayMs: number;
}

/** What the retry decision needs to know about a request. */
export interface RetryableRequest {
  kind: 'read' | 'write';
  idempotencyKey?: string;
}

const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);
const TOO_MANY_REQUESTS = 429;

function isAmbiguousFailure(error: unknown): boolean {
  if (error instanceof WixHttpError) return RETRYABLE_STATUSES.has(error.status);
  if (error instanceof WixTransportError) {
    return error.reason === 'RESET' || error.reason === 'TIMEOUT';
  }
  return false;
}

/** True when `error` may be retried for `request` under `writeRetry`. */
export function isRetryable(
  error: unknown,
  request: RetryableRequest,
  writeRetry: WriteRetryPolicy,
): boolean {
  if (error instanceof WixHttpError && error.status === TOO_MANY_REQUESTS) return true;
  if (error instanceof WixTransportError && !error.mayHaveReachedUpstream) {
    return error.reason === 'CONNECT' || error.reason === 'TIMEOUT';
  }
  if (!isAmbiguousFailure(error)) return false;
  if (request.kind === 'read') return true;
  return writeRetry === 'with-idempotency-key' && Boolean(request.idempotencyKey);
}

/**
 * True when a failed attempt may nevertheless have been applied by the upstream: any 5xx
 * answer, or a transport failure after the request may have left this process. A write that
 * failed this way must be reconciled (or replayed with its key) before it is sent again.
 */
export function mayHaveBeenApplied(error: unknown): boolean {
  if (error instanceof WixHttpError) return error.status >= 500;
  if (error instanceof WixTransportError) return error.mayHaveReachedUpstream;
  return false;
}

/**
 * Wait before retry number `retry` (1 = first retry): exponential, capped at `maxDelayMs`, with
 * "equal jitter" (half fixed, half random) so concurrent callers spread out but never retry
 * instantly. At least `retryAfterMs`. `undefined` when `Retry-After` exceeds the cap.
 */
export function retryDelayMs(
  retry: number,
  options: RetryOptions,
  random: () => number,
  retryAfterMs: number | undefined,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > options.maxDelayMs) return undefined;
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
