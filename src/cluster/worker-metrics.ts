/**
 * `/metrics` in a worker: the primary asks every worker for its registry (prom-client's
 * AggregatorRegistry protocol) and sums them, so a scrape landing on any worker shows the
 * whole machine.
 */
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { RenderedMetrics } from './primary-services';
import type { PrimaryLink } from './primary-link';

/** Above prom-client's own 5 s for collecting from the workers. */
const METRICS_TIMEOUT_MS = 8_000;

/**
 * Offers `registry` to the primary's aggregation and returns the `/metrics` renderer that asks
 * the primary for the aggregate.
 */
export function clusterMetricsRenderer(
  primary: PrimaryLink,
): (registry: Registry) => () => Promise<RenderedMetrics> {
  return (registry) => {
    // Constructing one installs prom-client's worker-side answer to the primary's requests.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([registry]);
    return () => primary.request<RenderedMetrics>('metrics', null, METRICS_TIMEOUT_MS);
  };
}
