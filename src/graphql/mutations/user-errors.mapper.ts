/**
 * Decides which upstream failures of a mutation are business refusals for the payload's
 * `userErrors`, and maps them. Everything else (transport, 5xx, 429, auth, breaker) stays a
 * top-level error mapped by src/graphql/errors.ts. Messages are the gateway's own; no
 * upstream text reaches the client.
 */
import { WixHttpError } from '../../wix/errors';
import type { WixFieldViolation } from '../../wix/wire-types';
import { WIX_APPLICATION_CODE_MESSAGES } from '../errors';
import { UserErrorCode } from './user-error-code.enum';
import type { UserErrorTarget } from './user-error-target';
import type { UserError } from './user-error.type';
import { vouchViolation } from '../common/upstream-violation';

/** HTTP statuses with which Wix refuses a request for business reasons (contract: error statuses). */
const BUSINESS_STATUSES = new Set([400, 404, 409, 428]);

const FALLBACK_BY_STATUS: Readonly<Record<number, UserErrorCode>> = {
  400: UserErrorCode.INVALID_INPUT,
  404: UserErrorCode.NOT_FOUND,
  409: UserErrorCode.CONFLICT,
  428: UserErrorCode.PRECONDITION_FAILED,
};

const MAX_VIOLATIONS = 20;

const CODES = new Set<string>(Object.values(UserErrorCode));

const GATEWAY_MESSAGES: Readonly<
  Record<Exclude<UserErrorCode, keyof typeof WIX_APPLICATION_CODE_MESSAGES>, string>
> = {
  IDEMPOTENCY_KEY_REUSED:
    'This idempotency key was already used for a different request; use a new key.',
  NOT_FOUND: 'Not found in this account.',
  INVALID_INPUT: 'Wix rejected the request as invalid.',
  CONFLICT: 'The request conflicts with the current state in Wix.',
  PRECONDITION_FAILED: 'Wix refused the change in the current state.',
};

function isUserErrorCode(code: string): code is UserErrorCode {
  return CODES.has(code);
}

function messageFor(code: UserErrorCode, target: UserErrorTarget): string {
  if (code === UserErrorCode.NOT_FOUND) {
    return `The ${target.entity} does not exist in this account.`;
  }
  return code in WIX_APPLICATION_CODE_MESSAGES
    ? WIX_APPLICATION_CODE_MESSAGES[code as keyof typeof WIX_APPLICATION_CODE_MESSAGES]
    : GATEWAY_MESSAGES[code as keyof typeof GATEWAY_MESSAGES];
}

function violationError(violation: WixFieldViolation, target: UserErrorTarget): UserError {
  const { segments, message } = vouchViolation(violation);
  return {
    code: UserErrorCode.INVALID_INPUT,
    message,
    field: segments ? [...target.bodyRoot, ...segments] : null,
  };
}

/** The code of a business refusal: the upstream's, when the gateway knows it, else by status. */
export function userErrorCodeOf(error: WixHttpError): UserErrorCode | undefined {
  if (!BUSINESS_STATUSES.has(error.status)) return undefined;
  const code = error.applicationCode;
  if (code !== undefined && isUserErrorCode(code)) return code;
  return FALLBACK_BY_STATUS[error.status];
}

/**
 * The `userErrors` for an upstream failure of a mutation described by `target`, or
 * `undefined` when the failure is not a business refusal and must stay a top-level error.
 * Validation violations (400) become one `INVALID_INPUT` each, with the offending field's path.
 */
export function toUserErrors(error: unknown, target: UserErrorTarget): UserError[] | undefined {
  if (!(error instanceof WixHttpError)) return undefined;
  const code = userErrorCodeOf(error);
  if (code === undefined) return undefined;
  if (code === UserErrorCode.INVALID_INPUT && error.fieldViolations.length > 0) {
    return error.fieldViolations
      .slice(0, MAX_VIOLATIONS)
      .map((violation) => violationError(violation, target));
  }
  const field = target.fields[code];
  return [{ code, message: messageFor(code, target), field: field ? [...field] : null }];
}
