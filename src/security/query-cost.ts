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
 * - worst case: lists at their maximum (1000), and every list item priced as the output it is
 *   (`worstCaseItemCost` 1, as much as a lookup): at that size the response itself is the danger
 *   (an instance list reached back through `ProductInstance.package` repeats the parent's 1000
 *   instances for each of them, a million objects per alias), so the worst-case budget also
 *   bounds how many list items an accepted operation can produce. One level of fan-out under a
 *   page (100 × 1000 instances) stays below the budget; a second level (instances → their
 *   package → its instances) costs at least 1000 × 1000 and is refused even when its expected
 *   cost looks harmless.
 *
 * Every list of objects in the schema must be priced (a connection's items by its `first`, any
 * other list by its bound): `assertModelMatchesSchema` refuses a schema with an unpriced list.
 * Writes are priced by what they do: a root mutation field costs 1 (one upstream write) plus
 * `itemCost` per element of the argument that sizes the write (a create's products).
 */
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  visit,
  type ArgumentNode,
  type DirectiveNode,
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
   * Lists carried inside their parent's JSON: size × (selection + itemCost). A `*.field` key
   * prices that field on every type (e.g. every mutation payload's `userErrors`). `itemCost` prices
   * the output itself (objects to build and serialise), so nested fan-out through free fields
   * (e.g. `referenceProductInstance { package { productInstances } }`) still grows the cost.
   */
  readonly embeddedLists: Readonly<
    Record<
      string,
      {
        readonly expectedSize: number;
        readonly maxSize: number;
        /** Price of one item in the expected figure. */
        readonly itemCost: number;
        /** Price of one item in the worst-case figure (lists at `maxSize`). */
        readonly worstCaseItemCost: number;
      }
    >
  >;
  /**
   * Root mutation fields whose work grows with an argument: 1 + selection + `itemCost` × the
   * length of the list at `sizedBy` (a dotted argument path, e.g. `input.products`).
   */
  readonly writes: Readonly<
    Record<string, { readonly sizedBy: string; readonly itemCost: number }>
  >;
  /** Loader lookups or extra upstream calls: 1 + selection. Root fields always count as these. */
  readonly lookups: readonly string[];
}

/** The cost model of the packages gateway's schema. */
export const PACKAGES_COST_MODEL: CostModel = Object.freeze({
  connections: {
    'Query.packages': { defaultFirst: 20, perPageFields: ['totalCount', 'pageInfo'] },
  },
  // Expected: 100 instances cost as much as one upstream lookup. Worst case: each item 1.
  // `userErrors` holds at most 20 entries (user-errors.mapper.ts).
  embeddedLists: {
    'Package.productInstances': {
      expectedSize: 10,
      maxSize: 1000,
      itemCost: 0.01,
      worstCaseItemCost: 1,
    },
    '*.userErrors': { expectedSize: 1, maxSize: 20, itemCost: 0.01, worstCaseItemCost: 1 },
  },
  // A create writes one instance per product (up to 1000): each costs as much as a lookup.
  writes: {
    'Mutation.createPackage': { sizedBy: 'input.products', itemCost: 1 },
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

/** The model's price of an embedded list at `Type.field`, exact or by a `*.field` key. */
function embeddedListAt(model: CostModel, typeName: string, fieldName: string) {
  return model.embeddedLists[`${typeName}.${fieldName}`] ?? model.embeddedLists[`*.${fieldName}`];
}

function fieldCoordinates(model: CostModel): string[] {
  return [
    ...Object.keys(model.connections),
    ...Object.keys(model.embeddedLists).filter((coordinate) => !coordinate.startsWith('*.')),
    ...Object.keys(model.writes),
    ...model.lookups,
  ];
}

/**
 * Lists of objects the model does not price: every output field whose type is a list of a
 * composite type must be an embedded list of the model or a list of a connection's type (its
 * items, priced by `first`). Introspection types are not the model's business.
 */
export function unpricedLists(model: CostModel, schema: GraphQLSchema): string[] {
  const connectionTypes = new Set(
    Object.keys(model.connections).map((coordinate) => {
      const [typeName, fieldName] = coordinate.split('.');
      const type = typeName === undefined ? undefined : schema.getType(typeName);
      const field =
        isObjectType(type) && fieldName !== undefined ? type.getFields()[fieldName] : undefined;
      return field === undefined ? '' : getNamedType(field.type).name;
    }),
  );
  const unpriced: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || connectionTypes.has(type.name)) {
      continue;
    }
    for (const field of Object.values(type.getFields())) {
      if (
        isListType(getNullableType(field.type)) &&
        isCompositeType(getNamedType(field.type)) &&
        embeddedListAt(model, type.name, field.name) === undefined
      ) {
        unpriced.push(`${type.name}.${field.name}`);
      }
    }
  }
  return unpriced;
}

/**
 * Throws when the model names a field the schema lacks (the schema drifted from the model) or
 * the schema has a list of objects the model does not price.
 */
export function assertModelMatchesSchema(model: CostModel, schema: GraphQLSchema): void {
  const unpriced = unpricedLists(model, schema);
  if (unpriced.length > 0) {
    throw new Error(`cost model does not price these lists: ${unpriced.join(', ')}`);
  }
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

/** Length of the list at the dotted `path` of coerced arguments (0 when there is none). */
function sizeOf(args: Readonly<Record<string, unknown>>, path: string): number {
  let value: unknown = args;
  for (const key of path.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  return Array.isArray(value) ? value.length : 0;
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
    const embedded = embeddedListAt(model, type.name, field.name);
    if (embedded) {
      const itemCost = size === 'maxSize' ? embedded.worstCaseItemCost : embedded.itemCost;
      return embedded[size] * (childComplexity + itemCost);
    }
    const write = model.writes[coordinate];
    if (write) return 1 + childComplexity + write.itemCost * sizeOf(args, write.sizedBy);
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

/**
 * Names of the variables whose values can change a cost estimate: those used in a `first`
 * argument (page sizes), in an `@include`/`@skip` condition, or anywhere in the arguments of a
 * write the model sizes by an argument (a create's products). Other variables (ids, filters)
 * never change it.
 */
export function variablesAffectingCost(
  document: DocumentNode,
  model: CostModel = PACKAGES_COST_MODEL,
): string[] {
  const sizedWrites = new Set(
    Object.keys(model.writes).map((coordinate) => coordinate.split('.')[1]),
  );
  const names = new Set<string>();
  let depth = 0;
  const isCostArgument = (node: ArgumentNode | DirectiveNode | FieldNode): boolean => {
    switch (node.kind) {
      case Kind.ARGUMENT:
        return node.name.value === 'first';
      case Kind.DIRECTIVE:
        return node.name.value === 'include' || node.name.value === 'skip';
      default:
        return sizedWrites.has(node.name.value);
    }
  };
  const around = {
    enter: (node: ArgumentNode | DirectiveNode | FieldNode) => {
      if (isCostArgument(node)) depth += 1;
    },
    leave: (node: ArgumentNode | DirectiveNode | FieldNode) => {
      if (isCostArgument(node)) depth -= 1;
    },
  };
  visit(document, {
    Argument: around,
    Directive: around,
    Field: around,
    Variable: (node) => {
      if (depth > 0) names.add(node.name.value);
    },
  });
  return [...names].sort();
}
