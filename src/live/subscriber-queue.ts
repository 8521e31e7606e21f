/**
 * The bounded queue between the change feed and one subscriber: events are pushed as they are
 * published and pulled as the subscriber's transport sends them. A subscriber that falls
 * `limit` events behind is a slow consumer: its queue is discarded and the stream ends with a
 * `SlowConsumerError`, so no subscriber is ever buffered without bound.
 */

/** Why a subscription was ended by the server (surfaced by the transports as a close reason). */
export class SlowConsumerError extends Error {
  readonly code = 'SLOW_CONSUMER';
  constructor(readonly limit: number) {
    super(`slow consumer: more than ${limit} undelivered changes; subscribe again`);
    this.name = 'SlowConsumerError';
  }
}

export interface SubscriberQueue<T> {
  /** The subscriber's side; `return()` ends the subscription. */
  readonly stream: AsyncIterableIterator<T>;
  /** Queues `item`; false when the queue is ended, or was full (it is then ended with an error). */
  push(item: T): boolean;
  /** Ends the stream after the queued items (`error`: instead of them, with that error). */
  end(error?: Error): void;
  readonly ended: boolean;
}

/**
 * Creates a queue holding at most `limit` undelivered items. `onEnd` runs once, however the
 * stream ends (consumer's `return()`, `end()`, overflow), with the error when there is one.
 */
export function createSubscriberQueue<T>(
  limit: number,
  onEnd: (error: Error | undefined) => void,
): SubscriberQueue<T> {
  let buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let waitingReject: ((error: Error) => void) | undefined;
  let ended = false;
  let failure: Error | undefined;

  function finish(error: Error | undefined): void {
    if (ended) return;
    ended = true;
    failure = error;
    if (error !== undefined) buffer = [];
    onEnd(error);
    if (waiting !== undefined) {
      const resolve = waiting;
      const reject = waitingReject;
      waiting = undefined;
      waitingReject = undefined;
      if (error !== undefined && reject !== undefined) {
        failure = undefined;
        reject(error);
      } else resolve({ value: undefined, done: true });
    }
  }

  const stream: AsyncIterableIterator<T> = {
    next() {
      const item = buffer.shift();
      if (item !== undefined) return Promise.resolve({ value: item, done: false });
      if (ended) {
        const error = failure;
        failure = undefined;
        return error === undefined
          ? Promise.resolve({ value: undefined, done: true })
          : Promise.reject(error);
      }
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting = resolve;
        waitingReject = reject;
      });
    },
    return() {
      buffer = [];
      finish(undefined);
      failure = undefined;
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      buffer = [];
      finish(undefined);
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };

  return {
    stream,
    push(item) {
      if (ended) return false;
      if (waiting !== undefined) {
        const resolve = waiting;
        waiting = undefined;
        waitingReject = undefined;
        resolve({ value: item, done: false });
        return true;
      }
      if (buffer.length >= limit) {
        finish(new SlowConsumerError(limit));
        return false;
      }
      buffer.push(item);
      return true;
    },
    end: (error) => finish(error),
    get ended() {
      return ended;
    },
  };
}
