/**
 * Metrics of live updates, on the gateway's registry:
 *
 * | metric | type | labels |
 * |---|---|---|
 * | `gateway_live_connections` | gauge | transport (`websocket`, `sse`) |
 * | `gateway_live_subscriptions` | gauge | — |
 * | `gateway_live_events_delivered_total` | counter | source (`webhook`, `own-write`, `watcher`) |
 * | `gateway_live_events_dropped_total` | counter | reason (`stale`, `slow_consumer`) |
 *
 * Gauges are read when scraped (from the transports and the change feed), so nothing is kept
 * in step by hand.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ChangeFeedObserver } from '../live/change-feed';

export type LiveTransport = 'websocket' | 'sse';

export interface LiveGaugeSources {
  /** Open connections of a transport. */
  connections(transport: LiveTransport): number;
  /** Open subscriptions, all transports together. */
  subscriptions(): number;
}

export interface LiveMetrics {
  /** Counts what the change feed delivers and drops. */
  readonly feedObserver: ChangeFeedObserver;
  /** Where the gauges read from, once the transports exist. */
  setGaugeSources(sources: LiveGaugeSources): void;
}

/** Registers the live-update metrics on `registry`. */
export function createLiveMetrics(registry: Registry): LiveMetrics {
  let sources: LiveGaugeSources | undefined;
  const registers = [registry];
  new Gauge({
    name: 'gateway_live_connections',
    help: 'Open live-update connections by transport.',
    labelNames: ['transport'] as const,
    registers,
    collect() {
      for (const transport of ['websocket', 'sse'] as const) {
        this.set({ transport }, sources?.connections(transport) ?? 0);
      }
    },
  });
  new Gauge({
    name: 'gateway_live_subscriptions',
    help: 'Active packageChanged subscriptions.',
    registers,
    collect() {
      this.set(sources?.subscriptions() ?? 0);
    },
  });
  const delivered = new Counter({
    name: 'gateway_live_events_delivered_total',
    help: 'Package changes handed to subscribers (one per subscriber), by source.',
    labelNames: ['source'] as const,
    registers,
  });
  const dropped = new Counter({
    name: 'gateway_live_events_dropped_total',
    help: 'Package changes not delivered: stale (older than one delivered) or a dropped slow consumer.',
    labelNames: ['reason'] as const,
    registers,
  });
  return {
    feedObserver: {
      delivered: (event) => delivered.inc({ source: event.source }),
      dropped: (reason) => dropped.inc({ reason }),
    },
    setGaugeSources(next) {
      sources = next;
    },
  };
}
