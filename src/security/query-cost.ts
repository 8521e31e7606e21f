/**
 * Query cost estimation with graphql-query-complexity. Cost ≈ the upstream work an operation
 * may cause: each loader lookup or extra upstream call costs 1, paged and embedded lists
 * multiply the cost of their selection, and data already in the parent's JSON costs 0.
 *
 * `Package.productInstances` is embedded (up to 1000 per package, not paginated), so the
 * estimate is computed twice:
 * - expected: lists at their typical size (10 instances per package — most packages bundle a
 *   handful of products; 10 leaves headroom). Budgeting the worst case instead would price any
 *   per-instance lookup under `packages(first: 20)` at 20 000 and refuse ordinary dashboards.
 * - worst case: lists at their maximum (1000). One level of fan-out under a page stays below
 *   the worst-case budget, but a second level (instances → lookups → instances → lookups) costs
 *   at least 1000 × 1000 and is refused even when its expected cost looks harmless.
 */
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  getNamedType,
  isCompositeType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
} from 'graphql';

/** Which fields cost what; keys are `Type.field` coordinates. */
export interface CostModel {
  /**
   * Paged upstream queries: 1 + `first` × per-item selection + per-page fields (`first` absent
   * → `defaultFirst`). Per-page fields are leaf-like fields of the connection type (`totalCount`,
   * `pageInfo`) selected directly, without directives; they are charged once, at 1 if they are
   * lookups, else 0. Anything else in the selection counts per item (conservative).
   */
  readonly connections: Readonly<
    Record<string, { readonly defaultFirst: number; readonly perPageFields?: readonly string[] }>
  >;
  /**
   * Lists carried inside their parent's JSON: size × (selection + itemCost). `itemCost` prices
   * the output itself (objects to build and serialise), so nested fan-out through free fields
   * (e.g. `referenceProductInstance { package { productInstances } }`) still grows the cost.
   */
  readonly embeddedLists: Readonly<
    Record<
      string,
      { readonly expectedSize: number; readonly maxSize: number; readonly itemCost: number }
    >
  >;
  /** Loader lookups or extra upstream calls: 1 + selection. Root fields always count as these. */
  readonly lookups: readonly string[];
}

/** The cost model of the packages gateway's schema. */
export const PACKAGES_COST_MODEL: CostModel = Object.freeze({
  connections: {
    'Query.packages': { defaultFirst: 20, perPageFields: ['totalCount', 'pageInfo'] },
  },
  // 100 instances cost as much as one upstream lookup.
  embeddedLists: {
    'Package.productInstances': { expectedSize: 10, maxSize: 1000, itemCost: 0.01 },
  },
  // `ProductInstance.package` is not here: an instance always arrives inside its package, which
  // primes the loader, so that field never causes an upstream call.
  lookups: [
    'Query.package',
    'Query.productInstance',
    'ProductInstance.referenceProductInstance',
    'PackageConnection.totalCount',
    // Free when the change carries the package (it primes the loader), a lookup otherwise.
    'PackageChange.package',
  ],
});

export interface QueryCost {
  /** With embedded lists at their expected size. */
  readonly expected: number;
  /** With embedded lists at their maximum size. */
  readonly worstCase: number;
}

/** Raised when the document is too large to even walk (graphql-query-complexity's node cap). */
export class CostEstimationAbortedError extends Error {
  constructor() {
    super('query cost estimation aborted: too many nodes');
    this.name = 'CostEstimationAbortedError';
  }
}

const MAX_QUERY_NODES = 10_000;
const NODE_CAP_MESSAGE = /maximum allowed number of nodes/;

function fieldCoordinates(model: CostModel): string[] {
  return [...Object.keys(model.connections), ...Object.keys(model.embeddedLists), ...model.lookups];
}

/** Throws when the model names a field the schema lacks (the schema drifted from the model). */
export function assertModelMatchesSchema(model: CostModel, schema: GraphQLSchema): void {
  const missing = fieldCoordinates(model).filter((coordinate) => {
    const [typeName, fieldName] = coordinate.split('.');
    const type = typeName === undefined ? undefined : schema.getType(typeName);
    return !(
      type &&
      isCompositeType(type) &&
      'getFields' in type &&
      fieldName !== undefined &&
      type.getFields()[fieldName]
    );
  });
  if (missing.length > 0) {
    throw new Error(`cost model names fields missing from the schema: ${missing.join(', ')}`);
  }
}

function rootTypeNames(schema: GraphQLSchema): Set<string> {
  return new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
      .filter((type) => type !== null && type !== undefined)
      .map((type) => type.name),
  );
}

function pageSize(first: unknown, defaultFirst: number): number {
  return typeof first === 'number' && Number.isFinite(first) ? Math.max(0, first) : defaultFirst;
}

/** The charge for per-page fields selected directly (and unconditionally) on a connection. */
function perPageCost(
  node: FieldNode,
  connectionType: string,
  perPageFields: readonly string[],
  lookups: ReadonlySet<string>,
): number {
  let total = 0;
  for (const selection of node.selectionSet?.selections ?? []) {
    if (
      selection.kind === Kind.FIELD &&
      perPageFields.includes(selection.name.value) &&
      (selection.directives?.length ?? 0) === 0
    ) {
      total += lookups.has(`${connectionType}.${selection.name.value}`) ? 1 : 0;
    }
  }
  return total;
}

function estimatorFor(
  model: CostModel,
  roots: ReadonlySet<string>,
  size: 'expectedSize' | 'maxSize',
): ComplexityEstimator {
  const lookups = new Set(model.lookups);
  return ({ type, field, node, args, childComplexity }) => {
    const coordinate = `${type.name}.${field.name}`;
    const connection = model.connections[coordinate];
    if (connection) {
      const connectionType = getNamedType(field.type).name;
      const perPage = perPageCost(node, connectionType, connection.perPageFields ?? [], lookups);
      const perItem = childComplexity - perPage;
      return 1 + pageSize(args['first'], connection.defaultFirst) * perItem + perPage;
    }
    const embedded = model.embeddedLists[coordinate];
    if (embedded) return embedded[size] * (childComplexity + embedded.itemCost);
    if (lookups.has(coordinate) || roots.has(type.name)) return 1 + childComplexity;
    // Anything else comes with its parent's JSON.
    return childComplexity;
  };
}

/** Estimates an operation's cost (see the module comment for the two figures). */
export function estimateQueryCost(options: {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly model?: CostModel;
  readonly operationName?: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}): QueryCost {
  const model = options.model ?? PACKAGES_COST_MODEL;
  const roots = rootTypeNames(options.schema);
  const run = (size: 'expectedSize' | 'maxSize') => {
    try {
      return getComplexity({
        schema: options.schema,
        query: options.document,
        estimators: [estimatorFor(model, roots, size)],
        maxQueryNodes: MAX_QUERY_NODES,
        ...(options.operationName === undefined ? {} : { operationName: options.operationName }),
        variables: { ...(options.variables ?? {}) },
      });
    } catch (error) {
      if (error instanceof Error && NODE_CAP_MESSAGE.test(error.message)) {
        throw new CostEstimationAbortedError();
      }
      throw error;
    }
  };
  // Item costs are fractional: report whole units, rounding up.
  return {
    expected: Math.ceil(run('expectedSize') - 1e-9),
    worstCase: Math.ceil(run('maxSize') - 1e-9),
  };
}
