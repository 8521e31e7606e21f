/**
 * Starts the real emulator and the real gateway in-process on ephemeral loopback ports, wired
 * exactly as main.ts does, for integration tests that go through HTTP end to end.
 */
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config/config';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/gateway';
import { createLogger } from '../../src/logging/logger';
import type { Tracing } from '../../src/observability/tracing/tracing';

export const TEST_API_KEY = 'test-api-key-7f3c9a1e-never-leak';

export interface GraphQLResult<TData = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: TData | null;
    errors?: {
      message: string;
      path?: (string | number)[];
      extensions?: Record<string, unknown>;
    }[];
  };
}

export interface TestGateway {
  readonly url: string;
  readonly emulator: RunningEmulator;
  readonly gateway: Gateway;
  readonly config: Config;
  /** Every log line the gateway wrote, parsed. */
  readonly logLines: string[];
  graphql<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<TData>>;
  close(): Promise<void>;
}

/** Fails the test when `text` carries the upstream API key. */
export function assertNoSecret(text: string, where: string): void {
  if (text.includes(TEST_API_KEY)) throw new Error(`the upstream API key leaked into ${where}`);
}

/** Collects log lines in memory so tests can assert what was (not) logged. */
function memoryDestination(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
}

export interface TestGatewayOptions {
  env?: Record<string, string>;
  seed?: 'demo' | 'empty';
  /** Extra emulator options, e.g. `idempotencyTtlMs: 0` for an upstream that forgets keys. */
  emulator?: Omit<EmulatorOptions, 'seed'>;
  /**
   * An emulator started by the test and shared by several gateways (replicas); `close()`
   * leaves it running. `seed` and `emulator` are ignored then.
   */
  sharedEmulator?: RunningEmulator;
  /**
   * Where the gateway sends its upstream calls instead of the emulator's own URL: something
   * in front of the emulator, such as a hostile upstream (test/helpers/hostile-upstream.ts).
   */
  upstreamUrl?: (emulatorUrl: string) => Promise<string>;
  /** Dependencies to inject into the gateway (a recording change bus, a once-store, …). */
  gateway?: Pick<GatewayOptions, 'changeBus' | 'onceStore' | 'webhookPublicKeyPem'>;
  /** Tracing to use instead of what the env configures (an in-memory exporter). */
  tracing?: Tracing;
}

/**
 * Starts emulator + gateway. Fast retries so fault tests stay quick. The entity cache is off
 * unless `env` turns it on: most suites assert the upstream calls each request makes, and
 * change the emulator's state behind the gateway's back (admin hooks, faults), which a cache
 * rightly does not see; the cache's own suites set ENTITY_CACHE_TTL_MS.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const emulator =
    options.sharedEmulator ??
    (await startEmulator({ ...options.emulator, seed: options.seed ?? 'empty' }));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    UPSTREAM_RETRY_BASE_DELAY_MS: '5',
    UPSTREAM_RETRY_MAX_DELAY_MS: '20',
    UPSTREAM_HEADERS_TIMEOUT_MS: '1000',
    UPSTREAM_BODY_TIMEOUT_MS: '1000',
    REQUEST_DEADLINE_MS: '4000',
    SHUTDOWN_GRACE_MS: '2000',
    ENTITY_CACHE_TTL_MS: '0',
    // Production has an operations listener (9464 by default): on a free port here, so that
    // test gateways running at once never compete for one port.
    ...(options.env?.['NODE_ENV'] === 'production' && { OPS_PORT: '0' }),
    ...options.env,
  });
  const logLines: string[] = [];
  const gateway = await createGateway({
    config,
    upstreamUrl: options.upstreamUrl ? await options.upstreamUrl(emulator.url) : emulator.url,
    apiKey: TEST_API_KEY,
    logger: createLogger(config.logLevel, memoryDestination(logLines)),
    ...options.gateway,
    ...(options.tracing && { tracing: options.tracing }),
  });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    url,
    emulator,
    gateway,
    config,
    logLines,
    async graphql<TData>(
      query: string,
      variables?: Record<string, unknown>,
      headers: Record<string, string> = {},
    ): Promise<GraphQLResult<TData>> {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      assertNoSecret(text, 'a GraphQL response');
      return {
        status: response.status,
        headers: response.headers,
        body: JSON.parse(text) as GraphQLResult<TData>['body'],
      };
    },
    async close() {
      await gateway.close();
      if (!options.sharedEmulator) await emulator.close();
      // Suite-wide guarantee: no log line of any test gateway ever carried the API key.
      for (const line of logLines) assertNoSecret(line, 'a log line');
    },
  };
}
