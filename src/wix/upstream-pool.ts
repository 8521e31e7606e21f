/**
 * The one keep-alive connection pool to the upstream origin. Built once in main.ts and injected
 * into the http client; closing it (`await pool.close()`) is the caller's job at shutdown.
 */
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';

export interface UpstreamPoolOptions {
  /** Upstream base URL; only its origin is used here (a path prefix is the client's business). */
  baseUrl: string;
  /** Maximum concurrent sockets to the upstream. Default 16. */
  connections?: number;
  /** TCP + TLS connect timeout. Required: undici's default is 10 s. */
  connectTimeoutMs: number;
  /** How long an idle keep-alive socket is kept. Default 4 s (below common server idle timeouts). */
  keepAliveTimeoutMs?: number;
}

const DEFAULT_CONNECTIONS = 16;
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 4_000;

/** Creates the keep-alive undici `Pool` for the upstream origin of `options.baseUrl`. */
export function createUpstreamPool(options: UpstreamPoolOptions): Dispatcher {
  const { origin } = new URL(options.baseUrl);
  const keepAliveTimeout = options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
  return new Pool(origin, {
    connections: options.connections ?? DEFAULT_CONNECTIONS,
    connect: { timeout: options.connectTimeoutMs },
    keepAliveTimeout,
    keepAliveMaxTimeout: Math.max(keepAliveTimeout, DEFAULT_KEEP_ALIVE_TIMEOUT_MS),
  });
}
