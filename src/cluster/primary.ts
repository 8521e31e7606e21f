/**
 * The primary of `WORKERS` > 1: serves no request itself. It starts the embedded emulator
 * once (when no upstream is configured), forks the workers (node:cluster: they share the
 * port, connections handed out round-robin), answers their IPC (primary-services.ts), prints
 * the banner once all listen, replaces a worker that dies after it served, and on SIGTERM /
 * SIGINT lets every worker drain before it exits.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config/config';
import type { LogDestination } from '../logging/log-destination';
import type { Logger } from '../logging/logger';
import { announceReady } from '../runtime/announce-ready';
import { stopOnSignals } from '../runtime/stop-on-signals';
import { resolveUpstream } from '../runtime/upstream';
import { isIpcMessage } from './ipc-messages';
import { createPrimaryServices } from './primary-services';

/** Past a worker's own deadline (grace + its margin), when the primary kills what is left. */
const WORKER_KILL_MARGIN_MS = 7_000;
/** After the kill, how long closing the emulator and the log may take. */
const PRIMARY_DEADLINE_MARGIN_MS = 3_000;

/** What is shared between the workers, and how: said once at start (the README says more). */
function logSharedStateModel(config: Config, logger: Logger): void {
  if (config.redis.url !== undefined) {
    logger.info(
      { event: 'cluster.shared_state', workers: config.workers, sharedIn: 'redis' },
      `${config.workers} workers share their state through Redis (REDIS_URL)`,
    );
    return;
  }
  const budget = config.upstreamBudget.perMinute;
  logger.warn(
    {
      event: 'cluster.shared_state',
      workers: config.workers,
      throughPrimary: ['package changes (webhooks, watcher, own writes)', 'webhook de-duplication'],
      perWorker: [
        'persisted-query registrations',
        budget > 0
          ? `upstream budget (each worker ${Math.max(1, Math.floor(budget / config.workers))} of ${budget} calls a minute)`
          : 'upstream budget (off)',
        'entity cache (refreshed by every relayed change), read coalescing',
      ],
    },
    `${config.workers} workers without REDIS_URL: package changes and webhook de-duplication go through the primary; persisted queries, the upstream budget (split evenly) and caches are per worker`,
  );
}

export async function runPrimary(
  config: Config,
  logger: Logger,
  logDestination: LogDestination,
): Promise<void> {
  const upstream = await resolveUpstream(config, logger);
  logSharedStateModel(config, logger);
  const alive = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  const handle = createPrimaryServices({
    upstream: {
      url: upstream.url,
      apiKey: upstream.apiKey,
      ...(upstream.webhookPublicKeyPem !== undefined && {
        webhookPublicKeyPem: upstream.webhookPublicKeyPem,
      }),
    },
    metricsEnabled: config.metricsEnabled,
    workers: alive,
  });

  const ready = new Set<number>();
  let announced = false;
  let stopping = false;
  let startFailed = false;
  let stop: (reason: string) => void = () => {};

  cluster.on('message', (worker, message: unknown) => {
    handle(worker, message);
    if (!isIpcMessage(message) || message.kind !== 'event' || message.topic !== 'ready') return;
    ready.add(worker.id);
    if (announced || ready.size < config.workers) return;
    announced = true;
    const payload = message.payload as { origin?: unknown; opsOrigin?: unknown } | undefined;
    const origin = String(payload?.origin);
    // Every worker listens on the same operations port too (node:cluster shares it).
    const opsOrigin = typeof payload?.opsOrigin === 'string' ? payload.opsOrigin : undefined;
    announceReady(config, logger, upstream, origin, opsOrigin);
  });

  cluster.on('exit', (worker, code, signal) => {
    const served = ready.delete(worker.id);
    if (stopping) return;
    if (!served) {
      // A worker that cannot start (port taken, bad key file) would fail again: stop all.
      logger.error(
        { event: 'cluster.worker_failed_to_start', worker: worker.id, code, signal },
        'a worker exited before it served: stopping',
      );
      startFailed = true;
      stop('worker-failed');
      return;
    }
    logger.warn(
      { event: 'cluster.worker_exited', worker: worker.id, code, signal },
      'a worker exited: starting a replacement',
    );
    cluster.fork();
  });

  const allExited = (): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (alive().length > 0) return;
        cluster.off('exit', check);
        resolve();
      };
      cluster.on('exit', check);
      check();
    });

  stop = stopOnSignals({
    logger,
    logDestination,
    deadlineMs: config.shutdownGraceMs + WORKER_KILL_MARGIN_MS + PRIMARY_DEADLINE_MARGIN_MS,
    close: async () => {
      stopping = true;
      // A signal, not worker.kill(): that would cut the IPC channel the draining workers
      // still use (metrics, webhook de-duplication).
      for (const worker of alive()) worker.process.kill('SIGTERM');
      const killer = setTimeout(() => {
        for (const worker of alive()) worker.process.kill('SIGKILL');
      }, config.shutdownGraceMs + WORKER_KILL_MARGIN_MS);
      await allExited();
      clearTimeout(killer);
      await upstream.close();
      return startFailed ? 1 : 0;
    },
  });

  for (let i = 0; i < config.workers; i += 1) cluster.fork();
}
