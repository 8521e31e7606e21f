import type { WixErrorBody, WixFieldViolation } from '../wix/wire-types';

/**
 * Codes the emulator uses that are NOT Wix codes (emulator decisions where Wix documents nothing (contract: emulator rules)). They are invented so that
 * clients can tell these situations apart; real Wix may answer differently.
 */
export const EMULATOR_ONLY_CODES = {
  /** Invented: a `referenceProductInstanceId` broke one of the contract: Create Package V2 reference rules (428). */
  invalidReference: 'INVALID_REFERENCE_PRODUCT_INSTANCE',
  /** Invented: an idempotency key was reused with a different request body (409). */
  idempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  /** Invented: no route matches the path (404). */
  routeNotFound: 'ROUTE_NOT_FOUND',
  /** Invented: the path exists but not with this method (405). */
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  /** Invented: the request body exceeds the configured maximum (413). */
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** Invented: an injected 429 (rate limit) fault. */
  tooManyRequests: 'TOO_MANY_REQUESTS',
} as const;

/**
 * A request the emulator refuses, carrying the exact HTTP status and contract: error envelope body to send.
 * Domain code throws it; the HTTP layer turns it into the response.
 */
export class EmulatorApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: WixErrorBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.message || `HTTP ${status}`);
    this.name = 'EmulatorApiError';
  }
}

/** An error carrying `details.applicationError` (contract: error envelope). */
export function applicationError(
  status: number,
  code: string,
  description: string,
  data: Record<string, unknown> = {},
): EmulatorApiError {
  return new EmulatorApiError(status, {
    message: description,
    details: { applicationError: { code, description, data } },
  });
}

/** 428 FAILED_PRECONDITION with an application code (contract: error statuses: Wix maps it to 428). */
export function preconditionFailed(
  code: string,
  description: string,
  data: Record<string, unknown> = {},
): EmulatorApiError {
  return applicationError(428, code, description, data);
}

/** 404 `NOT_FOUND` that does not reveal whether the entity exists in another account (contract: emulator rules). */
export function entityNotFound(kind: 'package' | 'product instance', id: string): EmulatorApiError {
  const idKey = kind === 'package' ? 'packageId' : 'instanceId';
  return applicationError(404, 'NOT_FOUND', `${kind} ${id} not found`, { [idKey]: id });
}

/** 400 with every field violation at once (contract: error envelope validationError). */
export function validationFailed(
  violations: readonly WixFieldViolation[],
  message = 'invalid request',
): EmulatorApiError {
  const summary = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  return new EmulatorApiError(400, {
    message: summary ? `${message}: ${summary}` : message,
    details: { validationError: { fieldViolations: [...violations] } },
  });
}

/** A 5xx: Wix sends system errors with an empty body by design (contract: error envelope). */
export function systemError(
  status: number,
  headers: Readonly<Record<string, string>> = {},
): EmulatorApiError {
  return new EmulatorApiError(status, { message: '', details: {} }, headers);
}
