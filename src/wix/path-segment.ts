/**
 * Encodes one value as one URL path segment, so that no value can change the path's shape:
 * `encodeURIComponent` (every reserved character, `/` `?` `#` `%` included) plus `.`, which it
 * leaves alone: a segment of `.` or `..` would otherwise be removed or climb a level wherever
 * the URL is normalised (RFC 3986 §5.2.4: proxies, load balancers, some servers), and the call
 * would reach another endpoint. `%2E` is the same character to a server that decodes the
 * segment (Wix, the emulator), and dot-segment removal, which works on the path as sent, leaves
 * it alone. (A WHATWG URL parser does treat `%2E%2E` as `..`; an intermediary that re-parses
 * paths that way would need `.`/`..` refused outright, which Wix's API gives no reason to do.)
 */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/\./g, '%2E');
}
