/**
 * The gateway's configuration: parsed once from the environment into a frozen, typed object
 * and injected everywhere else. This module (with env-reader.ts) is the only reader of the
 * environment; it reports every bad variable at once. Every variable is documented in the
 * README's configuration table (a test keeps the two in step).
 */
import { EnvReader, type Env } from './env-reader';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** The Wix account the embedded emulator's demo data is built around (its root reseller). */
export const DEMO_ACCOUNT_ID = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';

export type NodeEnv = 'development' | 'production' | 'test';
export type WriteRetryPolicy = 'never' | 'with-idempotency-key';

/** Where the gateway sends REST calls. */
export type UpstreamTarget =
  | {
      kind: 'embedded-emulator';
      /** Port of the embedded emulator (0 = any free port). */
      port: number;
      seed: 'demo' | 'empty';
      dataFile: string | undefined;
    }
  | { kind: 'remote'; baseUrl: string; apiKey: string };

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly upstream: UpstreamTarget;
  /** The account acted for when no authenticated caller supplies one (development). */
  readonly defaultAccountId: string;
  readonly http: {
    readonly connections: number;
    readonly connectTimeoutMs: number;
    readonly headersTimeoutMs: number;
    readonly bodyTimeoutMs: number;
  };
  readonly retry: {
    readonly maxAttempts: number;
    readonly baseDelayMs: number;
    readonly maxDelayMs: number;
    readonly writePolicy: WriteRetryPolicy;
  };
  readonly breaker: { readonly consecutiveFailures: number; readonly halfOpenAfterMs: number };
  /** Overall time budget of one GraphQL request across all its upstream calls. */
  readonly requestDeadlineMs: number;
  readonly shutdownGraceMs: number;
}

/** Thrown by `loadConfig` with every problem found, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function readUpstream(env: EnvReader): UpstreamTarget {
  const baseUrl = env.optionalUrl('WIX_API_URL');
  const apiKey = env.optionalString('WIX_API_KEY');
  if (env.raw('WIX_API_URL') === undefined) {
    return {
      kind: 'embedded-emulator',
      port: env.integer('EMULATOR_PORT', 0, 0, 65535),
      seed: env.oneOf('EMULATOR_SEED', ['demo', 'empty'] as const, 'demo'),
      dataFile: env.optionalString('EMULATOR_DATA_FILE'),
    };
  }
  if (apiKey === undefined) env.problem('WIX_API_KEY is required when WIX_API_URL is set');
  return { kind: 'remote', baseUrl: baseUrl ?? '', apiKey: apiKey ?? '' };
}

/** Parses the environment; throws `ConfigError` listing every problem. */
export function loadConfig(source: Env): Config {
  const env = new EnvReader(source);
  const nodeEnv = env.oneOf(
    'NODE_ENV',
    ['development', 'production', 'test'] as const,
    'development',
  );
  const defaultAccountId = env.string('WIX_ACCOUNT_ID', DEMO_ACCOUNT_ID);
  if (!GUID.test(defaultAccountId)) env.problem('WIX_ACCOUNT_ID must be a GUID');
  const config: Config = {
    nodeEnv,
    host: env.string('HOST', '127.0.0.1'),
    port: env.integer('PORT', 4000, 0, 65535),
    logLevel: env.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    upstream: readUpstream(env),
    defaultAccountId,
    http: {
      connections: env.integer('UPSTREAM_CONNECTIONS', 64, 1, 10_000),
      connectTimeoutMs: env.integer('UPSTREAM_CONNECT_TIMEOUT_MS', 2_000, 1, 600_000),
      headersTimeoutMs: env.integer('UPSTREAM_HEADERS_TIMEOUT_MS', 10_000, 1, 600_000),
      bodyTimeoutMs: env.integer('UPSTREAM_BODY_TIMEOUT_MS', 10_000, 1, 600_000),
    },
    retry: {
      maxAttempts: env.integer('UPSTREAM_RETRY_MAX_ATTEMPTS', 3, 1, 10),
      baseDelayMs: env.integer('UPSTREAM_RETRY_BASE_DELAY_MS', 100, 0, 60_000),
      maxDelayMs: env.integer('UPSTREAM_RETRY_MAX_DELAY_MS', 2_000, 0, 600_000),
      writePolicy: env.oneOf(
        'UPSTREAM_WRITE_RETRY',
        ['never', 'with-idempotency-key'] as const,
        'with-idempotency-key',
      ),
    },
    breaker: {
      consecutiveFailures: env.integer('UPSTREAM_BREAKER_FAILURES', 5, 1, 1_000),
      halfOpenAfterMs: env.integer('UPSTREAM_BREAKER_HALF_OPEN_MS', 10_000, 10, 3_600_000),
    },
    requestDeadlineMs: env.integer('REQUEST_DEADLINE_MS', 15_000, 100, 600_000),
    shutdownGraceMs: env.integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
  };
  if (env.problems.length > 0) throw new ConfigError(env.problems);
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
