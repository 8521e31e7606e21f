/**
 * Subscribing to a test gateway's `packageChanged` without a network transport: the gateway's
 * schema, its change feed and the per-event execution the transports use
 * (src/graphql/pipeline/subscription-executor.ts), for an explicit caller. Results are
 * collected as they arrive; `next()` waits for the next one with a deadline.
 */
import { parse, type ExecutionResult } from 'graphql';
import type { Caller } from '../../src/auth/caller';
import { ALL_SCOPES } from '../../src/auth/scopes';
import { createCallerContextFactory } from '../../src/context';
import { subscribeOperation } from '../../src/graphql/pipeline/subscription-executor';
import { buildGatewaySchema } from '../../src/schema';
import type { TestGateway } from './test-gateway';

const schema = buildGatewaySchema();

/** A caller of `accountId` with every scope, seeing `subAccountIds` too. */
export function callerOf(accountId: string, subAccountIds: readonly string[] = []): Caller {
  return {
    accountId,
    scopes: new Set(ALL_SCOPES),
    visibleAccountIds: [accountId, ...subAccountIds],
  };
}

export interface CollectedSubscription {
  /** Every result received so far, in order. */
  readonly results: ExecutionResult[];
  /** Resolves with result number `index` (0-based) once it arrives; rejects after `timeoutMs`. */
  result(index: number, timeoutMs?: number): Promise<ExecutionResult>;
  /** True once the stream has ended (by the server or `close()`). */
  readonly ended: boolean;
  /** The error the stream ended with, if any. */
  readonly error: unknown;
  close(): Promise<void>;
}

/** Subscribes as `caller`; resolves with the single error result when the subscription is refused. */
export async function subscribeAs(
  gw: TestGateway,
  caller: Caller,
  query: string,
  variables?: Record<string, unknown>,
): Promise<CollectedSubscription | ExecutionResult> {
  const contextFor = createCallerContextFactory({
    client: gw.gateway.httpClient,
    requestDeadlineMs: gw.config.requestDeadlineMs,
    cursorKey: new Uint8Array(32),
    maxResponseValues: gw.config.graphql.maxResponseValues,
    changes: gw.gateway.live.changes,
  });
  let events = 0;
  const outcome = await subscribeOperation(schema, {
    document: parse(query),
    operationName: undefined,
    variables,
    contextValue: contextFor(caller, 'test-subscribe'),
    contextForEvent: () => contextFor(caller, `test-event-${(events += 1)}`),
  });
  if (!(Symbol.asyncIterator in outcome)) return outcome;
  const results: ExecutionResult[] = [];
  const waiters = new Set<() => void>();
  const state = { ended: false, error: undefined as unknown };
  const pump = (async () => {
    try {
      for await (const result of outcome) {
        results.push(result);
        for (const wake of waiters) wake();
      }
    } catch (error) {
      state.error = error;
    } finally {
      state.ended = true;
      for (const wake of waiters) wake();
    }
  })();
  return {
    results,
    get ended() {
      return state.ended;
    },
    get error() {
      return state.error;
    },
    result(index, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = results[index];
          if (found !== undefined) {
            resolve(found);
            return true;
          }
          if (state.ended) {
            reject(new Error(`subscription ended after ${results.length} results`));
            return true;
          }
          return false;
        };
        if (check()) return;
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no result #${index} within ${timeoutMs} ms (got ${results.length})`));
        }, timeoutMs);
        const wake = (): void => {
          if (check()) {
            clearTimeout(timer);
            waiters.delete(wake);
          }
        };
        waiters.add(wake);
      });
    },
    async close() {
      await outcome.return?.();
      await pump;
    },
  };
}

/** Narrows `subscribeAs`'s answer to a running subscription (fails the test otherwise). */
export function running(outcome: CollectedSubscription | ExecutionResult): CollectedSubscription {
  if (!('close' in outcome)) {
    throw new Error(`subscription refused: ${JSON.stringify(outcome.errors)}`);
  }
  return outcome;
}
