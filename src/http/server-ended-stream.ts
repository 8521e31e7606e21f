/**
 * How a subscription the server ends reaches the client. A slow consumer's stream rejects
 * with `SlowConsumerError` (subscriber-queue.ts); the transports instead deliver one last
 * result carrying a `SLOW_CONSUMER` error and then complete, so every client library shows a
 * clear reason rather than a broken connection, and `onServerEnd` lets the transport close its
 * connection with that reason.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { SlowConsumerError } from '../live/subscriber-queue';

/** Wraps a subscription's results; other errors pass through unchanged. */
export function endingWithReason(
  results: AsyncIterableIterator<ExecutionResult>,
  onServerEnd: (error: SlowConsumerError) => void,
): AsyncIterableIterator<ExecutionResult> {
  let finished = false;
  const wrapped: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      if (finished) return { value: undefined, done: true };
      try {
        return await results.next();
      } catch (error) {
        if (!(error instanceof SlowConsumerError)) throw error;
        finished = true;
        onServerEnd(error);
        const reason = new GraphQLError(error.message, {
          extensions: { code: error.code },
        });
        return { value: { errors: [reason] }, done: false };
      }
    },
    async return() {
      finished = true;
      await results.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      finished = true;
      await results.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  };
  return wrapped;
}
