/**
 * Prometheus metrics for the gateway, on a registry of their own (never prom-client's global
 * one), so tests and several gateways in one process do not collide.
 *
 * | metric | type | labels |
 * |---|---|---|
 * | `gateway_graphql_operations_total` | counter | operation_name, operation_type, outcome, error_code |
 * | `gateway_graphql_operation_duration_seconds` | histogram | operation_name, operation_type, outcome |
 * | `gateway_upstream_requests_total` | counter | endpoint, method, status |
 * | `gateway_upstream_request_duration_seconds` | histogram | endpoint, method |
 * | `gateway_upstream_retries_total` | counter | endpoint |
 * | `gateway_upstream_circuit_breaker_state` | gauge (0 closed, 1 half-open, 2 open) | — |
 * | `gateway_loader_batch_size` | histogram | loader |
 * | `gateway_webhooks_received_total` | counter | — |
 * | `gateway_webhooks_rejected_total` | counter | reason |
 * | `gateway_webhooks_duplicate_total` | counter | — |
 * | `gateway_webhooks_ignored_total` | counter | — |
 * | `gateway_webhooks_published_total` | counter | kind |
 *
 * plus prom-client's process/Node.js default metrics (unprefixed: `process_*`, `nodejs_*`).
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import {
  BoundCounter,
  BoundHistogram,
  type CounterSeries,
  type HistogramSeries,
} from './bound-metrics';
import { createOperationRecorder, type OperationRecorder } from './operation-recorder';
import {
  createOperationNameLabeler,
  httpMethodLabel,
  identifierLabel,
  upstreamStatusLabel,
} from './metric-labels';
import { BREAKER_STATE_VALUE, type UpstreamObserver } from './upstream-observer';
import type { WebhookObserver } from './webhook-observer';

export interface MetricsOptions {
  /** Distinct operation names kept as labels before the rest become `other`; default 100. */
  readonly maxOperationNames?: number;
  /** Collect process/Node.js default metrics; default true. */
  readonly defaultMetrics?: boolean;
}

export interface Metrics {
  readonly registry: Registry;
  /** The `Content-Type` to serve `render()` with. */
  readonly contentType: string;
  /** The exposition text for `/metrics`. */
  render(): Promise<string>;
  /** Records one answered GraphQL operation (every entrance records through it). */
  readonly recordOperation: OperationRecorder;
  readonly upstreamObserver: UpstreamObserver;
  /** Records the size of one DataLoader batch. */
  recordLoaderBatch(loader: string, size: number): void;
  readonly webhookObserver: WebhookObserver;
}

/** Counters of the Wix webhook receiver (rare next to operations: prom-client's own classes). */
function createWebhookObserver(registers: Registry[]): WebhookObserver {
  const received = new Counter({
    name: 'gateway_webhooks_received_total',
    help: 'Requests to the Wix webhook route.',
    registers,
  });
  const rejected = new Counter({
    name: 'gateway_webhooks_rejected_total',
    help: 'Wix webhooks refused: signature (401), malformed (400), too_large (413), server_busy (503), method (405).',
    labelNames: ['reason'] as const,
    registers,
  });
  const duplicate = new Counter({
    name: 'gateway_webhooks_duplicate_total',
    help: 'Wix webhooks whose DomainEvent id was seen within 48 hours (answered 200, not published).',
    registers,
  });
  const ignored = new Counter({
    name: 'gateway_webhooks_ignored_total',
    help: 'Verified Wix webhooks of another entity or an unknown slug (answered 200).',
    registers,
  });
  const published = new Counter({
    name: 'gateway_webhooks_published_total',
    help: 'Wix webhooks published as package changes, by kind.',
    labelNames: ['kind'] as const,
    registers,
  });
  return {
    received: () => received.inc(),
    rejected: (reason) => rejected.inc({ reason }),
    duplicate: () => duplicate.inc(),
    ignored: () => ignored.inc(),
    published: (kind) => published.inc({ kind }),
  };
}

const LATENCY_BUCKETS_SEC = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100];

/** Creates the gateway's metrics on a fresh registry. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  // Recorded on every request: bound series (bound-metrics.ts), not prom-client's classes.
  const operations = new BoundCounter({
    name: 'gateway_graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome (error_code: extensions.code of the first error).',
    labelNames: ['operation_name', 'operation_type', 'outcome', 'error_code'] as const,
    registers,
  });
  const operationDuration = new BoundHistogram({
    name: 'gateway_graphql_operation_duration_seconds',
    help: 'Time from request start to response, per GraphQL operation.',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS_SEC,
    registers,
  });
  const upstreamRequests = new BoundCounter({
    name: 'gateway_upstream_requests_total',
    help: 'Upstream attempts by endpoint, method and status (HTTP status or error reason).',
    labelNames: ['endpoint', 'method', 'status'] as const,
    registers,
  });
  const upstreamDuration = new BoundHistogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Duration of each upstream attempt.',
    labelNames: ['endpoint', 'method'] as const,
    buckets: LATENCY_BUCKETS_SEC,
    registers,
  });
  const upstreamRetries = new BoundCounter({
    name: 'gateway_upstream_retries_total',
    help: 'Upstream retries scheduled, by endpoint.',
    labelNames: ['endpoint'] as const,
    registers,
  });
  const breakerState = new Gauge({
    name: 'gateway_upstream_circuit_breaker_state',
    help: 'Upstream circuit breaker: 0 closed, 1 half-open, 2 open.',
    // Across workers (/metrics of WORKERS > 1), the worst breaker is the one to see.
    aggregator: 'max',
    registers,
  });
  breakerState.set(BREAKER_STATE_VALUE.closed);
  const loaderBatchSize = new BoundHistogram({
    name: 'gateway_loader_batch_size',
    help: 'Keys per DataLoader batch, by loader.',
    labelNames: ['loader'] as const,
    buckets: BATCH_SIZE_BUCKETS,
    registers,
  });

  // Series by the raw event values: endpoints, methods and reasons come from code, statuses
  // are three-digit numbers, so these maps stay small.
  const attemptSeries = new Map<string, { count: CounterSeries; duration: HistogramSeries }>();
  const retrySeries = new Map<string, CounterSeries>();
  const batchSeries = new Map<string, HistogramSeries>();

  const upstreamObserver: UpstreamObserver = {
    onAttempt(event) {
      const key = `${event.endpoint}\u0000${event.method}\u0000${event.status}\u0000${event.errorReason}`;
      let series = attemptSeries.get(key);
      if (series === undefined) {
        const endpoint = identifierLabel(event.endpoint);
        const method = httpMethodLabel(event.method);
        series = {
          count: upstreamRequests.series({
            endpoint,
            method,
            status: upstreamStatusLabel(event.status, event.errorReason),
          }),
          duration: upstreamDuration.series({ endpoint, method }),
        };
        attemptSeries.set(key, series);
      }
      series.count.inc();
      series.duration.observe(Math.max(0, event.durationMs) / 1000);
    },
    onRetry(event) {
      let series = retrySeries.get(event.endpoint);
      if (series === undefined) {
        series = upstreamRetries.series({ endpoint: identifierLabel(event.endpoint) });
        retrySeries.set(event.endpoint, series);
      }
      series.inc();
    },
    onBreakerStateChange(state) {
      breakerState.set(BREAKER_STATE_VALUE[state]);
    },
  };

  const recordOperation = createOperationRecorder({
    operations,
    operationDuration,
    operationNameLabel: createOperationNameLabeler(options.maxOperationNames ?? 100),
  });
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    recordOperation,
    upstreamObserver,
    webhookObserver: createWebhookObserver(registers),
    recordLoaderBatch(loader, size) {
      if (!Number.isFinite(size) || size < 0) return;
      let series = batchSeries.get(loader);
      if (series === undefined) {
        series = loaderBatchSize.series({ loader: identifierLabel(loader) });
        batchSeries.set(loader, series);
      }
      series.observe(size);
    },
  };
}
