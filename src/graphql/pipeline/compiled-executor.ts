/**
 * Executes operations with graphql-jit: each operation of a parsed document is compiled once
 * into a plain function (no per-field `execute`/`completeValue` dispatch), and the compiled
 * function is reused for as long as Apollo's document store keeps that DocumentNode.
 *
 * Results are what graphql-js `execute` would produce for our schema: same data, same null
 * propagation, resolver errors carried as GraphQLErrors with `path`, `locations` and the thrown
 * error as `originalError` (so `format-error.ts` masks exactly as before). Where graphql-jit's
 * output could differ, graphql-js runs instead:
 * - variables: graphql-jit coerces scalars and enums (built-in or custom, in lists or not) by
 *   the same rules as graphql-js, and when it refuses them graphql-js runs the operation and
 *   reports the errors in its own words; operations with input-object variables are checked
 *   by graphql-js first (graphql-jit's input-object rules are its own);
 * - introspection (`__schema`, `__type`) and anything graphql-jit cannot compile;
 * - operations with a variable of a recursive input type (`PackageFilter.and: [PackageFilter]`):
 *   graphql-jit 0.8 unrolls variable parsing without end for those and runs out of memory;
 * - an operation Apollo could not resolve (graphql-js reports why).
 *
 * Resolvers are read from the schema when an operation is compiled: wrap them (e.g. Apollo's
 * `willResolveField` instrumentation) before serving, not after.
 */
import {
  BREAK,
  execute,
  GraphQLError,
  getNamedType,
  getVariableValues,
  isEnumType,
  isInputObjectType,
  isScalarType,
  typeFromAST,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { compileProjection, type ProjectionPlan } from './projection/compile-projection';
import { executeProjection } from './projection/projection-executor';
import { withRootResults } from './projection/root-results';

/** What one execution needs; mirrors the fields of Apollo's request context it reads. */
export interface OperationInput {
  readonly document: DocumentNode;
  /** The operation Apollo resolved from `document` and `operationName`; undefined when none. */
  readonly operation: OperationDefinitionNode | undefined;
  readonly operationName: string | undefined;
  readonly variables: Readonly<Record<string, unknown>> | undefined;
  readonly contextValue: unknown;
  /**
   * The caller sends the result as JSON text: a result may then carry its `data` as text too
   * (serialized-result.ts), when the executor has it.
   */
  readonly serialize?: boolean;
}

export type OperationExecutor = (input: OperationInput) => Promise<ExecutionResult>;

/** The largest number of variable errors reported, as in graphql-js `execute`. */
const MAX_VARIABLE_ERRORS = 50;

/** True when the document selects `__schema` or `__type` anywhere (in fragments too). */
function selectsIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * graphql-jit's errors are look-alikes (no `nodes`, `extensions` undefined when the cause has
 * none) and Apollo's error formatting reads `extensions.code`: rebuild each as the error
 * graphql-js `locatedError` makes — same message, path, locations and `originalError`, the
 * cause's extensions (or none), the cause's stack. graphql-jit reports a null in a non-null
 * field without a cause; graphql-js wraps a plain `Error` with the same message, so one is
 * supplied (error masking and its log line see the same chain either way).
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    ...(error.path === undefined ? {} : { path: error.path }),
    originalError: error.originalError ?? new Error(error.message),
  });
  (rebuilt as { locations: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}

/** True when `type` can contain itself through its fields (at any depth). */
function isRecursiveInput(
  type: GraphQLInputObjectType,
  path: Set<GraphQLInputObjectType>,
): boolean {
  if (path.has(type)) return true;
  path.add(type);
  const recursive = Object.values(type.getFields()).some((field) => {
    const fieldType = getNamedType(field.type);
    return isInputObjectType(fieldType) && isRecursiveInput(fieldType, path);
  });
  path.delete(type);
  return recursive;
}

/** True when a variable of `operation` has a recursive input object type. */
function hasRecursiveVariable(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  return (operation.variableDefinitions ?? []).some((definition) => {
    const type = typeFromAST(schema, definition.type);
    const named = type === undefined ? undefined : getNamedType(type);
    return isInputObjectType(named) && isRecursiveInput(named, new Set());
  });
}

/** True when every variable is a scalar or an enum (possibly in lists, possibly non-null). */
function hasOnlyLeafVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  return (operation.variableDefinitions ?? []).every((definition) => {
    const type = typeFromAST(schema, definition.type);
    const named = type === undefined ? undefined : getNamedType(type);
    return isScalarType(named) || isEnumType(named);
  });
}

/** The operation's projection; null outside its subset, or if it cannot be built (a bug). */
function projectionOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): ProjectionPlan | null {
  try {
    return compileProjection(schema, document, operation);
  } catch {
    // graphql-jit serves it, as it serves everything outside the projection's subset.
    return null;
  }
}

interface CompiledOperation {
  readonly query: CompiledQuery;
  /** The projection of a query in its subset (projection/); graphql-jit serves the rest. */
  readonly projection: ProjectionPlan | null;
  /** Coerce variables with graphql-js before running (see the module comment). */
  readonly checkVariables: boolean;
}

/**
 * Returns an executor for `schema`. Compiled operations are cached per OperationDefinitionNode
 * (weakly: they go when Apollo's document cache drops the document); `null` caches "run with
 * graphql-js".
 */
export function createOperationExecutor(schema: GraphQLSchema): OperationExecutor {
  const compiled = new WeakMap<OperationDefinitionNode, CompiledOperation | null>();

  function compiledFor(document: DocumentNode, operation: OperationDefinitionNode) {
    let entry = compiled.get(operation);
    if (entry !== undefined) return entry;
    entry = null;
    if (
      operation.operation !== 'subscription' &&
      !selectsIntrospection(document) &&
      !hasRecursiveVariable(schema, operation)
    ) {
      try {
        const result = compileQuery(schema, document, operation.name?.value);
        if (isCompiledQuery(result)) {
          entry = {
            query: result,
            projection: projectionOf(schema, document, operation),
            checkVariables: !hasOnlyLeafVariables(schema, operation),
          };
        }
      } catch {
        // Not compilable: graphql-js serves it.
      }
    }
    compiled.set(operation, entry);
    return entry;
  }

  const interpret = (input: OperationInput): Promise<ExecutionResult> =>
    Promise.resolve(
      execute({
        schema,
        document: input.document,
        contextValue: input.contextValue,
        variableValues: input.variables,
        operationName: input.operationName,
      }),
    );

  return async (input) => {
    const { operation } = input;
    const entry = operation === undefined ? null : compiledFor(input.document, operation);
    if (entry === null || operation === undefined) return interpret(input);
    const variables = input.variables ?? {};
    if (entry.checkVariables) {
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, {
        maxErrors: MAX_VARIABLE_ERRORS,
      });
      if (coerced.errors) return { errors: coerced.errors };
    }
    let runCompiled = () => entry.query.query(undefined, input.contextValue, variables);
    if (entry.projection !== null) {
      const projected = await executeProjection(schema, entry.projection, input);
      if (projected.kind === 'answered') return projected.result;
      const compiledQuery = runCompiled;
      runCompiled = () => withRootResults(input.contextValue, projected.rootResults, compiledQuery);
    }
    const result = await runCompiled();
    // graphql-jit answers without `data` only when it refused the variables: graphql-js has
    // the last word on them (its errors, or a run if it accepts them after all).
    if (!('data' in result)) return interpret(input);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
  };
}
