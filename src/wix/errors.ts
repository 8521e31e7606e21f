/**
 * Typed failures of the upstream layer. The GraphQL layer maps them to stable
 * `extensions.code` values in one table (src/graphql/errors); nothing here knows GraphQL.
 * Messages never contain the upstream body, the URL's host, or the API key.
 */
import type { WixEndpoint, WixFieldViolation } from './wire-types';

/** Names of the upstream endpoints (contract: endpoints), used in errors, logs and metrics (listed in wire-types.ts). */
export type { WixEndpoint };

/** Common base so callers can test `instanceof WixError`. */
export abstract class WixError extends Error {
  abstract readonly kind: 'http' | 'transport' | 'circuit-open' | 'protocol' | 'rate-limited';
  constructor(
    message: string,
    readonly endpoint: WixEndpoint,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** What an upstream refusal carried; only the endpoint and the status are always known. */
export interface WixHttpErrorOptions {
  readonly endpoint: WixEndpoint;
  readonly status: number;
  /** `details.applicationError.code`, when the body carried one. */
  readonly applicationCode?: string | undefined;
  /** `details.validationError.fieldViolations`; default none. */
  readonly fieldViolations?: readonly WixFieldViolation[];
  /** Upstream's `message` (human text written by Wix; never the raw body); default empty. */
  readonly upstreamMessage?: string;
  /** Upstream request id from the response headers, for support tickets. */
  readonly requestId?: string | undefined;
  /** Parsed `Retry-After` in milliseconds (429/503), when present. */
  readonly retryAfterMs?: number | undefined;
}

const PLAIN_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** The upstream answered with a non-2xx status (contract: errors). */
export class WixHttpError extends WixError {
  readonly kind = 'http' as const;
  readonly status: number;
  /** `details.applicationError.code`, when the body carried one. */
  readonly applicationCode: string | undefined;
  /** `details.validationError.fieldViolations`, possibly empty. */
  readonly fieldViolations: readonly WixFieldViolation[];
  /** Upstream's `message` (human text written by Wix; never the raw body). */
  readonly upstreamMessage: string;
  /** Upstream request id from the response headers, for support tickets. */
  readonly requestId: string | undefined;
  /** Parsed `Retry-After` in milliseconds (429/503), when present. */
  readonly retryAfterMs: number | undefined;

  constructor(options: WixHttpErrorOptions) {
    const { endpoint, status, applicationCode } = options;
    // The message may be logged: it names the code only when it has a code's plain shape.
    const code = applicationCode && PLAIN_CODE.test(applicationCode) ? ` ${applicationCode}` : '';
    super(`upstream ${endpoint} answered HTTP ${status}${code}`, endpoint);
    this.status = status;
    this.applicationCode = applicationCode;
    this.fieldViolations = options.fieldViolations ?? [];
    this.upstreamMessage = options.upstreamMessage ?? '';
    this.requestId = options.requestId;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Why a request got no usable HTTP answer. */
export type WixTransportReason = 'CONNECT' | 'TIMEOUT' | 'RESET' | 'ABORTED' | 'DEADLINE';

/** No HTTP answer: connection refused, timeout, reset, abort, or the request deadline passed. */
export class WixTransportError extends WixError {
  readonly kind = 'transport' as const;
  constructor(
    endpoint: WixEndpoint,
    readonly reason: WixTransportReason,
    /**
     * False only when the request provably never reached the upstream (connect failed),
     * so even a write may be retried blindly.
     */
    readonly mayHaveReachedUpstream: boolean,
    /**
     * The low-level error code behind the failure (`ECONNREFUSED`, `UND_ERR_SOCKET`, …), for
     * logs and metrics; never shown to clients. Absent when there was none (e.g. `DEADLINE`).
     */
    readonly transportCode?: string,
  ) {
    super(`upstream ${endpoint} failed: ${reason.toLowerCase()}`, endpoint);
  }
}

/** The circuit breaker for the upstream is open: failing fast without a call. */
export class WixCircuitOpenError extends WixError {
  readonly kind = 'circuit-open' as const;
  constructor(endpoint: WixEndpoint) {
    super(`upstream ${endpoint} not called: circuit breaker open`, endpoint);
  }
}

/** The upstream answered 2xx with a body we cannot read (not JSON, wrong shape). */
export class WixProtocolError extends WixError {
  readonly kind = 'protocol' as const;
  constructor(endpoint: WixEndpoint, detail: string) {
    super(`upstream ${endpoint} sent an unreadable response: ${detail}`, endpoint);
  }
}

/**
 * The shared upstream budget (src/wix/upstream-budget.ts) had no room for this call within the
 * wait allowed: it was never sent. `retryAfterMs` is when room is expected.
 */
export class WixRateLimitedError extends WixError {
  readonly kind = 'rate-limited' as const;
  constructor(
    endpoint: WixEndpoint,
    readonly retryAfterMs: number,
  ) {
    super(`upstream ${endpoint} not called: the call budget is used up`, endpoint);
  }
}
