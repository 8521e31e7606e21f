/**
 * Turns a field path of an upstream validation violation (`products[0].country_code`) into
 * path segments in the GraphQL input's terms (`["products", "0", "countryCode"]`). The
 * gateway's input fields carry the wire names, so only the notation changes.
 */
const SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_]{0,63}|\d{1,4})$/;
const MAX_SEGMENTS = 8;

function camelCase(segment: string): string {
  return segment.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * Segments of `wirePath`, or `null` when it is not a plain field path (an upstream path such
 * as `body` or anything unexpected must not be echoed as if it named an argument).
 */
export function wireFieldPathSegments(wirePath: string): string[] | null {
  const segments = wirePath
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '');
  if (segments.length === 0 || segments.length > MAX_SEGMENTS) return null;
  if (!segments.every((segment) => SEGMENT.test(segment))) return null;
  return segments.map(camelCase);
}
