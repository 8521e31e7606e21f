/**
 * Upstream events as log lines: retries and breaker changes are what an operator needs to see
 * when Wix misbehaves. Only endpoint names, statuses and reasons are logged: never a URL, a
 * header, a body or the key.
 */
import type { HttpClientObserver } from '../wix/http-client';
import { WixHttpError, WixTransportError } from '../wix/errors';
import type { Logger } from '../logging/logger';

/** Logs upstream retries (warn) and circuit breaker state changes (warn/info). */
export function createUpstreamLogObserver(logger: Logger): HttpClientObserver {
  return {
    onRetry({ endpoint, attempt, delayMs, cause }) {
      logger.warn(
        {
          event: 'upstream.retry',
          endpoint,
          attempt,
          delayMs: Math.round(delayMs),
          ...(cause instanceof WixHttpError && { status: cause.status }),
          ...(cause instanceof WixTransportError && { reason: cause.reason }),
        },
        'retrying upstream call',
      );
    },
    onReconcile({ endpoint, outcome }) {
      // `found` means a write that looked lost had in fact been applied: worth an operator's eye.
      logger.warn(
        { event: 'upstream.reconcile', endpoint, outcome },
        'looked up an ambiguous write before retrying it',
      );
    },
    onBreakerStateChange(state) {
      const log = state === 'closed' ? logger.info.bind(logger) : logger.warn.bind(logger);
      log({ event: 'upstream.breaker', state }, `upstream circuit breaker ${state}`);
    },
  };
}

/** One observer that forwards every event to each given observer. */
export function combineObservers(
  ...observers: readonly (HttpClientObserver | undefined)[]
): HttpClientObserver {
  const present = observers.filter((observer) => observer !== undefined);
  return {
    onAttempt: (event) => present.forEach((observer) => observer.onAttempt?.(event)),
    onRetry: (event) => present.forEach((observer) => observer.onRetry?.(event)),
    onReconcile: (event) => present.forEach((observer) => observer.onReconcile?.(event)),
    onBreakerStateChange: (state) =>
      present.forEach((observer) => observer.onBreakerStateChange?.(state)),
  };
}
