/**
 * One circuit breaker per upstream (cockatiel's `ConsecutiveBreaker`). It counts what says the
 * upstream is unwell: transport failures (except our own deadline/abort) and 5xx answers. Any
 * other answer (2xx, 4xx, 429, an unreadable 2xx) proves the upstream alive and resets the count.
 * While open, calls fail with `WixCircuitOpenError` without touching the network; after
 * `halfOpenAfterMs` one probe goes through (concurrent callers wait for its outcome); a probe
 * that ends in our own deadline or abort counts as failed.
 */
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import { WixCircuitOpenError, WixHttpError, WixTransportError } from './errors';
import type { WixEndpoint } from './errors';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive counted failures that open the circuit. */
  consecutiveFailures: number;
  /** Time the circuit stays open before letting one probe through. */
  halfOpenAfterMs: number;
}

export interface UpstreamBreaker {
  /** Runs `call` through the breaker; rejects with `WixCircuitOpenError` while open. */
  run<T>(endpoint: WixEndpoint, call: () => Promise<T>): Promise<T>;
  /** Current state; stays `open` past `halfOpenAfterMs` until the next call probes. */
  state(): BreakerState;
}

/** True for failures that count against the upstream's health. */
export function countsAsUpstreamFailure(error: unknown): boolean {
  if (error instanceof WixHttpError) return error.status >= 500;
  if (error instanceof WixTransportError) {
    return error.reason !== 'DEADLINE' && error.reason !== 'ABORTED';
  }
  return false;
}

/** Own deadline/abort: says nothing about the upstream, so (while closed) neither counted nor reset. */
function isNeutral(error: unknown): boolean {
  return error instanceof WixTransportError && !countsAsUpstreamFailure(error);
}

function toBreakerState(state: CircuitState): BreakerState {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'open';
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Creates the breaker for one upstream. `onStateChange` fires on every transition. */
export function createUpstreamBreaker(
  options: BreakerOptions,
  onStateChange?: (state: BreakerState) => void,
): UpstreamBreaker {
  // A probe cut short by our own deadline proved nothing: it re-opens rather than closes.
  const isFailure = (error: Error): boolean =>
    countsAsUpstreamFailure(error) || (isNeutral(error) && policy.state === CircuitState.HalfOpen);
  const policy = circuitBreaker(handleWhen(isFailure), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(options.consecutiveFailures),
  });
  if (onStateChange) policy.onStateChange((state) => onStateChange(toBreakerState(state)));

  return {
    async run<T>(endpoint: WixEndpoint, call: () => Promise<T>): Promise<T> {
      let outcome: Outcome<T>;
      try {
        // Answers that prove the upstream alive travel as values, so cockatiel records a success.
        outcome = await policy.execute(async (): Promise<Outcome<T>> => {
          try {
            return { ok: true, value: await call() };
          } catch (error) {
            if (countsAsUpstreamFailure(error) || isNeutral(error)) throw error;
            return { ok: false, error };
          }
        });
      } catch (error) {
        if (error instanceof BrokenCircuitError) throw new WixCircuitOpenError(endpoint);
        throw error;
      }
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },
    state: () => toBreakerState(policy.state),
  };
}
