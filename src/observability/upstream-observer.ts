/**
 * The upstream client's observer contract (structurally the `HttpClientObserver` of
 * `wix/http-client.ts`, restated here so observability imports nothing from the upstream layer).
 */
export type BreakerStateName = 'closed' | 'open' | 'half-open';

export interface UpstreamAttemptEvent {
  readonly endpoint: string;
  readonly method: string;
  readonly status?: number;
  readonly errorReason?: string;
  readonly durationMs: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

export interface UpstreamRetryEvent {
  readonly endpoint: string;
  /** The number of the attempt about to be made. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly cause: unknown;
}

export interface UpstreamObserver {
  onAttempt(event: UpstreamAttemptEvent): void;
  onRetry(event: UpstreamRetryEvent): void;
  onBreakerStateChange(state: BreakerStateName): void;
}

/** Gauge encoding of the breaker state. */
export const BREAKER_STATE_VALUE: Readonly<Record<BreakerStateName, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};
