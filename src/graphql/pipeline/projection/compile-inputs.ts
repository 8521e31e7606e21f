/**
 * Variable and argument coercion for the projection, compiled once per operation. graphql-js's
 * `getVariableValues` and `getArgumentValues` re-read the AST, look types up and build error
 * machinery on every request; for the usual case (scalar or enum variables, arguments that are
 * variables or constant literals) the compiled readers do the same checks in the same order
 * with the values precomputed. Anything else uses graphql-js's functions.
 *
 * Both answer undefined where graphql-js would report an error: the projection then declines
 * and graphql-jit reports it in graphql-js's words (projection-executor.ts).
 */
import {
  getArgumentValues,
  getVariableValues,
  isEnumType,
  isInputType,
  isNonNullType,
  isScalarType,
  Kind,
  typeFromAST,
  valueFromAST,
  visit,
  BREAK,
  type FieldNode,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLSchema,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';

/** The largest number of variable errors collected, as in graphql-js `execute`. */
const MAX_VARIABLE_ERRORS = 50;

type Values = Record<string, unknown>;

export type VariableCoercion = (inputs: Readonly<Values> | undefined) => Values | undefined;
export type ArgumentReader = (variables: Readonly<Values>) => Values | undefined;

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

interface LeafVariable {
  readonly name: string;
  readonly type: GraphQLLeafType;
  readonly nonNull: boolean;
  /** The coerced default value; undefined when the definition has none. */
  readonly defaultValue: unknown;
}

/** The variables' coercion for `definitions` (see the module comment). */
export function compileVariableCoercion(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
): VariableCoercion {
  const generic: VariableCoercion = (inputs) => {
    const result = getVariableValues(schema, definitions, inputs ?? {}, {
      maxErrors: MAX_VARIABLE_ERRORS,
    });
    return result.errors === undefined ? result.coerced : undefined;
  };
  const leaves: LeafVariable[] = [];
  for (const definition of definitions) {
    const type = typeFromAST(schema, definition.type);
    if (type === undefined || !isInputType(type)) return generic;
    const nonNull = isNonNullType(type);
    const inner = nonNull ? type.ofType : type;
    if (!isScalarType(inner) && !isEnumType(inner)) return generic;
    let defaultValue: unknown;
    if (definition.defaultValue !== undefined) {
      defaultValue = valueFromAST(definition.defaultValue, type);
      if (defaultValue === undefined) return generic;
    }
    // `__proto__` would name the prototype in the generated object literal.
    if (definition.variable.name.value === '__proto__') return generic;
    leaves.push({ name: definition.variable.name.value, type: inner, nonNull, defaultValue });
  }
  return generatedLeafCoercion(leaves);
}

/** `value` parsed by `type` as graphql-js `coerceInputValue` does; undefined on an error. */
function parseLeaf(type: GraphQLLeafType, value: unknown): unknown {
  try {
    return type.parseValue(value);
  } catch {
    return undefined;
  }
}

/**
 * The coercion of leaf variables as one generated function: a variable read by a constant key
 * and the result built as an object literal, where a loop storing fifty keys one by one into a
 * new object cost more than the parsing itself. Keys appear in definition order, as graphql-js
 * writes them; a variable neither given nor defaulted is left out, as there.
 */
function generatedLeafCoercion(leaves: readonly LeafVariable[]): VariableCoercion {
  const lines: string[] = ['const p = inputs ?? EMPTY;'];
  // Always present: non-null or defaulted (or the coercion fails). Maybe absent: the rest.
  const present: string[] = [];
  let anyMaybeAbsent = false;
  leaves.forEach((variable, index) => {
    const key = JSON.stringify(variable.name);
    const v = `v${index}`;
    const onAbsent =
      variable.defaultValue !== undefined
        ? `${v} = leaves[${index}].defaultValue;`
        : variable.nonNull
          ? 'return undefined;'
          : `${v} = ABSENT;`;
    const onNull = variable.nonNull ? 'return undefined;' : `${v} = null;`;
    lines.push(
      `let ${v};`,
      `if (!hasOwn(p, ${key})) { ${onAbsent} } else { const x = p[${key}]; ` +
        `if (x === null || x === undefined) { ${onNull} } else { ` +
        `${v} = parseLeaf(leaves[${index}].type, x); if (${v} === undefined) return undefined; } }`,
    );
    if (variable.defaultValue !== undefined || variable.nonNull) present.push(`${key}: ${v}`);
    else anyMaybeAbsent = true;
  });
  // With a maybe-absent variable, keys keep definition order only if every key is added in
  // order: then all are added one by one.
  if (!anyMaybeAbsent) {
    lines.push(`return { ${present.join(', ')} };`);
  } else {
    lines.push('const o = {};');
    leaves.forEach((variable, index) => {
      const key = JSON.stringify(variable.name);
      lines.push(
        variable.defaultValue !== undefined || variable.nonNull
          ? `o[${key}] = v${index};`
          : `if (v${index} !== ABSENT) { o[${key}] = v${index}; }`,
      );
    });
    lines.push('return o;');
  }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from the validated variable definitions only (names, not values)
  const build = new Function(
    'leaves',
    'hasOwn',
    'parseLeaf',
    'EMPTY',
    'ABSENT',
    `return (inputs) => { ${lines.join('\n')} };`,
  ) as (
    leaves: readonly LeafVariable[],
    hasOwn: (object: object, key: string) => boolean,
    parse: typeof parseLeaf,
    empty: Values,
    absent: symbol,
  ) => VariableCoercion;
  return build(leaves, hasOwn, parseLeaf, Object.freeze({}), Symbol('absent'));
}

type ArgumentSource =
  | { readonly kind: 'constant'; readonly name: string; readonly value: unknown }
  | {
      readonly kind: 'variable';
      readonly name: string;
      readonly variable: string;
      readonly nonNull: boolean;
      readonly defaultValue: unknown;
    };

const holdsVariables = (node: ValueNode): boolean => {
  let found = false;
  visit(node, {
    Variable() {
      found = true;
      return BREAK;
    },
  });
  return found;
};

/** The argument reader of `field` at `node` (see the module comment). */
export function compileArgumentReader(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
): ArgumentReader {
  const generic: ArgumentReader = (variables) => {
    try {
      return getArgumentValues(field, node, variables);
    } catch {
      return undefined;
    }
  };
  const sources: ArgumentSource[] = [];
  for (const definition of field.args) {
    const nonNull = isNonNullType(definition.type);
    const argument = node.arguments?.find((candidate) => candidate.name.value === definition.name);
    if (argument === undefined) {
      if (definition.defaultValue !== undefined) {
        sources.push({ kind: 'constant', name: definition.name, value: definition.defaultValue });
      } else if (nonNull) {
        return generic;
      }
      continue;
    }
    const value = argument.value;
    if (value.kind === Kind.VARIABLE) {
      // A variable's coerced value is used as it is (graphql-js `valueFromAST` on a variable).
      sources.push({
        kind: 'variable',
        name: definition.name,
        variable: value.name.value,
        nonNull,
        defaultValue: definition.defaultValue,
      });
      continue;
    }
    if (value.kind === Kind.NULL && nonNull) return generic;
    if (holdsVariables(value)) return generic;
    const constant = valueFromAST(value, definition.type);
    if (constant === undefined) return generic;
    sources.push({ kind: 'constant', name: definition.name, value: constant });
  }
  return (variables) => {
    const args: Values = {};
    for (const source of sources) {
      if (source.kind === 'constant') {
        args[source.name] = source.value;
        continue;
      }
      if (!hasOwn(variables, source.variable)) {
        if (source.defaultValue !== undefined) args[source.name] = source.defaultValue;
        else if (source.nonNull) return undefined;
        continue;
      }
      const value = variables[source.variable];
      if (value === undefined || (value === null && source.nonNull)) return undefined;
      args[source.name] = value;
    }
    return args;
  };
}
