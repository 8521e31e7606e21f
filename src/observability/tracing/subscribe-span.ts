/**
 * The entrance span of a subscribe on a live transport, continuing the client's W3C trace:
 * - SSE: the HTTP SERVER span `POST /graphql/stream` (server-span.ts), ended when the stream
 *   opens or the refusal is answered (each event is a span of its own);
 * - WebSocket: `graphql-ws subscribe`, SERVER, one per `subscribe` message, continuing the
 *   trace of the upgrade request's `traceparent` (browsers cannot set one; other clients can),
 *   ended when the subscription has started or was refused.
 * Both carry `packages_gateway.live.transport` and `packages_gateway.live.subscribe.outcome`
 * (`started` or `refused`); a refusal's errors are `exception` events by `extensions.code`.
 * The subscription's operation span (`subscription {name}`) is their child.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  type Span,
} from '@opentelemetry/api';
import { ATTR_NETWORK_PROTOCOL_NAME, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import { recordGraphQLErrors, type CodedError } from './graphql-error-events';
import type { Tracing } from './tracing';

export const ATTR_LIVE_TRANSPORT = 'packages_gateway.live.transport';
export const ATTR_SUBSCRIBE_OUTCOME = 'packages_gateway.live.subscribe.outcome';

/**
 * Records a subscribe's outcome on its entrance span: `refused` with its errors, or `started`.
 * On the SSE span (an HTTP span) the error status follows the HTTP status instead (4xx is the
 * client's), so `asError` is false there.
 */
export function recordSubscribeOutcome(
  span: Span,
  refusal: readonly CodedError[] | undefined,
  options: { asError: boolean },
): void {
  span.setAttribute(ATTR_SUBSCRIBE_OUTCOME, refusal === undefined ? 'started' : 'refused');
  if (refusal !== undefined) recordGraphQLErrors(span, refusal, options);
}

/**
 * Runs one WebSocket subscribe in its span; `run` answers with the errors refusing it (an
 * array) or with what starts it.
 */
export async function runInWebSocketSubscribeSpan<T extends object>(
  tracing: Tracing,
  upgradeHeaders: IncomingHttpHeaders,
  path: string,
  run: () => Promise<T>,
): Promise<T> {
  const parent = tracing.propagator.extract(ROOT_CONTEXT, upgradeHeaders, defaultTextMapGetter);
  const span = tracing.tracer.startSpan(
    'graphql-ws subscribe',
    {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_NETWORK_PROTOCOL_NAME]: 'websocket',
        [ATTR_URL_PATH]: path,
        [ATTR_LIVE_TRANSPORT]: 'websocket',
      },
    },
    parent,
  );
  try {
    const outcome = await context.with(trace.setSpan(parent, span), run);
    const refusal = Array.isArray(outcome) ? (outcome as readonly CodedError[]) : undefined;
    recordSubscribeOutcome(span, refusal, { asError: true });
    return outcome;
  } catch (error) {
    recordSubscribeOutcome(span, [{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }], {
      asError: true,
    });
    throw error;
  } finally {
    span.end();
  }
}
