/**
 * A cap on the size of the response one operation may build, enforced while it is built.
 *
 * The cost check (query-cost.ts) refuses shapes whose lists could be too large before anything
 * runs; this is the backstop that holds whatever the model misses, on every execution path
 * (Apollo's, the fast path, graphql-js or compiled), because it lives in the schema's resolvers:
 * every field that returns a list of objects charges the request's budget for the values its
 * items will hold (items × the fields selected per item, nested single objects included; nested
 * lists charge when they resolve). When the budget is exhausted the list resolver throws, so
 * the rest of the result is never built, and the executor answers the whole operation with one
 * `RESPONSE_TOO_LARGE` error and no data (`withResponseBudget`).
 *
 * The budget rides on the request context (`responseBudget`, created per request in
 * src/context.ts); a context without one is not limited.
 */
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ExecutionResult,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { GatewayError } from '../graphql/errors';

/** Raised when an operation's response would exceed its budget. */
export class ResponseTooLargeError extends GatewayError {
  constructor(limit: number) {
    super(
      `The response would hold more than ${limit} values; select fewer fields or ask for smaller pages.`,
      { code: 'RESPONSE_TOO_LARGE', limit },
    );
    this.name = 'ResponseTooLargeError';
  }
}

/** One operation's allowance of response values. */
export interface ResponseBudget {
  readonly limit: number;
  /** True once a charge went over the limit. */
  readonly exceeded: boolean;
  /** Values still allowed (negative once exceeded). */
  readonly remaining: number;
  /** Takes `values` from the budget; throws `ResponseTooLargeError` when it runs out. */
  charge(values: number): void;
}

/**
 * One request's budget. A class rather than an object literal with getters and closures: every
 * request makes one, and the literal cost about 1 µs to build (measured), a class instance a
 * few nanoseconds.
 */
class RequestResponseBudget implements ResponseBudget {
  private left: number;
  private overrun = false;

  constructor(readonly limit: number) {
    this.left = limit;
  }

  get exceeded(): boolean {
    return this.overrun;
  }

  get remaining(): number {
    return this.left;
  }

  charge(values: number): void {
    this.left -= values;
    if (this.left < 0) {
      this.overrun = true;
      throw new ResponseTooLargeError(this.limit);
    }
  }
}

/** A fresh budget of `limit` values (a positive integer). */
export function createResponseBudget(limit: number): ResponseBudget {
  if (!(Number.isInteger(limit) && limit > 0)) {
    throw new Error('response budget limit must be a positive integer');
  }
  return new RequestResponseBudget(limit);
}

/** The budget a context carries, if any. */
export function responseBudgetOf(context: unknown): ResponseBudget | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  return (context as { responseBudget?: ResponseBudget }).responseBudget;
}

function fieldsOf(type: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
}

/**
 * Values one item of `type` holds for `selectionSet`: 1 per selected field (aliases apart),
 * plus what a nested single object holds; a nested list counts 1 (it charges for itself). Type
 * conditions are ignored (conservative). Depth is bounded by the depth limit checked before.
 */
function valuesPerItem(
  selectionSet: SelectionSetNode | undefined,
  type: GraphQLNamedType,
  fragments: GraphQLResolveInfo['fragments'],
): number {
  let values = 0;
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      values += 1;
      const field = fieldsOf(type)[selection.name.value];
      if (field === undefined || isListType(getNullableType(field.type))) continue;
      const named = getNamedType(field.type);
      if (isCompositeType(named)) values += valuesPerItem(selection.selectionSet, named, fragments);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      values += valuesPerItem(selection.selectionSet, type, fragments);
    } else {
      values += valuesPerItem(fragments[selection.name.value]?.selectionSet, type, fragments);
    }
  }
  return values;
}

/**
 * Values one item of a list field charges: what the merged selection `fieldNodes` selects on
 * `itemType`, at least 1. Exported for executors that charge a whole result at once
 * (src/graphql/pipeline/projection/): they must charge exactly what the resolvers would.
 */
export function listItemWeight(
  fieldNodes: readonly FieldNode[],
  itemType: GraphQLNamedType,
  fragments: GraphQLResolveInfo['fragments'],
): number {
  let values = 0;
  for (const node of fieldNodes) values += valuesPerItem(node.selectionSet, itemType, fragments);
  return Math.max(1, values);
}

/**
 * Per-item weights of merged selections, remembered by their first node: one node (of a
 * fragment spread in several places) can head different merged selections, so each weight is
 * kept with the nodes it was computed for.
 */
const weights = new WeakMap<FieldNode, { nodes: readonly FieldNode[]; weight: number }[]>();

const sameNodes = (a: readonly FieldNode[], b: readonly FieldNode[]): boolean =>
  a.length === b.length && a.every((node, index) => node === b[index]);

function weightOf(info: GraphQLResolveInfo): number {
  const key = info.fieldNodes[0];
  const known = key === undefined ? undefined : weights.get(key);
  const entry = known?.find((candidate) => sameNodes(candidate.nodes, info.fieldNodes));
  if (entry !== undefined) return entry.weight;
  const weight = listItemWeight(info.fieldNodes, getNamedType(info.returnType), info.fragments);
  if (key !== undefined) {
    const entries = known ?? [];
    entries.push({ nodes: [...info.fieldNodes], weight });
    if (known === undefined) weights.set(key, entries);
  }
  return weight;
}

function charged(value: unknown, budget: ResponseBudget, info: GraphQLResolveInfo): unknown {
  if (Array.isArray(value) && value.length > 0) budget.charge(value.length * weightOf(info));
  return value;
}

const EMPTY: readonly never[] = Object.freeze([]);

/** The wrappers `chargeListsToResponseBudget` put around graphql-js's default field resolver. */
const chargingDefaultResolvers = new WeakSet<object>();

/**
 * True when `resolve` is the budget's wrapper around the default resolver (a property read):
 * an executor that reads the property itself and charges `listItemWeight` does the same.
 */
export function isChargingDefaultResolver(resolve: unknown): boolean {
  return typeof resolve === 'function' && chargingDefaultResolvers.has(resolve);
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * Makes every field of `schema` that returns a list of objects charge the request's budget
 * (in place; returns the schema). Apply before serving: compiled operations read resolvers
 * when they are compiled.
 */
export function chargeListsToResponseBudget(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isListType(getNullableType(field.type))) continue;
      if (!isCompositeType(getNamedType(field.type))) continue;
      const plain = field.resolve === undefined || field.resolve === defaultFieldResolver;
      const resolve = field.resolve ?? defaultFieldResolver;
      const charging: typeof resolve = (source, args, context, info) => {
        const budget = responseBudgetOf(context);
        if (budget === undefined) return resolve(source, args, context, info);
        // Once exhausted, nothing more is built: the lists still pending resolve empty, without
        // an error each (thousands of located errors cost more than the work they stop), and
        // `withResponseBudget` replaces the whole result, so no truncated list reaches a client.
        if (budget.exceeded) return EMPTY;
        const result = resolve(source, args, context, info);
        return isPromiseLike(result)
          ? Promise.resolve(result).then((value) => charged(value, budget, info))
          : charged(result, budget, info);
      };
      if (plain) chargingDefaultResolvers.add(charging);
      field.resolve = charging;
    }
  }
  return schema;
}

/**
 * Wraps an executor so that an operation that exhausted its budget is answered with one
 * `RESPONSE_TOO_LARGE` error and no data, instead of a partial result with an error per list.
 */
export function withResponseBudget<TInput extends { readonly contextValue: unknown }>(
  execute: (input: TInput) => Promise<ExecutionResult>,
): (input: TInput) => Promise<ExecutionResult> {
  return async (input) => {
    const result = await execute(input);
    const budget = responseBudgetOf(input.contextValue);
    if (budget?.exceeded) return { data: null, errors: [new ResponseTooLargeError(budget.limit)] };
    return result;
  };
}
