/**
 * How a client says it must not be answered from the entity cache: the standard HTTP request
 * directives that ask a cache to go to the origin (RFC 9111 §5.2.1): `Cache-Control: no-cache`,
 * `no-store` or `max-age=0`, or the HTTP/1.0 `Pragma: no-cache`. A browser `fetch` with
 * `cache: 'no-store'` or `'reload'` sends them by itself.
 */
import type { IncomingHttpHeaders } from 'node:http';

const FRESH_DIRECTIVES = new Set(['no-cache', 'no-store', 'max-age=0']);

/** Node joins repeated `Cache-Control` / `Pragma` headers with commas: one list. */
function directives(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((directive) => directive.trim().toLowerCase().replace(/\s+/g, ''))
    .filter((directive) => directive !== '');
}

/** True when the request asks for data straight from the upstream. */
export function wantsFreshData(headers: IncomingHttpHeaders): boolean {
  return (
    directives(headers['cache-control']).some((directive) => FRESH_DIRECTIVES.has(directive)) ||
    directives(headers.pragma).includes('no-cache')
  );
}
