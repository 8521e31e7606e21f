/**
 * The account id pattern of the Packages API (contract: emulator rules): permissive 8-4-4-4-12 hex, because real
 * Wix account ids are not always UUID v4. Kept here so `auth/` depends on nothing above it.
 */
const ACCOUNT_ID_PATTERN = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** True when `value` is a string shaped like a Wix GUID. */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID_PATTERN.test(value);
}
