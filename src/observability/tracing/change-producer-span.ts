/**
 * Marks each published package change with the span that published it (`producerSpan`: the
 * own write's operation span, the webhook's server span, the watcher's tick), so every
 * subscriber's event span can link to it (subscription-event-span.ts). Wraps the change bus
 * every source publishes through; used only when tracing is on.
 */
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import type { ChangeBus } from '../../live/change-bus';

/** `bus`, with the active span recorded in each published change. */
export function withProducerSpans(bus: ChangeBus): ChangeBus {
  return {
    publish(event) {
      const active = trace.getSpanContext(context.active());
      if (active === undefined || !isSpanContextValid(active)) return bus.publish(event);
      const { traceId, spanId, traceFlags } = active;
      return bus.publish({ ...event, producerSpan: { traceId, spanId, traceFlags } });
    },
    subscribe: (listener) => bus.subscribe(listener),
    close: () => bus.close(),
  };
}
