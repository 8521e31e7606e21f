/**
 * Keeps the gateway serving when whatever reads its stdout goes away (a log shipper that dies,
 * `npm start | head`). Writing to the closed pipe fails with EPIPE; unhandled, that error ends
 * the process through an uncaught exception, and pino's exit hook then retries its pending
 * log lines on the dead pipe forever (sonic-boom's `flushSync` loops on EPIPE), leaving a
 * process that neither serves nor exits. pino already stops writing on its own EPIPE; this
 * does the same for direct writes to `process.stdout` (the start-up banner).
 */
import type { EventEmitter } from 'node:events';

/** Ignores EPIPE on `stdout` (the process's by default); any other write error still throws. */
export function ignoreClosedStdout(stdout: EventEmitter = process.stdout): void {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    throw error;
  });
}
