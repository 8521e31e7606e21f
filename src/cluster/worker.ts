/**
 * One worker of `WORKERS` > 1: a full gateway on the shared port. Without REDIS_URL its change
 * bus and webhook de-duplication go through the primary; `/metrics` answers for all workers.
 * It drains and exits on SIGTERM (sent by the primary), and also when the primary is gone.
 */
import type { Config } from '../config/config';
import { createGateway } from '../gateway';
import type { LogDestination } from '../logging/log-destination';
import type { Logger } from '../logging/logger';
import { stopOnSignals } from '../runtime/stop-on-signals';
import type { UpstreamAddress } from '../runtime/upstream';
import { connectToPrimary } from './primary-link';
import { clusterMetricsRenderer } from './worker-metrics';

/** The primary answers at once; this bounds a primary that is still starting the emulator. */
const UPSTREAM_TIMEOUT_MS = 30_000;
/** Like main.ts: past the grace period, what closing may still take. */
const SHUTDOWN_DEADLINE_MARGIN_MS = 5_000;

export async function runWorker(
  config: Config,
  logger: Logger,
  logDestination: LogDestination,
): Promise<void> {
  const primary = connectToPrimary();
  const upstream: UpstreamAddress =
    config.upstream.kind === 'remote'
      ? { url: config.upstream.baseUrl, apiKey: config.upstream.apiKey }
      : await primary.request<UpstreamAddress>('upstream', null, UPSTREAM_TIMEOUT_MS);
  const gateway = await createGateway({
    config,
    upstreamUrl: upstream.url,
    apiKey: upstream.apiKey,
    logger,
    primary,
    metricsRenderer: clusterMetricsRenderer(primary),
    ...(upstream.webhookPublicKeyPem !== undefined && {
      webhookPublicKeyPem: upstream.webhookPublicKeyPem,
    }),
  });
  stopOnSignals({
    logger,
    logDestination,
    deadlineMs: config.shutdownGraceMs + SHUTDOWN_DEADLINE_MARGIN_MS,
    close: () => gateway.close(),
    alsoOn: ['disconnect'],
  });
  const origin = await gateway.listen(config.port, config.host);
  primary.emit('ready', { origin, opsOrigin: gateway.opsOrigin() });
}
