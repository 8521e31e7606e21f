/**
 * One OpenTelemetry CLIENT span per upstream attempt (HTTP client semantic conventions): named
 * `{method} {route template}`, with the status, the retry number (`http.request.resend_count`)
 * and the breaker state the attempt met; the attempt's `traceparent`/`tracestate` go upstream
 * so the upstream's own logs join the trace. Only the API is used (the SDK is the process's
 * business) and nothing of the request is recorded but its method, route and account-free
 * metadata: never a header value, a body, an id from the path or the key.
 */
import {
  context,
  defaultTextMapSetter,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import type { BreakerState } from './circuit-breaker';
import { ENDPOINT_ROUTES } from './endpoint-routes';
import type { WixEndpoint } from './errors';

/** `url.template` is still experimental in the conventions: its key is kept here. */
export const ATTR_URL_TEMPLATE = 'url.template';
/** The gateway's own attributes. */
export const ATTR_UPSTREAM_ENDPOINT = 'packages_gateway.upstream.endpoint';
export const ATTR_BREAKER_STATE = 'packages_gateway.upstream.breaker_state';

/** What the http client needs to trace: a tracer, and the propagator of the trace context. */
export interface UpstreamTracing {
  readonly tracer: Tracer;
  readonly propagator: TextMapPropagator;
}

/** Where the upstream is, as the spans name it (`server.address`, `server.port`). */
export interface UpstreamAddress {
  readonly host: string;
  readonly port: number;
}

export function upstreamAddressOf(origin: string): UpstreamAddress {
  const url = new URL(origin);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { host: url.hostname, port };
}

/**
 * Starts the attempt's span as a child of the active context and writes its trace context into
 * `headers` (the attempt's own header object).
 */
export function startAttemptSpan(
  tracing: UpstreamTracing,
  address: UpstreamAddress,
  attempt: { endpoint: WixEndpoint; method: string; attemptNumber: number },
  breakerState: BreakerState,
  headers: Record<string, string>,
): Span {
  const route = ENDPOINT_ROUTES[attempt.endpoint];
  const parent = context.active();
  const span = tracing.tracer.startSpan(
    `${attempt.method} ${route}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: attempt.method,
        [ATTR_URL_TEMPLATE]: route,
        [ATTR_SERVER_ADDRESS]: address.host,
        [ATTR_SERVER_PORT]: address.port,
        [ATTR_UPSTREAM_ENDPOINT]: attempt.endpoint,
        [ATTR_BREAKER_STATE]: breakerState,
        // The conventions record it on retries only (absent on the first attempt).
        ...(attempt.attemptNumber > 1 && {
          [ATTR_HTTP_REQUEST_RESEND_COUNT]: attempt.attemptNumber - 1,
        }),
      },
    },
    parent,
  );
  tracing.propagator.inject(trace.setSpan(parent, span), headers, defaultTextMapSetter);
  return span;
}

/**
 * Ends the attempt's span: the status when there was an answer; `error.type` is the status
 * code for 4xx/5xx, or why there was no usable answer (`TIMEOUT`, `CIRCUIT_OPEN`, …).
 */
export function endAttemptSpan(span: Span, status: number | undefined, errorReason?: string): void {
  if (status !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
  const errorType = status !== undefined && status >= 400 ? String(status) : errorReason;
  if (errorType !== undefined) {
    span.setAttribute(ATTR_ERROR_TYPE, errorType);
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
  }
  span.end();
}
