/**
 * A JSON serializer compiled once per operation for its successful results, in place of
 * `JSON.stringify` on every answer of the fast path (a page of 100 packages is about 115 KB of
 * JSON, and stringifying it was the largest single item of a page's CPU profile).
 *
 * The operation's selection, with the schema's types, says every property an error-free result
 * can hold, in which order, and of which JSON type; fast-json-stringify turns that description
 * (a JSON schema) into a function that writes those properties directly. graphql-jit's own
 * `customJSONSerializer` does the same but cannot serve this schema (it refuses custom scalars
 * such as `DateTime` and leaves `__typename` out), so the description is built here.
 *
 * Its output is byte for byte `JSON.stringify({ data })` for the results it is used on, which
 * holds because:
 * - results without errors hold every selected field (or none, for a null parent) in the
 *   order graphql-js collects them, which is the order of first appearance walked here
 *   (fragments expanded in place, repeated response names merged);
 * - leaf values are already serialized by their GraphQL type: strings for `String`, `ID`,
 *   enums and `DateTime` (whose serialize always returns a string), safe integers for `Int`,
 *   finite numbers for `Float`, booleans for `Boolean`. Any other scalar is written with
 *   `JSON.stringify`;
 * - operations where a field's presence or order depends on more than the selection are not
 *   compiled (`undefined`: the caller uses `JSON.stringify`): any directive on a selection
 *   (`@skip`/`@include` can reorder merged fields), type conditions naming another type, and
 *   abstract types.
 */
import build, { type AnySchema } from 'fast-json-stringify';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DateTimeScalar } from '../common/date-time.scalar';

/** Writes `{"data":…}` for an error-free result's data, as `JSON.stringify({ data })` would. */
export type ResultSerializer = (data: unknown) => string;

/** The subset of JSON schema handed to fast-json-stringify. */
interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  $ref?: string;
}

/** Scalars whose serialized value always has this JSON type. */
const SCALAR_JSON_TYPES: ReadonlyMap<string, JsonSchema['type']> = new Map([
  ['String', 'string'],
  ['ID', 'string'],
  ['Boolean', 'boolean'],
  ['Int', 'integer'],
  ['Float', 'number'],
  [DateTimeScalar.name, 'string'],
]);

/** Thrown while describing an operation the serializer must not handle. */
class NotCompilable extends Error {}

interface Walk {
  readonly schema: GraphQLSchema;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /**
   * Object schemas by their JSON text, each written once under `definitions` and referred to
   * from every place it recurs: 50 aliased lookups of one fragment share one function instead
   * of making a body 50 times the size, which V8 would not optimise.
   */
  readonly definitions: Map<string, { readonly name: string; readonly schema: JsonSchema }>;
}

/** The shared definition of an object schema seen before, or the schema itself the first time. */
function shared(walk: Walk, described: JsonSchema): JsonSchema {
  const text = JSON.stringify(described);
  const known = walk.definitions.get(text);
  if (known !== undefined) return { $ref: `#/definitions/${known.name}` };
  walk.definitions.set(text, { name: `d${walk.definitions.size}`, schema: described });
  return described;
}

/** The selection sets of `selectionSets` on `type`, merged by response name, in order. */
function collectFields(
  walk: Walk,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
  into: Map<string, { name: string; selectionSets: SelectionSetNode[] }>,
  visitedFragments: Set<string>,
): void {
  for (const selectionSet of selectionSets) {
    for (const selection of selectionSet.selections) {
      if ((selection.directives?.length ?? 0) > 0) throw new NotCompilable('directive');
      if (selection.kind === Kind.FIELD) {
        const responseName = selection.alias?.value ?? selection.name.value;
        if (responseName === '__proto__') throw new NotCompilable('__proto__');
        let entry = into.get(responseName);
        if (entry === undefined) {
          entry = { name: selection.name.value, selectionSets: [] };
          into.set(responseName, entry);
        }
        if (selection.selectionSet) entry.selectionSets.push(selection.selectionSet);
        continue;
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection
          : walk.fragments.get(selection.name.value);
      if (fragment === undefined) throw new NotCompilable('unknown fragment');
      if (fragment.typeCondition && fragment.typeCondition.name.value !== type.name) {
        throw new NotCompilable('type condition');
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        // graphql-js expands a named fragment once per selection set.
        if (visitedFragments.has(selection.name.value)) continue;
        visitedFragments.add(selection.name.value);
      }
      collectFields(walk, type, [fragment.selectionSet], into, visitedFragments);
    }
  }
}

function objectSchema(
  walk: Walk,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
): JsonSchema {
  const fields = new Map<string, { name: string; selectionSets: SelectionSetNode[] }>();
  collectFields(walk, type, selectionSets, fields, new Set());
  const properties: Record<string, JsonSchema> = Object.create(null) as Record<string, JsonSchema>;
  for (const [responseName, { name, selectionSets: nested }] of fields) {
    if (name === '__typename') {
      properties[responseName] = { type: 'string' };
      continue;
    }
    const field = type.getFields()[name];
    if (field === undefined) throw new NotCompilable('unknown field');
    properties[responseName] = valueSchema(walk, field.type, nested);
  }
  return { type: 'object', properties };
}

function valueSchema(
  walk: Walk,
  type: GraphQLOutputType,
  selectionSets: readonly SelectionSetNode[],
): JsonSchema {
  const nullable = !isNonNullType(type);
  const inner = getNullableType(type);
  let described: JsonSchema;
  if (isListType(inner)) {
    described = { type: 'array', items: valueSchema(walk, inner.ofType, selectionSets) };
  } else if (isObjectType(inner)) {
    described = objectSchema(walk, inner, selectionSets);
  } else if (isEnumType(inner)) {
    described = { type: 'string' };
  } else if (isScalarType(inner)) {
    const jsonType = SCALAR_JSON_TYPES.get(inner.name);
    // An empty schema: fast-json-stringify writes the value with JSON.stringify.
    described = jsonType === undefined ? {} : { type: jsonType };
  } else {
    throw new NotCompilable(`abstract type ${getNamedType(inner).name}`);
  }
  if (nullable && described.type !== undefined) described.nullable = true;
  return described.type === 'object' ? shared(walk, described) : described;
}

/**
 * Compiles the serializer of `operation`'s successful results, or returns undefined when the
 * operation is one it must not serve (see the module comment).
 */
export function compileResultSerializer(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): ResultSerializer | undefined {
  const root = schema.getRootType(operation.operation);
  if (root === undefined || root === null) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const walk: Walk = { schema, fragments, definitions: new Map() };
  let data: JsonSchema;
  try {
    data = objectSchema(walk, root, [operation.selectionSet]);
  } catch (error) {
    if (error instanceof NotCompilable) return undefined;
    throw error;
  }
  data.nullable = true;
  // Only the definitions referred to from elsewhere need to be listed; listing all is harmless.
  const definitions = Object.fromEntries(
    [...walk.definitions.values()].map(({ name, schema: definition }) => [name, definition]),
  );
  const stringify = build({
    type: 'object',
    properties: { data },
    definitions,
  } as AnySchema);
  return (value) => stringify({ data: value });
}

/**
 * One serializer per operation, compiled on first use and kept as long as the operation node
 * is (weakly); `undefined` means "use JSON.stringify".
 */
export function createResultSerializers(
  schema: GraphQLSchema,
): (document: DocumentNode, operation: OperationDefinitionNode) => ResultSerializer | undefined {
  const compiled = new WeakMap<OperationDefinitionNode, ResultSerializer | null>();
  return (document, operation) => {
    let serializer = compiled.get(operation);
    if (serializer === undefined) {
      serializer = compileResultSerializer(schema, document, operation) ?? null;
      compiled.set(operation, serializer);
    }
    return serializer ?? undefined;
  };
}
