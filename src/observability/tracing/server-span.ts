/**
 * The HTTP SERVER span of a GraphQL request (HTTP server semantic conventions), made by our own
 * handler rather than by an http instrumentation, so the fast path and Apollo are covered
 * alike. It continues the client's W3C trace (`traceparent`/`tracestate`) and is the active
 * span while the request runs, so the operation, the loader batches and the upstream attempts
 * are its descendants. Recorded: method, route, scheme, protocol version, status. Never the
 * query string (a GET carries the variables there), a header or the body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
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
import type { Tracing } from './tracing';

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Methods the conventions name; any other is `_OTHER` (a client picks the method). */
const KNOWN_METHODS = new Set(['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

/** Wraps the handler of `route` so every request is one SERVER span. */
export function traceServerRequests(handler: Handler, tracing: Tracing, route: string): Handler {
  const { tracer, propagator } = tracing;
  return async (request, response) => {
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
        },
      },
      parent,
    );
    try {
      await context.with(trace.setSpan(parent, span), () => handler(request, response));
    } catch (error) {
      span.setAttribute(ATTR_ERROR_TYPE, (error as Error)?.name ?? 'Error');
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      const status = response.statusCode;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      // Server spans are errors on 5xx only: a 4xx is the client's mistake.
      if (status >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
  };
}
