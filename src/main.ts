/**
 * The only module with side effects: environment → Config → upstream (Wix, or the embedded
 * emulator when none is configured) → gateway → listen → graceful shutdown on SIGTERM/SIGINT.
 * With `WORKERS` > 1 this process becomes the primary of that many worker processes
 * (src/cluster/), each of which runs this module again as a worker.
 */
import 'reflect-metadata';
import cluster from 'node:cluster';
import { runPrimary } from './cluster/primary';
import { runWorker } from './cluster/worker';
import { ConfigError, loadConfig, type Config } from './config/config';
import { createGateway } from './gateway';
import { createLogDestination, type LogDestination } from './logging/log-destination';
import { createLogger, type Logger } from './logging/logger';
import { announceReady } from './runtime/announce-ready';
import { prepareStdout } from './runtime/non-blocking-stdout';
import { applyHeapGrowingPercent } from './runtime/heap-growth';
import { stopOnSignals } from './runtime/stop-on-signals';
import { resolveUpstream } from './runtime/upstream';

/**
 * Past the grace period (in-flight requests cut), how long closing the pool, the emulator and
 * the log may still take before the process exits anyway: a stop never hangs.
 */
const SHUTDOWN_DEADLINE_MARGIN_MS = 5_000;

/** One process serving everything (`WORKERS=1`, the default). */
async function runSingle(
  config: Config,
  logger: Logger,
  logDestination: LogDestination,
): Promise<void> {
  const upstream = await resolveUpstream(config, logger);
  const gateway = await createGateway({
    config,
    upstreamUrl: upstream.url,
    apiKey: upstream.apiKey,
    logger,
    ...(upstream.webhookPublicKeyPem !== undefined && {
      webhookPublicKeyPem: upstream.webhookPublicKeyPem,
    }),
  });
  const origin = await gateway.listen(config.port, config.host);
  announceReady(config, logger, upstream, origin, gateway.opsOrigin());
  stopOnSignals({
    logger,
    logDestination,
    deadlineMs: config.shutdownGraceMs + SHUTDOWN_DEADLINE_MARGIN_MS,
    close: async () => {
      await gateway.close();
      await upstream.close();
    },
  });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  applyHeapGrowingPercent(config.heapGrowingPercent);
  prepareStdout();
  const logDestination = createLogDestination();
  const logger = createLogger(config.logLevel, logDestination);
  if (config.workers === 1) return runSingle(config, logger, logDestination);
  // Every line says which process wrote it: the workers share one stdout.
  if (cluster.isPrimary) {
    return runPrimary(config, logger.child({ role: 'primary', pid: process.pid }), logDestination);
  }
  return runWorker(
    config,
    logger.child({ worker: cluster.worker?.id, pid: process.pid }),
    logDestination,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`packages-gateway failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
