/**
 * The gateway's handle on OpenTelemetry tracing, in API types only: what the server span, the
 * operation span, the loader batches and the http client need. It exists only when tracing is
 * on; everywhere else "tracing off" is the absence of this object, so the off path is a single
 * `undefined` check and loads no SDK (start-tracing.ts loads it on demand).
 */
import { context, trace, type TextMapPropagator, type Tracer } from '@opentelemetry/api';

export interface Tracing {
  readonly tracer: Tracer;
  /** W3C trace context: read from the client's request, written into every upstream attempt. */
  readonly propagator: TextMapPropagator;
  /** Exports the spans still buffered, then stops; later spans are dropped. */
  shutdown(): Promise<void>;
}

/** The trace id of the active span, for log lines; undefined outside a sampled-or-not trace. */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getSpanContext(context.active());
  return spanContext === undefined ? undefined : spanContext.traceId;
}
