/**
 * Prepares the process's stdout for a reader that may stall or go away (a log shipper that
 * hangs or dies, `npm start | head`).
 *
 * Opening `process.stdout` makes libuv switch a pipe or socket on fd 1 to non-blocking mode.
 * That matters for the log destination, which writes to fd 1 from libuv's thread pool: on a
 * blocking fd a write to a full pipe parks a pool thread in write(2) for good, and
 * `process.exit` then waits for that thread forever. Non-blocking, the write fails with EAGAIN
 * and is retried on a timer. Writing to a closed pipe fails with EPIPE; unhandled, that error
 * would end the process through an uncaught exception: it is ignored here (the start-up
 * banner is the only direct write to `process.stdout`).
 */
import type { EventEmitter } from 'node:events';

/**
 * Opens stdout (non-blocking, see above) and ignores EPIPE on it; any other write error still
 * throws. Call it before the log destination is created.
 */
export function prepareStdout(stdout: EventEmitter = process.stdout): void {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    throw error;
  });
}
