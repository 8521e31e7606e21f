/**
 * Label values are bounded here, because several of them are chosen by clients (operation
 * names) or by code outside this module: every series must come from a small, known set.
 */

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const HTTP_METHOD = /^[A-Z]{1,10}$/;

/**
 * Returns a labeler for client-chosen operation names: absent → `anonymous`; not a plain
 * GraphQL name of ≤ 64 characters → `invalid`; names beyond the first `maxDistinct` seen →
 * `other` (a client cycling through random valid names cannot grow the series count).
 */
export function createOperationNameLabeler(
  maxDistinct: number,
): (name: string | null | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (name === null || name === undefined || name === '') return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'invalid';
    if (seen.has(name)) return name;
    if (seen.size >= maxDistinct) return 'other';
    seen.add(name);
    return name;
  };
}

/** `extensions.code` as a label: upper-snake codes only, else `OTHER`; none → `none`. */
export function errorCodeLabel(code: unknown): string {
  if (code === undefined || code === null) return 'none';
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : 'OTHER';
}

/** Endpoint and loader names: identifiers only, else `invalid`. */
export function identifierLabel(value: string): string {
  return IDENTIFIER.test(value) ? value : 'invalid';
}

export function httpMethodLabel(method: string): string {
  return HTTP_METHOD.test(method) ? method : 'OTHER';
}

/**
 * The outcome of one upstream attempt: the error reason when there is one (`TIMEOUT`,
 * `CIRCUIT_OPEN`, …), else the HTTP status, else `unknown`.
 */
export function upstreamStatusLabel(status: number | undefined, errorReason: string | undefined) {
  if (errorReason !== undefined) return ERROR_CODE.test(errorReason) ? errorReason : 'OTHER';
  if (status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599) {
    return String(status);
  }
  return 'unknown';
}
