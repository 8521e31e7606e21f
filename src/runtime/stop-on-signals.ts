/**
 * How a process of the gateway ends on SIGTERM/SIGINT: `close` runs once (finishing in-flight
 * work), the last log lines are written, and the process exits 0; a failure exits 1, and so
 * does a close still running at the deadline: a stop never hangs.
 */
import type { LogDestination } from '../logging/log-destination';
import type { Logger } from '../logging/logger';

/** How long the last log lines may take to reach stdout at exit. */
const LOG_DRAIN_MS = 1_000;

export interface StopOptions {
  readonly logger: Logger;
  readonly logDestination: LogDestination;
  /** From the signal to a forced exit. */
  readonly deadlineMs: number;
  /**
   * Finishes the process's work (drain requests, close pools, stop workers); may resolve with
   * the exit code (default 0), e.g. 1 for a stop caused by a failure already logged.
   */
  readonly close: () => Promise<number | void>;
  /** Also stop on these events of `process` (a worker whose primary is gone: 'disconnect'). */
  readonly alsoOn?: readonly string[];
}

/** Installs the handlers; the returned function starts the same stop by hand. */
export function stopOnSignals(options: StopOptions): (reason: string) => void {
  const { logger, logDestination } = options;
  let stopping = false;
  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      logger.error({ event: 'shutdown.deadline' }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, options.deadlineMs);
    logger.info({ signal: reason }, 'shutting down: finishing in-flight requests');
    options
      .close()
      .then(async (code) => {
        logger.info('stopped');
        await logDestination.close(LOG_DRAIN_MS);
        process.exit(code ?? 0);
      })
      .catch(async (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        await logDestination.close(LOG_DRAIN_MS);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (const event of options.alsoOn ?? []) process.on(event, () => stop(event));
  return stop;
}
