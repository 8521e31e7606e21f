/**
 * Runs a subscription operation so that every event is executed as a request of its own.
 *
 * graphql-js `subscribe` executes every event with the one context it was given, and so with
 * the same loaders (whose cache would serve the first event's state forever) and the same
 * upstream deadline (long past after a few seconds of a subscription's life). Here the source
 * stream is created once with `contextValue` (the subscribe function authenticates nothing: the
 * context already carries the caller), and each event is executed by graphql-js with
 * `contextForEvent()`: fresh loaders and API deadline, the same caller.
 */
import {
  createSourceEventStream,
  execute,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { SubscriptionEventTracer } from '../../observability/tracing/subscription-event-span';

export interface SubscriptionInput {
  readonly document: DocumentNode;
  readonly operationName: string | undefined;
  readonly variables: Readonly<Record<string, unknown>> | undefined;
  /** The context the subscribe function runs with. */
  readonly contextValue: unknown;
  /** The context of one event's execution (called once per event). */
  readonly contextForEvent: () => unknown;
  /** Runs each event's execution inside its span (tracing on); absent, events run as they are. */
  readonly traceEvent?: SubscriptionEventTracer;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * The subscription's results, one per source event; or, when it cannot start (bad arguments,
 * a refused subscribe), the single result carrying the errors, as graphql-js `subscribe` does.
 * Ending the returned iterator (`return()`) ends the source stream.
 */
export async function subscribeOperation(
  schema: GraphQLSchema,
  input: SubscriptionInput,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const base = {
    schema,
    document: input.document,
    operationName: input.operationName,
    variableValues: input.variables,
  };
  const stream = await createSourceEventStream({ ...base, contextValue: input.contextValue });
  if (!isAsyncIterable(stream)) return stream;
  const source = stream[Symbol.asyncIterator]();
  const executeEvent = (payload: unknown): Promise<ExecutionResult> | ExecutionResult =>
    execute({ ...base, rootValue: payload, contextValue: input.contextForEvent() });
  const traceEvent = input.traceEvent;
  const results: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const event = await source.next();
      if (event.done === true) return { value: undefined, done: true };
      const payload = event.value;
      const result =
        traceEvent === undefined
          ? await executeEvent(payload)
          : await traceEvent(payload, async () => executeEvent(payload));
      return { value: result, done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return results;
    },
  };
  return results;
}
