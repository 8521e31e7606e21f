/**
 * contract: emulator rules, a decision where Wix documents nothing: requests may use snake_case keys (proto3 JSON parsers accept both spellings). Converts
 * every object key, at any depth, to lowerCamelCase. Keys that start with `$` (query operators)
 * are kept; dotted filter paths are converted segment by segment.
 */
export function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    result[camelizeKey(key)] = camelizeKeys(inner);
  }
  return result;
}

/** `cycle_duration` → `cycleDuration`; `product_instances.site_id` → `productInstances.siteId`. */
export function camelizeKey(key: string): string {
  if (key.startsWith('$')) return key;
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
