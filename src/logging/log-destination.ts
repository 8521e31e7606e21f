/**
 * Where log lines go: stdout, written asynchronously and never in a way that can block the
 * process. A log shipper that stalls (a full pipe) or dies (a closed pipe) must cost log lines,
 * never serving or stopping:
 * - writes are asynchronous (sonic-boom); a full pipe is retried on a timer, and lines past
 *   `maxBufferedBytes` are dropped instead of queued without bound;
 * - any write error (EPIPE: the reader is gone) stops logging for good;
 * - nothing is flushed synchronously at exit. (pino's own `pino.destination()` registers an exit
 *   hook that calls `flushSync`, which sleeps and retries forever on a full non-blocking pipe:
 *   a process that neither serves nor exits.)
 */
import type { DestinationStream } from 'pino';
import SonicBoom from 'sonic-boom';

export interface LogDestination extends DestinationStream {
  /**
   * Writes out the lines still queued and stops; resolves when they are written or after
   * `withinMs`, whichever comes first (lines still queued then are dropped).
   */
  close(withinMs: number): Promise<void>;
}

export interface LogDestinationOptions {
  /** File descriptor written to; stdout by default. */
  readonly fd?: number;
  /** Lines arriving while this much is already queued are dropped. */
  readonly maxBufferedBytes?: number;
}

const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** Creates the non-blocking destination of the process logger. */
export function createLogDestination(options: LogDestinationOptions = {}): LogDestination {
  const sink = new SonicBoom({
    fd: options.fd ?? 1,
    sync: false,
    maxLength: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
    // A full pipe: try again later (on a timer, never by sleeping the thread).
    retryEAGAIN: () => true,
  });
  // Set on the first write error, and once the sink has closed (it throws on writes then).
  let stopped = false;
  const stop = (): void => {
    stopped = true;
  };
  sink.on('error', stop);
  sink.on('close', stop);
  let closing: Promise<void> | undefined;
  return {
    write(line: string): void {
      if (!stopped) sink.write(line);
    },
    close(withinMs: number): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        if (stopped) {
          resolve();
          return;
        }
        const timer = setTimeout(resolve, withinMs);
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        sink.once('close', done);
        sink.once('error', done);
        sink.end();
      });
      return closing;
    },
  };
}
