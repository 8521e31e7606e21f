/**
 * The gateway's configuration: parsed once from the environment into a frozen, typed object
 * and injected everywhere else. This module (with env-reader.ts) is the only reader of the
 * environment; it reports every bad variable at once. Every variable is documented in the
 * README's configuration table (a test keeps the two in step).
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../webhooks/webhook-body-limit';
import { WRITE_RETRY_POLICIES, type WriteRetryPolicy } from '../wix/retry-policy';
import { EnvReader, type Env } from './env-reader';
import { readTracingConfig, type TracingConfig } from './tracing-config';

export type { TracingConfig } from './tracing-config';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** The Wix account the embedded emulator's demo data is built around (its root reseller). */
export const DEMO_ACCOUNT_ID = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';

export type NodeEnv = 'development' | 'production' | 'test';

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
  readonly auth: AuthConfig;
  /**
   * The PEM public key Wix signs account-level webhooks with; `POST /webhooks/wix` exists only
   * when it is set (or when the embedded emulator supplies its own key).
   */
  readonly webhookPublicKeyPem: string | undefined;
  readonly graphql: GraphQLConfig;
  /** Exact browser origins allowed by CORS; empty = no cross-origin access. */
  readonly corsOrigins: readonly string[];
  /**
   * Also allow every loopback origin (`http://localhost:5173`, `http://127.0.0.1:3000`, …): the
   * development default, so a frontend on a dev server can call at once; never in production.
   */
  readonly corsAllowLoopback: boolean;
  readonly metricsEnabled: boolean;
  /**
   * V8's old-generation growing factor, as a percentage over 1 (100 → the heap may grow to 2×
   * what survived the last full collection before collecting again); 0 leaves V8's own
   * heuristic, which lets the heap grow up to 4× under load.
   */
  readonly heapGrowingPercent: number;
  /** OpenTelemetry tracing; undefined (the default) turns it off and loads no SDK. */
  readonly tracing: TracingConfig | undefined;
  /** Shared state between replicas; `url` undefined keeps every store in-process. */
  readonly redis: RedisConfig;
  readonly upstreamBudget: UpstreamBudgetConfig;
  readonly entityCache: EntityCacheConfig;
  readonly live: LiveConfig;
  /**
   * Gateway processes on this machine: 1 = this process serves; more = a primary forks that
   * many workers (node:cluster) sharing the port, each a full gateway.
   */
  readonly workers: number;
  readonly httpServer: HttpServerConfig;
  /**
   * Port of the separate operations listener (`/metrics`, `/readyz` with its checks); undefined:
   * they are served on `port` (development only). 0 = any free port.
   */
  readonly opsPort: number | undefined;
}

/** Limits of the gateway's own HTTP server against slow, stalled and piled-up clients. */
export interface HttpServerConfig {
  /** Time from a request's first byte to the end of its headers (408 past it). */
  readonly headersTimeoutMs: number;
  /** Time from a request's first byte to the end of its body (408 past it). */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections at most; past it new connections are closed at once. */
  readonly maxConnections: number;
  /** Request-body bytes all requests together may hold at once (503 past it). */
  readonly maxBufferedBodyBytes: number;
}

/** The entity cache below the loaders (see the README's deployment section). */
export interface EntityCacheConfig {
  /**
   * How long a cached package or list page may be served without any event about it; 0 = no
   * cache. Events (own writes, webhooks, the watcher) replace or invalidate entries at once;
   * this bounds only changes no event reports.
   */
  readonly ttlMs: number;
}

/** The Redis every replica shares (pub/sub, de-duplication, APQ, budget, cache). */
export interface RedisConfig {
  /** `redis://` or `rediss://` URL; undefined = no Redis, everything in-process. */
  readonly url: string | undefined;
  readonly connectTimeoutMs: number;
  /** A command not answered in this time fails, and the caller falls back (never waits on). */
  readonly commandTimeoutMs: number;
}

/** The upstream call budget shared by every replica (see the README's deployment section). */
export interface UpstreamBudgetConfig {
  /** Upstream calls per minute for all replicas together; 0 = no budget. */
  readonly perMinute: number;
  /** The share (percent) of `perMinute` one account may use; 100 = no per-account cap. */
  readonly accountSharePercent: number;
  /** How long a call over budget may wait for room before failing `UPSTREAM_RATE_LIMITED`. */
  readonly maxWaitMs: number;
}

/** Live updates (subscriptions and their sources). */
export interface LiveConfig {
  /**
   * How often the watcher asks Wix for packages changed since its last look, per account with
   * live subscribers; 0 = no watcher.
   */
  readonly watchIntervalMs: number;
  /** Undelivered changes a subscriber may fall behind by before it is dropped. */
  readonly subscriberQueueLimit: number;
  /** Subscriptions one WebSocket connection may hold at once. */
  readonly maxSubscriptionsPerConnection: number;
  /** Open WebSocket and SSE connections one caller (account + token subject) may hold. */
  readonly maxConnectionsPerCaller: number;
}

/** How callers authenticate (see the README's security section). */
export type AuthConfig =
  | {
      /**
       * No JWT configured, the embedded emulator, not production: every request acts as
       * `defaultAccountId`.
       */
      kind: 'development';
    }
  | {
      kind: 'jwt';
      key:
        | { kind: 'hmac'; secret: string }
        | { kind: 'public-key'; publicKeyPem: string }
        | { kind: 'jwks'; jwks: unknown };
      issuer: string | undefined;
      audience: string | undefined;
      clockToleranceSec: number;
    };

/** GraphQL-level protections and features. */
export interface GraphQLConfig {
  readonly introspection: boolean;
  readonly playground: boolean;
  /** Hide "Did you mean …?" suggestions and other schema hints in errors. */
  readonly hideSchemaDetails: boolean;
  readonly bodyLimitBytes: number;
  readonly allowBatchedRequests: boolean;
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  readonly maxTokens: number;
  /** Root mutation fields per operation. */
  readonly maxMutations: number;
  readonly maxCost: number;
  readonly maxWorstCaseCost: number;
  /** Values one operation's response may hold in lists (checked while it is built). */
  readonly maxResponseValues: number;
  /** Automatic persisted queries (hash-only requests after a first registration). */
  readonly persistedQueries: boolean;
  /** When set, only the operations in this manifest run (parsed JSON of the file). */
  readonly operationAllowlist: unknown;
  /** Serve repeats of known operations without Apollo's per-request pipeline (same answers). */
  readonly fastPath: boolean;
}

/** Reads a file named by a variable; a missing/unreadable file is a problem of that variable. */
export type FileReader = (path: string) => string;

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

function readRedis(env: EnvReader): RedisConfig {
  const url = env.optionalString('REDIS_URL');
  if (url !== undefined && !/^rediss?:\/\/[^\s]+$/.test(url)) {
    env.problem('REDIS_URL must be a redis:// or rediss:// URL');
  }
  return {
    url,
    connectTimeoutMs: env.integer('REDIS_CONNECT_TIMEOUT_MS', 1_000, 10, 60_000),
    commandTimeoutMs: env.integer('REDIS_COMMAND_TIMEOUT_MS', 250, 1, 60_000),
  };
}

/**
 * 30 s: long enough that a dashboard refreshed by any number of users costs one upstream call
 * per distinct query every 30 s (2 a minute, so the 200-a-minute budget serves about a hundred
 * such queries), short enough that a change no event reports (no webhooks, and no live
 * subscriber for the watcher to watch) shows within half a minute.
 */
export const DEFAULT_ENTITY_CACHE_TTL_MS = 30_000;

/**
 * The budget applies to a real upstream (Wix documents 200 calls a minute per API key); the
 * embedded emulator has no such limit, so there the default is off (an explicit value still
 * applies, e.g. to try the budget locally).
 */
function readUpstreamBudget(env: EnvReader, upstream: UpstreamTarget): UpstreamBudgetConfig {
  const defaultPerMinute = upstream.kind === 'remote' ? 200 : 0;
  return {
    perMinute: env.integer('UPSTREAM_RATE_LIMIT_PER_MINUTE', defaultPerMinute, 0, 1_000_000),
    accountSharePercent: env.integer('UPSTREAM_RATE_LIMIT_ACCOUNT_PCT', 50, 1, 100),
    maxWaitMs: env.integer('UPSTREAM_RATE_LIMIT_MAX_WAIT_MS', 1_000, 0, 60_000),
  };
}

/**
 * In production the operational details are never on the API port: the operations listener
 * defaults to 9464 (the port Prometheus exporters conventionally use).
 */
function readOpsPort(env: EnvReader, nodeEnv: NodeEnv, port: number): number | undefined {
  const fallback = nodeEnv === 'production' ? 9464 : undefined;
  const opsPort =
    env.raw('OPS_PORT') === undefined ? fallback : env.integer('OPS_PORT', 9464, 0, 65535);
  if (opsPort !== undefined && opsPort !== 0 && opsPort === port) {
    env.problem('OPS_PORT must differ from PORT');
  }
  return opsPort;
}

/**
 * Node checks these timeouts once a second (`connectionsCheckingInterval` in server.ts), so a
 * stalled body is cut at most a second after `HTTP_REQUEST_TIMEOUT_MS`: 9 s + 1 s by default.
 */
function readHttpServer(env: EnvReader): HttpServerConfig {
  const config: HttpServerConfig = {
    headersTimeoutMs: env.integer('HTTP_HEADERS_TIMEOUT_MS', 5_000, 1_000, 600_000),
    requestTimeoutMs: env.integer('HTTP_REQUEST_TIMEOUT_MS', 9_000, 1_000, 600_000),
    keepAliveTimeoutMs: env.integer('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 1_000, 600_000),
    maxConnections: env.integer('HTTP_MAX_CONNECTIONS', 1_024, 1, 1_000_000),
    maxBufferedBodyBytes: env.integer(
      'HTTP_MAX_BUFFERED_BODY_BYTES',
      32 * 1024 * 1024,
      1024,
      4 * 1024 * 1024 * 1024,
    ),
  };
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    env.problem('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  return config;
}

function readFileVariable(env: EnvReader, name: string, readFile: FileReader): string | undefined {
  const path = env.optionalString(name);
  if (path === undefined) return undefined;
  try {
    return readFile(path);
  } catch {
    env.problem(`${name} names a file that cannot be read`);
    return undefined;
  }
}

function readJsonFileVariable(env: EnvReader, name: string, readFile: FileReader): unknown {
  const text = readFileVariable(env, name, readFile);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    env.problem(`${name} names a file that is not valid JSON`);
    return undefined;
  }
}

function readAuth(
  env: EnvReader,
  nodeEnv: NodeEnv,
  upstream: UpstreamTarget,
  readFile: FileReader,
): AuthConfig {
  const secret = env.optionalString('AUTH_JWT_SECRET');
  const publicKeyPem =
    env.optionalString('AUTH_JWT_PUBLIC_KEY') ??
    readFileVariable(env, 'AUTH_JWT_PUBLIC_KEY_FILE', readFile);
  const jwks = readJsonFileVariable(env, 'AUTH_JWKS_FILE', readFile);
  const issuer = env.optionalString('AUTH_JWT_ISSUER');
  const audience = env.optionalString('AUTH_JWT_AUDIENCE');
  const clockToleranceSec = env.integer('AUTH_CLOCK_TOLERANCE_SEC', 30, 0, 600);
  const keys = [
    secret === undefined ? undefined : ({ kind: 'hmac', secret } as const),
    publicKeyPem === undefined ? undefined : ({ kind: 'public-key', publicKeyPem } as const),
    jwks === undefined ? undefined : ({ kind: 'jwks', jwks } as const),
  ].filter((key) => key !== undefined);
  if (keys.length > 1) {
    env.problem(
      'set only one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY / AUTH_JWT_PUBLIC_KEY_FILE, AUTH_JWKS_FILE',
    );
  }
  const key = keys[0];
  if (key === undefined) {
    // Development mode acts for one account with every scope, for anyone who can connect: only
    // for a developer's own machine, never against Wix, never in production.
    const keyVariables = 'set AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY(_FILE) or AUTH_JWKS_FILE';
    if (nodeEnv === 'production') {
      env.problem(`with NODE_ENV=production, callers must authenticate: ${keyVariables}`);
    } else if (upstream.kind === 'remote') {
      env.problem(`with WIX_API_URL set, callers must authenticate: ${keyVariables}`);
    }
    return { kind: 'development' };
  }
  return { kind: 'jwt', key, issuer, audience, clockToleranceSec };
}

/**
 * `WIX_WEBHOOK_PUBLIC_KEY`: an RSA public key in PEM, as Wix's "Get Public Key" shows it. A
 * value written on one line with literal `\n` separators (common in .env files) is accepted.
 */
function readWebhookPublicKey(env: EnvReader): string | undefined {
  const raw = env.optionalString('WIX_WEBHOOK_PUBLIC_KEY');
  if (raw === undefined) return undefined;
  const pem = raw.includes('\\n') ? raw.replace(/\\n/g, '\n').trim() : raw;
  try {
    const isPublicPem = /-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem);
    if (isPublicPem && createPublicKey(pem).asymmetricKeyType === 'rsa') return pem;
  } catch {
    // reported below
  }
  env.problem(
    'WIX_WEBHOOK_PUBLIC_KEY must be an RSA public key in PEM (-----BEGIN PUBLIC KEY-----)',
  );
  return undefined;
}

function readGraphQL(env: EnvReader, nodeEnv: NodeEnv, readFile: FileReader): GraphQLConfig {
  const production = nodeEnv === 'production';
  return {
    introspection: env.boolean('GRAPHQL_INTROSPECTION', !production),
    playground: env.boolean('GRAPHQL_PLAYGROUND', !production),
    hideSchemaDetails: env.boolean('GRAPHQL_HIDE_SCHEMA_DETAILS', production),
    bodyLimitBytes: env.integer('GRAPHQL_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    allowBatchedRequests: env.boolean('GRAPHQL_ALLOW_BATCHED_REQUESTS', false),
    maxDepth: env.integer('GRAPHQL_MAX_DEPTH', 8, 1, 100),
    maxAliases: env.integer('GRAPHQL_MAX_ALIASES', 100, 0, 10_000),
    maxDirectives: env.integer('GRAPHQL_MAX_DIRECTIVES', 20, 0, 10_000),
    maxTokens: env.integer('GRAPHQL_MAX_TOKENS', 5_000, 100, 1_000_000),
    maxMutations: env.integer('GRAPHQL_MAX_MUTATIONS', 10, 1, 1_000),
    maxCost: env.integer('GRAPHQL_MAX_COST', 2_000, 1, 100_000_000),
    maxWorstCaseCost: env.integer('GRAPHQL_MAX_WORST_CASE_COST', 250_000, 1, 1e15),
    maxResponseValues: env.integer('GRAPHQL_MAX_RESPONSE_VALUES', 2_500_000, 1, 1_000_000_000),
    persistedQueries: env.boolean('GRAPHQL_PERSISTED_QUERIES', true),
    operationAllowlist: readJsonFileVariable(env, 'GRAPHQL_OPERATION_ALLOWLIST_FILE', readFile),
    fastPath: env.boolean('GRAPHQL_FAST_PATH', true),
  };
}

/** Most workers one primary forks: far above any core count, well below a fork bomb. */
const MAX_WORKERS = 256;

/** `WORKERS`: a count, or `auto` for one per core the process may use. */
function readWorkers(env: EnvReader, cores: () => number): number {
  const raw = env.raw('WORKERS');
  if (raw === undefined) return 1;
  if (raw.toLowerCase() === 'auto') return Math.min(Math.max(1, cores()), MAX_WORKERS);
  const count = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(count >= 1 && count <= MAX_WORKERS)) {
    env.problem(`WORKERS must be auto or an integer from 1 to ${MAX_WORKERS} (got "${raw}")`);
    return 1;
  }
  return count;
}

/** The watcher's interval: on by default unless Wix webhooks are configured (they push). */
function readLive(env: EnvReader): LiveConfig {
  const webhooksConfigured = env.raw('WIX_WEBHOOK_PUBLIC_KEY') !== undefined;
  const watchIntervalMs = env.integer(
    'WIX_WATCH_INTERVAL_MS',
    webhooksConfigured ? 0 : 5_000,
    0,
    3_600_000,
  );
  if (watchIntervalMs > 0 && watchIntervalMs < 500) {
    env.problem(`WIX_WATCH_INTERVAL_MS must be 0 (off) or at least 500 (got "${watchIntervalMs}")`);
  }
  return {
    watchIntervalMs,
    subscriberQueueLimit: env.integer('LIVE_SUBSCRIBER_QUEUE_LIMIT', 100, 1, 100_000),
    maxSubscriptionsPerConnection: env.integer('LIVE_MAX_SUBSCRIPTIONS', 20, 1, 1_000),
    maxConnectionsPerCaller: env.integer('LIVE_MAX_CONNECTIONS_PER_CALLER', 10, 1, 10_000),
  };
}

function readCorsOrigins(env: EnvReader): string[] {
  const origins = env.list('CORS_ORIGINS');
  for (const origin of origins) {
    let valid = false;
    try {
      const url = new URL(origin);
      valid = (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin;
    } catch {
      valid = false;
    }
    if (!valid)
      env.problem(
        `CORS_ORIGINS entry "${origin}" is not an exact origin like https://app.example.com`,
      );
  }
  return origins;
}

function readCorsAllowLoopback(env: EnvReader, nodeEnv: NodeEnv): boolean {
  const allow = env.boolean('CORS_ALLOW_LOOPBACK', nodeEnv === 'development');
  if (allow && nodeEnv === 'production') {
    env.problem(
      'CORS_ALLOW_LOOPBACK cannot be true with NODE_ENV=production: list exact origins in CORS_ORIGINS',
    );
  }
  return allow;
}

/** Parses the environment; throws `ConfigError` listing every problem. */
export function loadConfig(
  source: Env,
  readFile: FileReader = (path) => readFileSync(path, 'utf8'),
  cores: () => number = availableParallelism,
): Config {
  const env = new EnvReader(source);
  const nodeEnv = env.oneOf(
    'NODE_ENV',
    ['development', 'production', 'test'] as const,
    'development',
  );
  const defaultAccountId = env.string('WIX_ACCOUNT_ID', DEMO_ACCOUNT_ID);
  if (!GUID.test(defaultAccountId)) env.problem('WIX_ACCOUNT_ID must be a GUID');
  const upstream = readUpstream(env);
  const port = env.integer('PORT', 4000, 0, 65535);
  const config: Config = {
    nodeEnv,
    host: env.string('HOST', '127.0.0.1'),
    port,
    logLevel: env.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    upstream,
    defaultAccountId,
    http: {
      connections: env.integer('UPSTREAM_CONNECTIONS', 64, 1, 10_000),
      connectTimeoutMs: env.integer('UPSTREAM_CONNECT_TIMEOUT_MS', 2_000, 1, 600_000),
      // undici times headers/body with coarse timers (about 1 s resolution): smaller values
      // would not mean what they say, so 1000 is the floor.
      headersTimeoutMs: env.integer('UPSTREAM_HEADERS_TIMEOUT_MS', 10_000, 1_000, 600_000),
      bodyTimeoutMs: env.integer('UPSTREAM_BODY_TIMEOUT_MS', 10_000, 1_000, 600_000),
    },
    retry: {
      maxAttempts: env.integer('UPSTREAM_RETRY_MAX_ATTEMPTS', 3, 1, 10),
      baseDelayMs: env.integer('UPSTREAM_RETRY_BASE_DELAY_MS', 100, 0, 60_000),
      maxDelayMs: env.integer('UPSTREAM_RETRY_MAX_DELAY_MS', 2_000, 0, 600_000),
      writePolicy: env.oneOf('UPSTREAM_WRITE_RETRY', WRITE_RETRY_POLICIES, 'with-idempotency-key'),
    },
    breaker: {
      // 20, not 5: undici fires header timeouts on a coarse (about 1 s) tick, so under load a
      // few hung calls time out in the same instant; the soak bench tripped a breaker of 5 on
      // such bursts while the upstream answered 94 % of calls.
      consecutiveFailures: env.integer('UPSTREAM_BREAKER_FAILURES', 20, 1, 1_000),
      halfOpenAfterMs: env.integer('UPSTREAM_BREAKER_HALF_OPEN_MS', 10_000, 10, 3_600_000),
    },
    requestDeadlineMs: env.integer('REQUEST_DEADLINE_MS', 15_000, 100, 600_000),
    shutdownGraceMs: env.integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    auth: readAuth(env, nodeEnv, upstream, readFile),
    webhookPublicKeyPem: readWebhookPublicKey(env),
    graphql: readGraphQL(env, nodeEnv, readFile),
    corsOrigins: readCorsOrigins(env),
    corsAllowLoopback: readCorsAllowLoopback(env, nodeEnv),
    metricsEnabled: env.boolean('METRICS_ENABLED', true),
    heapGrowingPercent: env.integer('V8_HEAP_GROWING_PERCENT', 75, 0, 300),
    redis: readRedis(env),
    upstreamBudget: readUpstreamBudget(env, upstream),
    entityCache: {
      ttlMs: env.integer('ENTITY_CACHE_TTL_MS', DEFAULT_ENTITY_CACHE_TTL_MS, 0, 3_600_000),
    },
    live: readLive(env),
    tracing: readTracingConfig(env),
    workers: readWorkers(env, cores),
    httpServer: readHttpServer(env),
    opsPort: readOpsPort(env, nodeEnv, port),
  };
  if (config.httpServer.maxBufferedBodyBytes < config.graphql.bodyLimitBytes) {
    env.problem('HTTP_MAX_BUFFERED_BODY_BYTES must be at least GRAPHQL_BODY_LIMIT_BYTES');
  }
  // Otherwise every webhook larger than the budget would be refused (503) at each of Wix's
  // resends, and its change lost.
  if (
    config.webhookPublicKeyPem !== undefined &&
    config.httpServer.maxBufferedBodyBytes < WEBHOOK_BODY_LIMIT_BYTES
  ) {
    env.problem(
      `HTTP_MAX_BUFFERED_BODY_BYTES must be at least ${WEBHOOK_BODY_LIMIT_BYTES} (the largest webhook body) with WIX_WEBHOOK_PUBLIC_KEY`,
    );
  }
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
