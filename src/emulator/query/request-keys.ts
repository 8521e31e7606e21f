/**
 * proto3 JSON parsers accept both the lowerCamelCase and the original snake_case spelling of a
 * field (contract: headers, emulator rules (a decision where Wix documents nothing)). These helpers map request keys and dotted filter paths to camelCase.
 */

/** `cursor_paging` → `cursorPaging`; keys already in camelCase are unchanged. */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `product_instances.instance_id` → `productInstances.instanceId`. */
export function camelizePath(path: string): string {
  return path.split('.').map(snakeToCamel).join('.');
}

/** A plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object's entries with camelCase keys; the first spelling wins when both are present. */
export function camelizeKeys(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const camel = snakeToCamel(key);
    if (!(camel in result)) result[camel] = entry;
  }
  return result;
}
