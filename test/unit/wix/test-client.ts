/**
 * Builds an http client over a real undici pool for tests, with recorded sleeps, no jitter and
 * a recording observer. `close()` destroys the pool.
 */
import type { Dispatcher } from 'undici';
import { createHttpClient } from '../../../src/wix/http-client';
import type { BreakerState, HttpClient, HttpClientOptions } from '../../../src/wix/http-client';
import { createUpstreamPool } from '../../../src/wix/upstream-pool';

export const TEST_API_KEY = 'IST.secret-api-key-4f1c9e';

export interface TestClient {
  client: HttpClient;
  /** Every delay the client waited before a retry. */
  sleeps: number[];
  attempts: Array<{ status?: number; errorReason?: string; attempt: number }>;
  breakerStates: BreakerState[];
  close(): Promise<void>;
}

export function createTestClient(
  baseUrl: string,
  overrides: Partial<HttpClientOptions> & { onSleep?: (ms: number) => Promise<void> } = {},
): TestClient {
  const sleeps: number[] = [];
  const attempts: TestClient['attempts'] = [];
  const breakerStates: BreakerState[] = [];
  const { onSleep, ...clientOverrides } = overrides;
  const dispatcher: Dispatcher =
    overrides.dispatcher ?? createUpstreamPool({ baseUrl, connectTimeoutMs: 1_000 });
  const client = createHttpClient({
    baseUrl,
    apiKey: TEST_API_KEY,
    dispatcher,
    timeouts: { headersMs: 2_000, bodyMs: 2_000 },
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 5_000 },
    breaker: { consecutiveFailures: 100, halfOpenAfterMs: 50 },
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
      await onSleep?.(ms);
    },
    observer: {
      onAttempt: ({ status, errorReason, attempt }) =>
        attempts.push({ status, errorReason, attempt }),
      onBreakerStateChange: (state) => breakerStates.push(state),
    },
    ...clientOverrides,
  });
  return {
    client,
    sleeps,
    attempts,
    breakerStates,
    close: () => dispatcher.destroy(),
  };
}
