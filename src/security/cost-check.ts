/**
 * Refuses, before execution, operations whose estimated cost (see `query-cost.ts`) exceeds the
 * budget, with `extensions.code` `QUERY_TOO_COMPLEX` and the figures that decided it.
 */
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import {
  assertModelMatchesSchema,
  CostEstimationAbortedError,
  estimateQueryCost,
  PACKAGES_COST_MODEL,
  type CostModel,
  type QueryCost,
  variablesAffectingCost,
} from './query-cost';
import type { OperationCheck } from '../graphql/pipeline/operation-check';
import { RequestRejectedError } from './request-rejected-error';

export interface CostLimitOptions {
  /** Budget for the expected cost (`GRAPHQL_MAX_COST`). */
  readonly maxCost: number;
  /** Budget for the worst-case cost, lists at their maximum size (`GRAPHQL_MAX_WORST_CASE_COST`). */
  readonly maxWorstCaseCost: number;
  /** The served schema; the model is checked against it at construction. */
  readonly schema: GraphQLSchema;
  /** Default `PACKAGES_COST_MODEL`. */
  readonly model?: CostModel;
  /** Sees every estimate (accepted or not), e.g. for logs or tuning; must not throw. */
  readonly onEstimate?: (cost: QueryCost, operationName: string | null) => void;
}

/** Memoised estimates kept per document, and the longest variables text worth keying on. */
const MAX_ESTIMATES_PER_DOCUMENT = 64;
const MAX_VARIABLES_KEY_LENGTH = 2_048;
/** Operation names whose variable-free key is kept (see `fixedKeyOf`). */
const MAX_FIXED_KEYS = 1_000;

function tooComplex(cost: QueryCost | undefined, maxCost: number, maxWorstCaseCost: number) {
  const message =
    cost === undefined
      ? 'Query is too large to estimate.'
      : cost.expected > maxCost
        ? `Query cost ${cost.expected} exceeds the limit of ${maxCost}.`
        : `Query worst-case cost ${cost.worstCase} (lists at their maximum size) exceeds the ` +
          `limit of ${maxWorstCaseCost}.`;
  return new RequestRejectedError('QUERY_TOO_COMPLEX', message, {
    ...(cost === undefined ? {} : { cost: cost.expected, worstCaseCost: cost.worstCase }),
    maxCost,
    maxWorstCaseCost,
  });
}

export { variablesAffectingCost } from './query-cost';

/**
 * Returns the cost check (run before execution). Throws at construction when a budget is not a
 * positive number or the model names fields the schema lacks.
 */
export function createCostCheck(options: CostLimitOptions): OperationCheck<unknown> {
  const model = options.model ?? PACKAGES_COST_MODEL;
  const maxCost = options.maxCost;
  const maxWorstCaseCost = options.maxWorstCaseCost;
  for (const [name, value] of [
    ['maxCost', maxCost],
    ['maxWorstCaseCost', maxWorstCaseCost],
  ] as const) {
    if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be positive`);
  }
  assertModelMatchesSchema(model, options.schema);

  // The cost depends on the document, the operation and the few variables that feed `first` or
  // `@include`/`@skip`: estimates are memoised per document (Apollo reuses the DocumentNode of a
  // known query text) and per operation + those variables' values, a bounded number of entries
  // each. 50 aliased lookups with 50 different id variables therefore share one estimate.
  const estimates = new WeakMap<DocumentNode, Map<string, QueryCost>>();
  const costVariables = new WeakMap<DocumentNode, readonly string[]>();
  const fixedKeys = new Map<string, string>();
  const fixedKeyOf = (operationName: string | undefined): string => {
    const name = operationName ?? '';
    let key = fixedKeys.get(name);
    if (key === undefined) {
      key = `${name}\u0000[]`;
      // Operation names come from documents that passed validation; the bound is a backstop.
      if (fixedKeys.size < MAX_FIXED_KEYS) fixedKeys.set(name, key);
    }
    return key;
  };
  const estimate = (input: Parameters<typeof estimateQueryCost>[0]): QueryCost => {
    let names = costVariables.get(input.document);
    if (names === undefined) {
      names = variablesAffectingCost(input.document, model);
      costVariables.set(input.document, names);
    }
    // No variable changes this document's cost (the usual case): the key is the operation's
    // name and `[]`, remembered per name rather than built again.
    const key =
      names.length === 0
        ? fixedKeyOf(input.operationName)
        : `${input.operationName ?? ''}\u0000${JSON.stringify(names.map((name) => input.variables?.[name] ?? null))}`;
    let perDocument = estimates.get(input.document);
    const known = perDocument?.get(key);
    if (known !== undefined) return known;
    const cost = estimateQueryCost(input);
    if (perDocument === undefined) {
      perDocument = new Map();
      estimates.set(input.document, perDocument);
    }
    if (perDocument.size < MAX_ESTIMATES_PER_DOCUMENT && key.length <= MAX_VARIABLES_KEY_LENGTH) {
      perDocument.set(key, cost);
    }
    return cost;
  };

  return ({ document, operation, variables }) => {
    const operationName = operation?.name?.value;
    let cost: QueryCost;
    try {
      // Absent and undefined are the same to the estimate (no spreads on every request).
      cost = estimate({
        schema: options.schema,
        document,
        model,
        operationName,
        variables: variables ?? undefined,
      });
    } catch (error) {
      if (error instanceof CostEstimationAbortedError) {
        throw tooComplex(undefined, maxCost, maxWorstCaseCost);
      }
      // Variables that do not coerce: execution refuses them before any resolver runs.
      if (error instanceof GraphQLError) return;
      throw error;
    }
    options.onEstimate?.(cost, operationName ?? null);
    if (cost.expected > maxCost || cost.worstCase > maxWorstCaseCost) {
      throw tooComplex(cost, maxCost, maxWorstCaseCost);
    }
  };
}
