/**
 * The HTTP SERVER span of a request to a gateway route (HTTP server semantic conventions): a
 * GraphQL request, the opening of an SSE subscription stream, a Wix webhook. Made by our own
 * handlers rather than by an http instrumentation, so the fast path and Apollo are covered
 * alike. It continues the client's W3C trace (`traceparent`/`tracestate`) and is the active
 * span while the request runs, so the operation, the loader batches and the upstream attempts
 * are its descendants. Recorded: method, route, scheme, protocol version, status. Never the
 * query string (a GET carries the variables there), a header or the body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  type Attributes,
  type Span,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import { recordThrown } from './span-work';
import type { Tracing } from './tracing';

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Methods the conventions name; any other is `_OTHER` (a client picks the method). */
const KNOWN_METHODS = new Set(['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

/**
 * Runs `run` in the SERVER span of `request` on `route` (ended when `run` settles, with the
 * response's status at that moment): the whole request for an ordinary route; for a stream,
 * the part until the stream opens. `attributes` are added to the span's own.
 */
export async function runInServerSpan<T>(
  tracing: Tracing,
  route: string,
  request: IncomingMessage,
  response: ServerResponse,
  run: (span: Span) => Promise<T>,
  attributes: Attributes = {},
): Promise<T> {
  const { tracer, propagator } = tracing;
  const method =
    request.method !== undefined && KNOWN_METHODS.has(request.method) ? request.method : '_OTHER';
  const parent = propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
  const span = tracer.startSpan(
    `${method} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ATTR_HTTP_ROUTE]: route,
        [ATTR_URL_PATH]: route,
        [ATTR_URL_SCHEME]: 'http',
        [ATTR_NETWORK_PROTOCOL_VERSION]: request.httpVersion,
        ...attributes,
      },
    },
    parent,
  );
  let threw = false;
  try {
    return await context.with(trace.setSpan(parent, span), () => run(span));
  } catch (error) {
    threw = true;
    recordThrown(span, error);
    throw error;
  } finally {
    // A handler that throws before answering gets the server's generic 500 (server.ts).
    const status = threw && !response.headersSent ? 500 : response.statusCode;
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    // Server spans are errors on 5xx only: a 4xx is the client's mistake.
    if (status >= 500) {
      if (!threw) span.setAttribute(ATTR_ERROR_TYPE, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  }
}

/** Wraps the handler of `route` so every request is one SERVER span. */
export function traceServerRequests(handler: Handler, tracing: Tracing, route: string): Handler {
  return (request, response) =>
    runInServerSpan(tracing, route, request, response, () => handler(request, response));
}
