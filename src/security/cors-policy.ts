/**
 * CORS for browser frontends calling the gateway directly. Exact-origin allowlist: an allowed
 * origin is echoed back, anything else gets no `Access-Control-Allow-Origin` at all (the browser
 * then withholds the response). No wildcard, and no `Access-Control-Allow-Credentials`: callers
 * authenticate with an `Authorization` bearer token, never with cookies. In development the
 * allowlist may also take every loopback origin (any port), where frontend dev servers run.
 */

/** Request headers a browser may send (preflight allowlist). */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
  // `no-cache` asks for data straight from the upstream (src/entity-cache/fresh-data-request.ts).
  'cache-control',
  'pragma',
] as const;

/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SEC = 600;

/** Returns the CORS response headers for a request's `Origin` (preflight and actual). */
export type CorsPolicy = (origin: string | undefined) => Record<string, string>;

function canonicalOrigin(entry: string): string {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new Error(`CORS origin "${entry}" is not a URL origin`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== entry) {
    throw new Error(
      `CORS origin "${entry}" must be exactly scheme://host[:port] (no path, no trailing slash)`,
    );
  }
  return url.origin;
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * True for an exact http(s) origin on this machine: `localhost`, 127.0.0.0/8 or `[::1]`, any
 * port. Only a browser on this machine sends such an origin for a page it loaded from here.
 */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.origin === origin &&
    LOOPBACK_HOSTS.test(url.hostname)
  );
}

/**
 * Builds the policy. Throws on `*`, `null` or anything that is not an exact http(s) origin.
 * Every answer carries `Vary: Origin`, so shared caches never serve one origin's answer to
 * another; allowed origins also get the preflight headers (methods GET, POST, OPTIONS; the
 * headers above; a 10-minute max age) and may read `x-request-id`.
 */
export function createCorsPolicy(
  allowedOrigins: readonly string[],
  options: { readonly allowLoopback?: boolean } = {},
): CorsPolicy {
  const allowed = new Set(allowedOrigins.map(canonicalOrigin));
  const allowLoopback = options.allowLoopback === true;
  return (origin): Record<string, string> => {
    if (origin === undefined) return { Vary: 'Origin' };
    if (!allowed.has(origin) && !(allowLoopback && isLoopbackOrigin(origin))) {
      return { Vary: 'Origin' };
    }
    return {
      Vary: 'Origin',
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS.join(', '),
      'Access-Control-Expose-Headers': 'x-request-id',
      'Access-Control-Max-Age': String(CORS_MAX_AGE_SEC),
    };
  };
}
