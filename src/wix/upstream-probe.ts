/**
 * Readiness probe for the upstream: can a TCP connection to its origin be opened? It costs no
 * API quota (no HTTP request is made) and its result is cached briefly, so a busy readiness
 * endpoint cannot turn into load on Wix.
 */
import { connect } from 'node:net';

export interface UpstreamProbe {
  /** True when a connection opened within the timeout (cached for `cacheMs`). */
  reachable(): Promise<boolean>;
}

/** Creates a probe of `baseUrl`'s host and port. */
export function createUpstreamProbe(
  baseUrl: string,
  options: { timeoutMs: number; cacheMs: number },
): UpstreamProbe {
  const url = new URL(baseUrl);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let cached: { at: number; result: Promise<boolean> } | undefined;

  const attempt = (): Promise<boolean> =>
    new Promise((resolve) => {
      const socket = connect({ host, port });
      const finish = (result: boolean): void => {
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(options.timeoutMs, () => finish(false));
      socket.once('connect', () => finish(true));
      socket.once('error', () => finish(false));
    });

  return {
    reachable() {
      const now = Date.now();
      if (cached === undefined || now - cached.at >= options.cacheMs) {
        cached = { at: now, result: attempt() };
      }
      return cached.result;
    },
  };
}
