/**
 * Runs a compiled projection (compile-projection.ts): coerces the variables and arguments as
 * graphql-js does (compile-inputs.ts), calls each root field's resolver, or the plain function
 * it declares (direct-root.ts), in response order (so loader lookups of all root fields join
 * one batch, as in any executor), waits for them, builds `data` and charges the response
 * budget for its lists in one go. A caller that sends text (the fast path) gets `data` as JSON
 * text instead (serialized-result.ts), built by the plan's twin functions.
 *
 * It answers only a plain success. Whenever graphql-js would report anything (refused
 * variables or arguments, a resolver error, a null in a non-null field, a value a leaf type
 * refuses, a budget overrun), it returns the root results it obtained instead, for graphql-jit
 * to run the operation with (root-results.ts): the answer is then graphql-jit's, and no root
 * resolver runs twice.
 */
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { responseBudgetOf } from '../../../security/response-budget';
import type { ProjectionPlan, ProjectionState } from './compile-projection';
import { serializedResult } from '../serialized-result';
import { fieldValueOf } from './direct-root';
import type { RootResults } from './root-results';

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

export interface ProjectionInput {
  readonly variables: Readonly<Record<string, unknown>> | undefined;
  readonly contextValue: unknown;
  /** Give `data` as JSON text when answering (serialized-result.ts): the caller sends text. */
  readonly serialize?: boolean | undefined;
}

/** The result, or the root results graphql-jit must run with (see the module comment). */
export type ProjectionOutcome =
  | { readonly kind: 'answered'; readonly result: ExecutionResult }
  | { readonly kind: 'declined'; readonly rootResults: RootResults };

/**
 * The root results obtained so far (values by index of `plan.roots`), for graphql-jit: what each
 * resolver returned, a direct lookup's result made into the field's value (direct-root.ts).
 */
function declined(plan: ProjectionPlan, values: readonly unknown[]): ProjectionOutcome {
  const rootResults: RootResults = new Map();
  for (let index = 0; index < values.length; index += 1) {
    const root = plan.roots[index];
    if (root === undefined) continue;
    const value = values[index];
    rootResults.set(
      root.nodes[0],
      root.direct === undefined ? value : fieldValueOf(root.direct, value),
    );
  }
  return { kind: 'declined', rootResults };
}

/** The root values as their fields' values (each direct lookup's finished); may throw. */
function finished(plan: ProjectionPlan, values: readonly unknown[]): unknown[] {
  const fieldValues = values.slice();
  for (let index = 0; index < fieldValues.length; index += 1) {
    const finish = plan.roots[index]?.direct?.finish;
    if (finish !== undefined) fieldValues[index] = finish(fieldValues[index]);
  }
  return fieldValues;
}

/** Runs `plan`; see the module comment. */
export async function executeProjection(
  schema: GraphQLSchema,
  plan: ProjectionPlan,
  input: ProjectionInput,
): Promise<ProjectionOutcome> {
  // What each root resolver or direct lookup returned; once all are fulfilled, each promise is
  // replaced by its value (graphql-jit treats both alike); after a rejection they all stay for
  // graphql-jit.
  const values: unknown[] = [];
  const variableValues = plan.coerceVariables(input.variables);
  if (variableValues === undefined) return declined(plan, values);
  const queryType = schema.getQueryType();
  if (queryType === null || queryType === undefined) return declined(plan, values);

  const { contextValue } = input;
  // The roots whose value is a promise: the promises, and their places in `values`.
  let pending: PromiseLike<unknown>[] | undefined;
  let pendingAt: number[] | undefined;
  for (const root of plan.roots) {
    const args = root.readArguments(variableValues);
    // Refused arguments: graphql-jit reports them.
    if (args === undefined) return declined(plan, values);
    let value: unknown;
    try {
      value =
        root.direct === undefined
          ? root.field.resolve?.(undefined, args, contextValue, {
              fieldName: root.field.name,
              fieldNodes: root.nodes,
              returnType: root.field.type,
              parentType: queryType,
              path: { prev: undefined, key: root.key, typename: queryType.name },
              schema,
              fragments: plan.fragments,
              rootValue: undefined,
              operation: plan.operation,
              variableValues,
            })
          : root.direct.lookup(args, contextValue);
    } catch {
      // A resolver that threw: graphql-jit calls it again and reports.
      return declined(plan, values);
    }
    if (isPromiseLike(value)) {
      (pending ??= []).push(value);
      (pendingAt ??= []).push(values.length);
    }
    values.push(value);
  }
  if (pending !== undefined && pendingAt !== undefined) {
    // On a rejection `values` keeps the promises themselves, which graphql-jit awaits and
    // reports as it would its own.
    try {
      if (pending.length === 1) {
        // One lookup (a single package) is awaited as it is, without Promise.all's promise.
        values[pendingAt[0] as number] = await pending[0];
      } else {
        // One Promise.all observes every promise at once (none may reject unobserved while
        // another is awaited), with no handler of our own per root.
        const settled = await Promise.all(pending);
        for (let index = 0; index < pendingAt.length; index += 1) {
          values[pendingAt[index] as number] = settled[index];
        }
      }
    } catch {
      return declined(plan, values);
    }
  }

  const state: ProjectionState = { charge: 0 };
  let result: ExecutionResult;
  try {
    const fieldValues = finished(plan, values);
    result =
      input.serialize === true
        ? serializedResult(plan.buildJson(fieldValues, state))
        : { data: plan.build(fieldValues, state) };
  } catch {
    return declined(plan, values);
  }
  if (state.charge > 0) {
    const budget = responseBudgetOf(contextValue);
    if (budget !== undefined) {
      if (budget.exceeded || state.charge > budget.remaining) return declined(plan, values);
      budget.charge(state.charge);
    }
  }
  return { kind: 'answered', result };
}
