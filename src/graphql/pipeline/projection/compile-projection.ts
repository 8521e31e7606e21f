/**
 * Compiles a query into a projection: one generated function that builds the result of the
 * operation straight from the values its root resolvers return, as graphql-js would complete
 * them, for the shapes this gateway serves most (a package by id, pages of packages, many
 * aliased lookups). What graphql-jit does per field (a resolver call or a property read through
 * its runtime, a path, an error slot, a null-prototype object) becomes an object literal with
 * one property read and, for leaves, a type test per field.
 *
 * The projection covers a subset on purpose, and refuses (returns null) everything else, which
 * graphql-jit then serves as before:
 * - queries only; no directive anywhere in the operation or its fragments;
 * - object types only (no interface or union), no `__schema`/`__type`, no `__proto__` key;
 * - below the root, only fields read as properties (no resolver, or the response budget's
 *   charging wrapper around the property read) and without arguments.
 * At run time it gives up on any value it cannot complete exactly as graphql-js would (a null
 * in a non-null field, a value a scalar or enum refuses, a non-array for a list, a function):
 * it throws `PROJECTION_BAIL` and the executor runs the operation again with graphql-jit, with
 * the root values already obtained (root-results.ts), so the answer, errors included, is
 * graphql-jit's.
 *
 * Fields are collected as graphql-js `collectFields` does: response keys in first-occurrence
 * order, fragments expanded once per selection set, sub-selections of one key merged.
 *
 * Every generated function has a twin (name + `j`) that gives the JSON text of what it builds,
 * `JSON.stringify`'s exactly, for the fast path to send: a mapped object's text is made once
 * per projector and reused by every request that shares the object (serialized-fragments.ts);
 * around such objects (a page's edges, the root) the twins join the texts.
 */
import {
  getNamedType,
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLString,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  print,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type DocumentNode,
} from 'graphql';
import { isChargingDefaultResolver, listItemWeight } from '../../../security/response-budget';
import {
  compileArgumentReader,
  compileVariableCoercion,
  type ArgumentReader,
  type VariableCoercion,
} from './compile-inputs';
import { directRootOf, type DirectRoot } from './direct-root';
import { serializedFragment } from './serialized-fragments';
import { LEAVES_VERIFIED, unchangedTestOf } from './verified-leaves';

/** Thrown by generated code when a value cannot be completed exactly: graphql-jit takes over. */
export const PROJECTION_BAIL: unique symbol = Symbol('projection bail');

/** What the generated code accumulates while it builds one result. */
export interface ProjectionState {
  /** Response-budget values the lists of the result charge (see response-budget.ts). */
  charge: number;
}

/** A root field the projection resolves with the schema's resolver. */
export interface ProjectedRootField {
  readonly key: string;
  /** The merged nodes of the field (the first is its identity in root-results.ts). */
  readonly nodes: readonly [FieldNode, ...FieldNode[]];
  readonly field: GraphQLField<unknown, unknown>;
  /** Its arguments from the coerced variables; undefined where graphql-js reports an error. */
  readonly readArguments: ArgumentReader;
  /** Called instead of the schema's resolver when the field declares one (direct-root.ts). */
  readonly direct: DirectRoot | undefined;
}

export interface ProjectionPlan {
  readonly operation: OperationDefinitionNode;
  readonly fragments: Record<string, FragmentDefinitionNode>;
  /** The variables coerced; undefined where graphql-js reports an error. */
  readonly coerceVariables: VariableCoercion;
  /** The root fields with resolvers, in response order; their values are `build`'s input. */
  readonly roots: readonly ProjectedRootField[];
  /** Builds `data` from the root values (by index of `roots`); throws PROJECTION_BAIL. */
  readonly build: (values: readonly unknown[], state: ProjectionState) => Record<string, unknown>;
  /** `JSON.stringify` of what `build` builds, charging the same; throws PROJECTION_BAIL alike. */
  readonly buildJson: (values: readonly unknown[], state: ProjectionState) => string;
}

/** A generated function's JSON-text twin (see the module comment). */
const twin = (name: string): string => `${name}j`;

/** The JS literal of the JSON text `"key":`, to open a property in a twin's text. */
const keyText = (key: string, first: boolean): string =>
  JSON.stringify(`${first ? '' : ','}${JSON.stringify(key)}:`);

type FieldsByKey = Map<string, FieldNode[]>;

/** Serialises a leaf as graphql-js `completeLeafValue` does, or bails where it would fail. */
function serializeLeaf(type: GraphQLLeafType, value: unknown): unknown {
  if (typeof value === 'function') throw PROJECTION_BAIL;
  let serialized: unknown;
  try {
    serialized = type.serialize(value);
  } catch {
    throw PROJECTION_BAIL;
  }
  if (serialized === null || serialized === undefined) throw PROJECTION_BAIL;
  return serialized;
}

/** A test (on `v`) under which graphql-js's serialisation returns `v` itself. */
function identityTest(type: GraphQLLeafType): string | undefined {
  if (type === GraphQLString || type === GraphQLID) return `typeof v === 'string'`;
  if (type === GraphQLBoolean) return `typeof v === 'boolean'`;
  if (type === GraphQLInt) return `typeof v === 'number' && (v | 0) === v`;
  if (type === GraphQLFloat) return `typeof v === 'number' && Number.isFinite(v)`;
  return undefined;
}

class ProjectionCompiler {
  private readonly declarations: string[] = [];
  private readonly dependencies: unknown[] = [];
  private readonly projectors = new Map<string, string>();
  private readonly completers = new Map<string, string>();
  /** The completers of lists and objects (their twins build text; a leaf's text is `J` of it). */
  private readonly composite = new Set<string>();
  private count = 0;

  constructor(private readonly fragments: Record<string, FragmentDefinitionNode>) {}

  /** A name bound to `value` in the generated code. */
  private dependency(value: unknown): string {
    this.dependencies.push(value);
    return `d${this.dependencies.length - 1}`;
  }

  private name(prefix: string): string {
    this.count += 1;
    return `${prefix}${this.count}`;
  }

  /** Collects the fields of `selectionSets` on `type`; null when outside the subset. */
  collect(
    type: GraphQLObjectType,
    selectionSets: readonly SelectionSetNode[],
    into: FieldsByKey = new Map(),
    visited: Set<string> = new Set(),
  ): FieldsByKey | null {
    for (const selectionSet of selectionSets) {
      for (const selection of selectionSet.selections) {
        if (selection.directives !== undefined && selection.directives.length > 0) return null;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const nodes = into.get(key);
          if (nodes === undefined) into.set(key, [selection]);
          else nodes.push(selection);
          continue;
        }
        let fragment: { typeCondition?: { name: { value: string } } | undefined } & {
          selectionSet: SelectionSetNode;
        };
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          fragment = selection;
        } else {
          if (visited.has(selection.name.value)) continue;
          visited.add(selection.name.value);
          const definition = this.fragments[selection.name.value];
          if (definition === undefined) return null;
          if (definition.directives !== undefined && definition.directives.length > 0) return null;
          fragment = definition;
        }
        const condition = fragment.typeCondition?.name.value;
        if (condition !== undefined && condition !== type.name) return null;
        if (this.collect(type, [fragment.selectionSet], into, visited) === null) return null;
      }
    }
    return into;
  }

  /** The name of a function completing a value of `type` for `nodes`; null outside the subset. */
  completer(type: GraphQLOutputType, nodes: readonly FieldNode[], weight: number): string | null {
    const nonNull = isNonNullType(type);
    const inner = nonNull ? type.ofType : type;
    const onNull = nonNull ? 'throw B;' : 'return null;';
    const onNullText = nonNull ? 'throw B;' : "return 'null';";
    if (isListType(inner)) {
      const item = this.completer(inner.ofType, nodes, 0);
      if (item === null) return null;
      const name = this.name('l');
      const charge = weight > 0 ? `if (n > 0) x.charge += n * ${weight};` : '';
      this.declarations.push(
        `function ${name}(v, x) { if (v === null || v === undefined) ${onNull} ` +
          `if (!Array.isArray(v)) throw B; const n = v.length; ${charge} const o = []; ` +
          `for (let i = 0; i < n; i++) o.push(${item}(v[i], x)); return o; }`,
        `function ${twin(name)}(v, x) { if (v === null || v === undefined) ${onNullText} ` +
          `if (!Array.isArray(v)) throw B; const n = v.length; ${charge} let o = '['; ` +
          `for (let i = 0; i < n; i++) { if (i > 0) o += ','; o += ${this.text(item, 'v[i]')}; } ` +
          `return o + ']'; }`,
      );
      this.composite.add(name);
      return name;
    }
    if (isObjectType(inner)) {
      const projector = this.projector(inner, nodes);
      if (projector === null) return null;
      const name = this.name('o');
      this.declarations.push(
        `function ${name}(v, x) { if (v === null || v === undefined) ${onNull} ` +
          `if (typeof v !== 'object') throw B; return ${projector}(v, x); }`,
        `function ${twin(name)}(v, x) { if (v === null || v === undefined) ${onNullText} ` +
          `if (typeof v !== 'object') throw B; return ${twin(projector)}(v, x); }`,
      );
      this.composite.add(name);
      return name;
    }
    if (!isScalarType(inner) && !isEnumType(inner)) return null;
    const key = `${inner.name}${nonNull ? '!' : ''}`;
    const known = this.completers.get(key);
    if (known !== undefined) return known;
    const name = this.name('c');
    const test = identityTest(inner);
    // An enum's serialisation is a lookup of the internal value's name (GraphQLEnumType
    // `serialize`, built the same way); a value it does not hold goes to `serialize` to fail.
    const shortcut = isEnumType(inner)
      ? `const n = ${this.dependency(new Map(inner.getValues().map((value) => [value.value, value.name])))}.get(v); if (n !== undefined) return n; `
      : test === undefined
        ? ''
        : `if (${test}) return v; `;
    this.declarations.push(
      `function ${name}(v) { ${shortcut}` +
        `if (v === null || v === undefined) ${onNull} ` +
        `return ${this.dependency(serializeLeaf)}(${this.dependency(inner)}, v); }`,
    );
    this.completers.set(key, name);
    return name;
  }

  /**
   * For a field of a leaf type whose scalar declares an unchanged test (verified-leaves.ts): the
   * name of a function `(v, t)` completing `v` without `serialize` when `t` (the source object
   * is marked), else through `complete`. Undefined for every other field type.
   */
  private verifiedLeafCompleter(type: GraphQLOutputType, complete: string): string | undefined {
    const nonNull = isNonNullType(type);
    const inner = nonNull ? type.ofType : type;
    if (!isScalarType(inner) || unchangedTestOf(inner) === undefined) return undefined;
    const name = this.name('k');
    // A marked object's value is null, undefined or a string its scalar returns unchanged; a
    // null in a non-null field still goes to `complete` (which bails).
    this.declarations.push(
      nonNull
        ? `function ${name}(v, t) { return t && v !== null && v !== undefined ? v : ${complete}(v); }`
        : `function ${name}(v, t) { return t ? (v === undefined ? null : v) : ${complete}(v); }`,
    );
    return name;
  }

  /** The name of a function building `type`'s object for `nodes`; null outside the subset. */
  private projector(type: GraphQLObjectType, nodes: readonly FieldNode[]): string | null {
    const selectionSets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    const shape = `${type.name}:${selectionSets.map((set) => print(set)).join('+')}`;
    const known = this.projectors.get(shape);
    if (known !== undefined) return known;
    if (type.isTypeOf !== undefined && type.isTypeOf !== null) return null;
    const fields = this.collect(type, selectionSets);
    if (fields === null) return null;
    const properties: string[] = [];
    // The same properties as JSON text, for the twin.
    const texts: string[] = [];
    // Whether a selected field completes differently on an object with verified leaves.
    let readsMark = false;
    for (const [key, fieldNodes] of fields) {
      if (key === '__proto__') return null;
      const opening = keyText(key, properties.length === 0);
      const fieldName = fieldNodes[0]?.name.value ?? '';
      if (fieldName === '__typename') {
        properties.push(`${JSON.stringify(key)}: ${JSON.stringify(type.name)}`);
        texts.push(`${opening} + ${JSON.stringify(JSON.stringify(type.name))}`);
        continue;
      }
      const field = type.getFields()[fieldName];
      if (field === undefined || field.args.length > 0) return null;
      const charging = isChargingDefaultResolver(field.resolve);
      if (field.resolve !== undefined && !charging) return null;
      const weight = charging
        ? listItemWeight(fieldNodes, getNamedType(field.type), this.fragments)
        : 0;
      const complete = this.completer(field.type, fieldNodes, weight);
      if (complete === null) return null;
      const read = `s[${JSON.stringify(fieldName)}]`;
      const verified = this.verifiedLeafCompleter(field.type, complete);
      if (verified !== undefined) readsMark = true;
      properties.push(
        `${JSON.stringify(key)}: ${verified === undefined ? `${complete}(${read}, x)` : `${verified}(${read}, t)`}`,
      );
      // In the twin, `t` is false: a marked object's text is its build's, made once.
      texts.push(
        `${opening} + ${verified === undefined ? this.text(complete, read) : `J(${verified}(${read}, false))`}`,
      );
    }
    const name = this.name('p');
    const mark = this.dependency(LEAVES_VERIFIED);
    const check = readsMark ? `const t = s[${mark}] === s; ` : '';
    this.declarations.push(
      `function ${name}(s, x) { ${check}return { ${properties.join(', ')} }; }`,
      `function ${twin(name)}(s, x) { if (s[${mark}] === s) return F(s, ${name}, x); ` +
        `return '{' + ${texts.length === 0 ? "''" : texts.join(' + ')} + '}'; }`,
    );
    this.projectors.set(shape, name);
    return name;
  }

  /** The expression of the JSON text of `complete(value, x)`, for a twin. */
  private text(complete: string, value: string): string {
    return this.composite.has(complete)
      ? `${twin(complete)}(${value}, x)`
      : `J(${complete}(${value}))`;
  }

  /** The generated functions: the result builder and its twin. */
  finish(result: string): Pick<ProjectionPlan, 'build' | 'buildJson'> {
    const bindings = this.dependencies.map((_, index) => `const d${index} = d[${index}];`);
    const body =
      `${bindings.join('\n')}\n${this.declarations.join('\n')}\n` +
      `return { build: ${result}, buildJson: ${twin(result)} };`;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the schema and the validated document only (names, not values)
    return new Function('d', 'B', 'J', 'F', body)(
      this.dependencies,
      PROJECTION_BAIL,
      JSON.stringify,
      serializedFragment,
    ) as Pick<ProjectionPlan, 'build' | 'buildJson'>;
  }

  /** Declares the root builder over `roots` and `fields`; null outside the subset. */
  root(
    queryType: GraphQLObjectType,
    fields: FieldsByKey,
    roots: ProjectedRootField[],
  ): string | null {
    const properties: string[] = [];
    const texts: string[] = [];
    for (const [key, fieldNodes] of fields) {
      const [first, ...rest] = fieldNodes;
      if (first === undefined || key === '__proto__') return null;
      const opening = keyText(key, properties.length === 0);
      const fieldName = first.name.value;
      if (fieldName === '__typename') {
        properties.push(`${JSON.stringify(key)}: ${JSON.stringify(queryType.name)}`);
        texts.push(`${opening} + ${JSON.stringify(JSON.stringify(queryType.name))}`);
        continue;
      }
      const field = queryType.getFields()[fieldName];
      if (field === undefined || field.resolve === undefined) return null;
      const complete = this.completer(field.type, fieldNodes, 0);
      if (complete === null) return null;
      properties.push(`${JSON.stringify(key)}: ${complete}(v[${roots.length}], x)`);
      texts.push(`${opening} + ${this.text(complete, `v[${roots.length}]`)}`);
      roots.push({
        key,
        nodes: [first, ...rest],
        field,
        readArguments: compileArgumentReader(field, first),
        direct: directRootOf(field),
      });
    }
    const name = this.name('r');
    this.declarations.push(
      `function ${name}(v, x) { return { ${properties.join(', ')} }; }`,
      `function ${twin(name)}(v, x) { return '{' + ${texts.length === 0 ? "''" : texts.join(' + ')} + '}'; }`,
    );
    return name;
  }
}

/** The projection of `operation`, or null when it is outside the subset (module comment). */
export function compileProjection(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): ProjectionPlan | null {
  const queryType = schema.getQueryType();
  if (operation.operation !== 'query' || queryType === null || queryType === undefined) {
    return null;
  }
  if (operation.directives !== undefined && operation.directives.length > 0) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const compiler = new ProjectionCompiler(fragments);
  const fields = compiler.collect(queryType, [operation.selectionSet]);
  if (fields === null) return null;
  const roots: ProjectedRootField[] = [];
  const root = compiler.root(queryType, fields, roots);
  if (root === null) return null;
  const { build, buildJson } = compiler.finish(root);
  const coerceVariables = compileVariableCoercion(schema, operation.variableDefinitions ?? []);
  return { operation, fragments, coerceVariables, roots, build, buildJson };
}
