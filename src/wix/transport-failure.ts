/**
 * Turns an undici/socket failure into a `WixTransportError`, deciding whether the request may
 * have reached the upstream (which decides whether a write may be retried blindly).
 */
import { WixTransportError } from './errors';
import type { WixEndpoint } from './errors';

/** Failures before a connection existed: the request provably never left this process. */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/** Errors that are our own mistakes (bad header value, bad option), not transport failures. */
const PROGRAMMING_ERRORS = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? undefined : errorCode(cause);
}

function isAbort(error: unknown, code: string | undefined): boolean {
  return code === 'UND_ERR_ABORTED' || (error instanceof Error && error.name === 'AbortError');
}

/**
 * True for errors that must propagate unchanged: they describe a bug in the request we built,
 * so retrying or blaming the upstream would hide it. Their messages name the option, not values.
 */
export function isProgrammingError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && PROGRAMMING_ERRORS.has(code);
}

/**
 * Classifies a failure thrown while sending a request or reading its response.
 * `deadlineExpired` says our own per-request deadline fired (then the reason is `DEADLINE`).
 */
export function toTransportError(
  endpoint: WixEndpoint,
  error: unknown,
  deadlineExpired: boolean,
): WixTransportError {
  const code = errorCode(error);
  if (deadlineExpired) return new WixTransportError(endpoint, 'DEADLINE', true, code);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new WixTransportError(endpoint, 'TIMEOUT', false, code);
  }
  if (code !== undefined && NEVER_CONNECTED.has(code)) {
    return new WixTransportError(endpoint, 'CONNECT', false, code);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new WixTransportError(endpoint, 'TIMEOUT', true, code);
  }
  if (isAbort(error, code)) return new WixTransportError(endpoint, 'ABORTED', true, code);
  // Socket closed or reset, pool closed, anything unknown: assume the request may have landed.
  return new WixTransportError(endpoint, 'RESET', true, code ?? 'UNKNOWN');
}
