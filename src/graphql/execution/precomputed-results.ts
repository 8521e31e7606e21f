/**
 * Hands an execution result the fast path already computed to Apollo's executor, so Apollo
 * formats, codes and reports it exactly as if it had executed the operation itself (error
 * masking, `didEncounterErrors`, HTTP status rules, metrics) and nothing runs twice.
 *
 * The result rides on the request's context under a private symbol: the context is the one
 * object Apollo carries from our handler to the executor (it copies it per request with
 * `Object.assign`, which keeps symbol-keyed properties).
 */
import type { ExecutionResult } from 'graphql';

const PRECOMPUTED_RESULT = Symbol('precomputedResult');

type WithResult = { [PRECOMPUTED_RESULT]?: ExecutionResult };

/** A copy of `context` that makes the executor return `result` instead of executing. */
export function withPrecomputedResult<TContext extends object>(
  context: TContext,
  result: ExecutionResult,
): TContext {
  return Object.assign(
    Object.create(Object.getPrototypeOf(context) as object) as TContext,
    context,
    {
      [PRECOMPUTED_RESULT]: result,
    },
  );
}

/** The result attached to this context, removed so that it is returned once; or undefined. */
export function takePrecomputedResult(context: unknown): ExecutionResult | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const holder = context as WithResult;
  const result = holder[PRECOMPUTED_RESULT];
  if (result !== undefined) delete holder[PRECOMPUTED_RESULT];
  return result;
}
