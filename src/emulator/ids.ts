import { randomUUID } from 'node:crypto';

/** contract: emulator rules: permissive GUID shape (real account ids are not always v4). */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** True when `value` is a string shaped like a GUID. */
export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID_PATTERN.test(value);
}

/** A fresh lower-case UUID v4. */
export function newGuid(): string {
  return randomUUID();
}
