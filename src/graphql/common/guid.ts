/**
 * GUIDs as the upstream uses them (contract: emulator rules): 8-4-4-4-12 hex. The pattern is deliberately
 * permissive (any version/variant), because real Wix account ids are not always UUID v4.
 */
const GUID_PATTERN = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** True when `value` is a GUID in the permissive 8-4-4-4-12 hex form. */
export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

/** The upstream emits GUIDs in lower case; ids sent upstream are normalised the same way. */
export function normalizeGuid(value: string): string {
  return value.toLowerCase();
}
