/**
 * Hands the outcome of an execution the fast path already ran to Apollo's executor, so Apollo
 * formats, codes and reports it exactly as if it had executed the operation itself (error
 * masking, `didEncounterErrors`, HTTP status rules, metrics) and nothing runs twice: a result
 * is returned as the executor's result, an exception is thrown again by the executor.
 *
 * The result rides on the request's context under a private symbol: the context is the one
 * object Apollo carries from our handler to the executor (it copies it per request with
 * `Object.assign`, which keeps symbol-keyed properties).
 */
import type { ExecutionResult } from 'graphql';

const PRECOMPUTED_RESULT = Symbol('precomputedResult');

/** How an execution ended: with a result, or by throwing. */
export type PrecomputedOutcome =
  { readonly result: ExecutionResult } | { readonly thrown: unknown };

type WithOutcome = { [PRECOMPUTED_RESULT]?: PrecomputedOutcome };

/** A copy of `context` that makes the executor end as `outcome` did instead of executing. */
export function withPrecomputedOutcome<TContext extends object>(
  context: TContext,
  outcome: PrecomputedOutcome,
): TContext {
  return Object.assign(
    Object.create(Object.getPrototypeOf(context) as object) as TContext,
    context,
    {
      [PRECOMPUTED_RESULT]: outcome,
    },
  );
}

/** The outcome attached to this context, removed so that it is used once; or undefined. */
export function takePrecomputedOutcome(context: unknown): PrecomputedOutcome | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const holder = context as WithOutcome;
  const outcome = holder[PRECOMPUTED_RESULT];
  if (outcome !== undefined) delete holder[PRECOMPUTED_RESULT];
  return outcome;
}
