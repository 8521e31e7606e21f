/**
 * The one table from upstream failures to stable GraphQL `extensions.code` values with safe
 * human messages, and the gateway's own input error. Everything a client can see of an
 * upstream failure passes through `toGraphQLError`; the upstream body, URL, stack and API key
 * never do. `format-error.ts` lets through only `GatewayError`s (and GraphQL's own request
 * errors) and masks the rest.
 */
import { GraphQLError } from 'graphql';
import {
  WixCircuitOpenError,
  WixError,
  WixHttpError,
  WixProtocolError,
  WixRateLimitedError,
  WixTransportError,
  type WixTransportReason,
} from '../wix/errors';
import { WIX_APPLICATION_ERROR_CODES, type WixApplicationErrorCode } from '../wix/wire-types';
import {
  fieldPathText,
  vouchViolation,
  type KnownViolationRule,
} from './common/upstream-violation';
import { USER_ERROR_CODES } from './mutations/user-error-code.enum';

/** Every `extensions.code` the gateway emits on purpose. */
export type GatewayErrorCode =
  | 'BAD_USER_INPUT'
  | 'RESPONSE_TOO_LARGE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UPSTREAM_PRECONDITION_FAILED'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_AUTH_FAILED'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_ABORTED'
  | 'UPSTREAM_CIRCUIT_OPEN'
  | 'UPSTREAM_PROTOCOL_ERROR';

/** One problem with a client's arguments. */
export interface InputViolation {
  /** Path of the argument, e.g. `filter.and[1].id.in[0]`. */
  readonly path: string;
  readonly message: string;
}

/**
 * One upstream validation violation, as shown to clients: only what the gateway vouches for
 * (src/graphql/common/upstream-violation.ts), never the upstream's own text.
 */
export interface UpstreamFieldViolation {
  /** The field path (`products[0].countryCode`), or null when the upstream's is not a plain path. */
  readonly field: string | null;
  /** The gateway's description of the rule. */
  readonly description: string;
  /** The violated rule, when the gateway knows it. */
  readonly rule: KnownViolationRule | null;
}

/** The extensions a `GatewayError` may carry; nothing else is ever added. */
export type GatewayErrorExtensions = {
  readonly code: GatewayErrorCode;
  /** HTTP status the upstream answered with. */
  readonly httpStatus?: number;
  /** `details.applicationError.code` of the upstream answer. */
  readonly wixCode?: string;
  /** The upstream's request id, for support tickets. */
  readonly upstreamRequestId?: string;
  /** How long the upstream asked us to wait (429/503), in milliseconds. */
  readonly retryAfterMs?: number;
  /** `RESPONSE_TOO_LARGE`: the response-size budget that was exhausted. */
  readonly limit?: number;
  /** `BAD_USER_INPUT`: every problem found in the arguments. */
  readonly violations?: readonly InputViolation[];
  /** `UPSTREAM_REJECTED`: the upstream's validation violations. */
  readonly fieldViolations?: readonly UpstreamFieldViolation[];
  /**
   * Write mutations: the idempotency key the failed write was sent with (the client's or a
   * generated one). Retrying with it cannot apply the write twice while Wix remembers it.
   */
  readonly idempotencyKey?: string;
};

/**
 * An error the gateway raises on purpose: its message and extensions are safe to show.
 * `format-error.ts` recognises errors by this class.
 */
export class GatewayError extends GraphQLError {
  declare readonly extensions: GatewayErrorExtensions;

  constructor(message: string, extensions: GatewayErrorExtensions) {
    super(message, { extensions: { ...extensions } });
    this.name = 'GatewayError';
  }
}

/** Builds the `BAD_USER_INPUT` error for one or more argument problems. */
export function badUserInput(violations: readonly InputViolation[]): GatewayError {
  const summary = violations.map((v) => `${v.path}: ${v.message}`).join('; ');
  return new GatewayError(`Invalid arguments: ${summary}`, {
    code: 'BAD_USER_INPUT',
    violations: [...violations],
  });
}

/** The rows of the table: every way an upstream call can fail. */
export type UpstreamFailure =
  | 'transport-timeout'
  | 'transport-deadline'
  | 'transport-connect'
  | 'transport-reset'
  | 'transport-aborted'
  | 'circuit-open'
  | 'budget-exhausted'
  | 'protocol'
  | 'http-400'
  | 'http-401'
  | 'http-403'
  | 'http-404'
  | 'http-409'
  | 'http-428'
  | 'http-429'
  | 'http-other-4xx'
  | 'http-504'
  | 'http-5xx';

interface TableRow {
  readonly code: GatewayErrorCode;
  readonly message: string;
  /** Whether `wixCode` (and a code-specific message) may be shown. */
  readonly showsWixCode: boolean;
}

/** THE mapping table. Messages are ours, never the upstream's text. */
export const UPSTREAM_ERROR_TABLE: Readonly<Record<UpstreamFailure, TableRow>> = {
  'transport-timeout': {
    code: 'UPSTREAM_TIMEOUT',
    message: 'The Wix API did not answer in time.',
    showsWixCode: false,
  },
  'transport-deadline': {
    code: 'UPSTREAM_TIMEOUT',
    message: 'The request ran out of time while waiting for the Wix API.',
    showsWixCode: false,
  },
  'transport-connect': {
    code: 'UPSTREAM_UNAVAILABLE',
    message: 'The Wix API could not be reached.',
    showsWixCode: false,
  },
  'transport-reset': {
    code: 'UPSTREAM_UNAVAILABLE',
    message: 'The connection to the Wix API was lost.',
    showsWixCode: false,
  },
  'transport-aborted': {
    code: 'UPSTREAM_ABORTED',
    message: 'The call to the Wix API was cancelled before it completed.',
    showsWixCode: false,
  },
  'circuit-open': {
    code: 'UPSTREAM_CIRCUIT_OPEN',
    message: 'The Wix API is failing; calls are paused briefly. Retry later.',
    showsWixCode: false,
  },
  'budget-exhausted': {
    code: 'UPSTREAM_RATE_LIMITED',
    message: 'The gateway is at its Wix API call budget; the call was not sent. Retry later.',
    showsWixCode: false,
  },
  protocol: {
    code: 'UPSTREAM_PROTOCOL_ERROR',
    message: 'The Wix API sent a response the gateway could not read.',
    showsWixCode: false,
  },
  'http-400': {
    code: 'UPSTREAM_REJECTED',
    message: 'The Wix API rejected the request as invalid.',
    showsWixCode: true,
  },
  'http-401': {
    code: 'UPSTREAM_AUTH_FAILED',
    message: 'The gateway is not authorised to call the Wix API. Contact the operator.',
    showsWixCode: false,
  },
  'http-403': {
    code: 'UPSTREAM_AUTH_FAILED',
    message: 'The gateway is not authorised to call the Wix API. Contact the operator.',
    showsWixCode: false,
  },
  'http-404': {
    code: 'NOT_FOUND',
    message: 'Not found for this account.',
    showsWixCode: true,
  },
  'http-409': {
    code: 'CONFLICT',
    message: 'The request conflicts with the current state in Wix.',
    showsWixCode: true,
  },
  'http-428': {
    code: 'UPSTREAM_PRECONDITION_FAILED',
    message: 'The Wix API refused the operation in the current state.',
    showsWixCode: true,
  },
  'http-429': {
    code: 'UPSTREAM_RATE_LIMITED',
    message: 'The Wix API rate limit was reached. Retry later.',
    showsWixCode: false,
  },
  'http-other-4xx': {
    code: 'UPSTREAM_REJECTED',
    message: 'The Wix API rejected the request.',
    showsWixCode: true,
  },
  'http-504': {
    code: 'UPSTREAM_TIMEOUT',
    message: 'The Wix API did not answer in time.',
    showsWixCode: false,
  },
  'http-5xx': {
    code: 'UPSTREAM_UNAVAILABLE',
    message: 'The Wix API failed to process the request.',
    showsWixCode: false,
  },
};

/** Our wording for the documented application codes (contract: reseller error codes); used when the row shows codes. */
export const WIX_APPLICATION_CODE_MESSAGES: Readonly<Record<WixApplicationErrorCode, string>> = {
  PRODUCT_NOT_FOUND: 'The catalog product does not exist.',
  ACCOUNT_NOT_FOUND: 'The Wix account does not exist.',
  SITE_NOT_FOUND: 'The site does not exist in this account.',
  PRODUCT_LIMIT_EXCEEDED: 'The product limit for this account has been reached.',
  PRODUCT_SETTINGS_NOT_FOUND: 'The product has no settings for resale.',
  MISSING_BILLING_CYCLE: 'This product needs a billing cycle.',
  INCOMPATIBLE_BILLING_CYCLE: 'This product does not support the requested billing cycle.',
  INVALID_BILLING_CYCLE: 'The billing cycle is invalid.',
  INVALID_PRODUCTS: 'The products cannot be sold together.',
  MULTIPLE_PRODUCT_ASSIGNMENTS: 'More than one product of the same type targets one site.',
  PRODUCT_TYPE_ALREADY_ASSIGNED: 'The site already has a product of this type.',
  PRODUCT_NOT_SUPPORTED_ON_SITE: 'The product cannot be used on this site yet.',
  PRODUCT_INSTANCE_NOT_FOUND: 'The product instance does not exist in this account.',
  INCOMPATIBLE_PRODUCT_INSTANCE_STATUS:
    'The product instance is in a status that does not allow this operation.',
  INCOMPATIBLE_PRODUCT: 'The new product is not of the same type as the current one.',
  MISSING_PRODUCT_DETAILS: 'Say what to change: a catalog product or a billing cycle.',
  // The gateway gives this code itself for a reference outside the caller's accounts; the
  // code is the emulator's (Wix documents none for it: see the README's Upstream contract).
  INVALID_REFERENCE_PRODUCT_INSTANCE:
    'The reference product instance does not exist in this account or cannot be referenced.',
};

const TRANSPORT_ROWS: Readonly<Record<WixTransportReason, UpstreamFailure>> = {
  TIMEOUT: 'transport-timeout',
  DEADLINE: 'transport-deadline',
  CONNECT: 'transport-connect',
  RESET: 'transport-reset',
  ABORTED: 'transport-aborted',
};

/** Decides which row of the table an upstream failure falls into. */
export function classifyUpstreamFailure(error: WixError): UpstreamFailure {
  if (error instanceof WixTransportError) {
    return TRANSPORT_ROWS[error.reason];
  }
  if (error instanceof WixCircuitOpenError) return 'circuit-open';
  if (error instanceof WixRateLimitedError) return 'budget-exhausted';
  if (error instanceof WixProtocolError) return 'protocol';
  if (error instanceof WixHttpError) {
    switch (error.status) {
      case 400:
        return 'http-400';
      case 401:
        return 'http-401';
      case 403:
        return 'http-403';
      case 404:
        return 'http-404';
      case 409:
        return 'http-409';
      case 428:
        return 'http-428';
      case 429:
        return 'http-429';
      case 504:
        return 'http-504';
    }
    if (error.status >= 500) return 'http-5xx';
    if (error.status >= 400) return 'http-other-4xx';
  }
  // A 1xx/2xx/3xx "error" or an unknown subclass can only be a misbehaving upstream.
  return 'protocol';
}

/** The application codes the gateway knows and so may show: Wix's documented ones and its own. */
const KNOWN_CODES: ReadonlySet<string> = new Set(USER_ERROR_CODES);
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:/-]{1,128}$/;
const MAX_VIOLATIONS = 20;

function isKnownApplicationCode(code: string): code is WixApplicationErrorCode {
  return (WIX_APPLICATION_ERROR_CODES as readonly string[]).includes(code);
}

function shownViolation(
  violation: WixHttpError['fieldViolations'][number],
): UpstreamFieldViolation {
  const { segments, rule, message } = vouchViolation(violation);
  return { field: segments ? fieldPathText(segments) : null, description: message, rule };
}

function httpExtensions(error: WixHttpError, row: TableRow): Omit<GatewayErrorExtensions, 'code'> {
  const wixCode =
    row.showsWixCode && error.applicationCode && KNOWN_CODES.has(error.applicationCode)
      ? error.applicationCode
      : undefined;
  // Only an id's shape can be vouched for; the key itself was redacted below (src/wix).
  const upstreamRequestId =
    error.requestId && SAFE_REQUEST_ID.test(error.requestId) ? error.requestId : undefined;
  const fieldViolations =
    row.code === 'UPSTREAM_REJECTED' && error.fieldViolations.length > 0
      ? error.fieldViolations.slice(0, MAX_VIOLATIONS).map(shownViolation)
      : undefined;
  return {
    httpStatus: error.status,
    ...(wixCode !== undefined && { wixCode }),
    ...(upstreamRequestId !== undefined && { upstreamRequestId }),
    ...(error.retryAfterMs !== undefined &&
      Number.isFinite(error.retryAfterMs) && { retryAfterMs: Math.max(0, error.retryAfterMs) }),
    ...(fieldViolations !== undefined && { fieldViolations }),
  };
}

/**
 * Turns a caught upstream failure into the client-facing error, by the table above.
 * The message is ours (per row, or per documented application code); extensions carry at
 * most the upstream HTTP status, a known application code, the request id, the retry delay
 * and the validation violations as far as the gateway vouches for them.
 */
export function toGraphQLError(error: WixError): GatewayError {
  const row = UPSTREAM_ERROR_TABLE[classifyUpstreamFailure(error)];
  if (error instanceof WixRateLimitedError) {
    return new GatewayError(row.message, {
      code: row.code,
      retryAfterMs: Math.max(0, Math.ceil(error.retryAfterMs)),
    });
  }
  if (!(error instanceof WixHttpError)) return new GatewayError(row.message, { code: row.code });
  const extensions = httpExtensions(error, row);
  const message =
    extensions.wixCode !== undefined && isKnownApplicationCode(extensions.wixCode)
      ? WIX_APPLICATION_CODE_MESSAGES[extensions.wixCode]
      : row.message;
  return new GatewayError(message, { code: row.code, ...extensions });
}

/**
 * A write answered with a package outside the caller's accounts (a misbehaving upstream, or a
 * write applied elsewhere than asked). Reads treat such a package as absent; a write cannot
 * claim its subject is absent (it may have been applied), so it fails, showing nothing of the
 * package. The row of an unreadable answer, with a message that says what happened.
 */
export function foreignWriteResponseError(): GatewayError {
  return new GatewayError(
    'The Wix API answered the write with a package outside your accounts; it is not shown, and the write may have been applied.',
    { code: UPSTREAM_ERROR_TABLE.protocol.code },
  );
}

/**
 * The same client-facing error, also naming the idempotency key of the write that failed, so
 * a client that let the gateway generate one can still retry safely.
 */
export function withIdempotencyKey(error: GatewayError, idempotencyKey: string): GatewayError {
  return new GatewayError(error.message, { ...error.extensions, idempotencyKey });
}

/** Maps an upstream failure by the table; returns anything else unchanged. */
export function toClientError(error: unknown): unknown {
  return error instanceof WixError ? toGraphQLError(error) : error;
}
