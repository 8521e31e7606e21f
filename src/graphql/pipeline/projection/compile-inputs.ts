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

/** Coerces one leaf variable as graphql-js `coerceInputValue` does; false on an error. */
function coerceLeafInto(coerced: Values, variable: LeafVariable, value: unknown): boolean {
  if (value === null || value === undefined) {
    if (variable.nonNull) return false;
    coerced[variable.name] = null;
    return true;
  }
  let parsed: unknown;
  try {
    parsed = variable.type.parseValue(value);
  } catch {
    return false;
  }
  if (parsed === undefined) return false;
  coerced[variable.name] = parsed;
  return true;
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
    leaves.push({ name: definition.variable.name.value, type: inner, nonNull, defaultValue });
  }
  return (inputs) => {
    const provided = inputs ?? {};
    const coerced: Values = {};
    for (const variable of leaves) {
      if (!hasOwn(provided, variable.name)) {
        if (variable.defaultValue !== undefined) coerced[variable.name] = variable.defaultValue;
        else if (variable.nonNull) return undefined;
        continue;
      }
      if (!coerceLeafInto(coerced, variable, provided[variable.name])) return undefined;
    }
    return coerced;
  };
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
