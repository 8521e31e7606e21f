/**
 * The entity cache's metric, on the gateway's registry:
 *
 * | metric | type | labels |
 * |---|---|---|
 * | `gateway_entity_cache_lookups_total` | counter | kind (`package`, `instance`, `list`), outcome (`hit`, `miss`, `bypass`) |
 *
 * One lookup is one key of a loader batch (a package id, an instance id) or one list page;
 * `bypass` counts those a client asked to be answered from the upstream (`Cache-Control:
 * no-cache`). The hit ratio is hit / (hit + miss).
 */
import { Counter, type Registry } from 'prom-client';
import {
  ENTITY_CACHE_LOOKUP_KINDS,
  ENTITY_CACHE_OUTCOMES,
  type EntityCacheObserver,
} from '../entity-cache/entity-cache-observer';

/** Registers the metric on `registry` and returns the observer that feeds it. */
export function createEntityCacheMetrics(registry: Registry): EntityCacheObserver {
  const lookups = new Counter({
    name: 'gateway_entity_cache_lookups_total',
    help: 'Entity cache lookups (keys of loader batches, list pages) by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  // Every series exists from the start (a hit ratio of a quiet gateway reads 0, not "no data"),
  // and the per-request path increments a child it already holds.
  const children = new Map<string, ReturnType<typeof lookups.labels>>();
  for (const kind of ENTITY_CACHE_LOOKUP_KINDS) {
    for (const outcome of ENTITY_CACHE_OUTCOMES) {
      const child = lookups.labels(kind, outcome);
      child.inc(0);
      children.set(`${kind}:${outcome}`, child);
    }
  }
  return (kind, outcome, count) => {
    if (count > 0) children.get(`${kind}:${outcome}`)?.inc(count);
  };
}
