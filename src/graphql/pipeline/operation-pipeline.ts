/**
 * The operation pipeline: the one place that decides which checks an operation must pass and
 * in which order, which executor runs it, which headers a successful response carries and how
 * errors are masked. Every entrance runs it:
 * - HTTP through Apollo Server: apollo-adapter.ts plugs `checks`, `execute`, `responseHeaders`,
 *   `parseOptions` and `formatError` into Apollo's request pipeline;
 * - the fast path for repeated HTTP operations (fast-path.ts) calls `checks` and `execute`
 *   directly and answers with `responseHeaders`;
 * - any other entrance (a WebSocket or SSE server, a test) calls `prepare`.
 *
 * `prepare({ source, document?, operationName, variables, contextValue })` runs, for an entrance
 * that is not Apollo, what Apollo's pipeline runs before execution: parsing under the token
 * limit, validation (graphql-js's rules, plus the introspection ban when introspection is off;
 * suggestions removed when schema details are hidden), operation resolution and every check in
 * order. It returns either
 * - `{ kind: 'refused', errors }`: typed GraphQLErrors (`GRAPHQL_PARSE_FAILED`,
 *   `GRAPHQL_VALIDATION_FAILED`, `OPERATION_RESOLUTION_FAILURE`, or the refusing check's code:
 *   `UNAUTHENTICATED`, `FORBIDDEN`, `MAX_*_EXCEEDED`, `QUERY_TOO_COMPLEX`,
 *   `PERSISTED_QUERY_NOT_ALLOWED`); nothing has executed; or
 * - `{ kind: 'prepared', args, operation, execute, subscribe }`: `args` are graphql-js
 *   `ExecutionArgs` (graphql-ws's / graphql-sse's `onSubscribe` return value), `execute()` runs
 *   a query or mutation with the pipeline's executor, and `subscribe(contextForEvent)` starts a
 *   subscription whose every event executes with a context of its own.
 * Whatever the outcome, an entrance sends errors to clients only through `maskError` (or
 * `formatError`), so unexpected errors are replaced and logged once, as on every entrance.
 */
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import type { Caller } from '../../auth/caller';
import { createScopeCheck } from '../../auth/scope-check';
import type { GraphQLConfig } from '../../config/config';
import type { OperationRecorder } from '../../observability/operation-recorder';
import type { OperationTracer } from '../../observability/tracing/operation-span';
import { createCostCheck } from '../../security/cost-check';
import { createOperationAllowlistCheck } from '../../security/operation-allowlist-check';
import { createQueryLimitsCheck } from '../../security/query-limits-check';
import { createInputShapeCheck } from '../../security/input-shape-check';
import { withResponseBudget } from '../../security/response-budget';
import { createFormatError, type MaskedErrorEvent } from '../format-error';
import { createOperationExecutor, type OperationExecutor } from './compiled-executor';
import type { OperationCheck, OperationCheckInput } from './operation-check';
import { subscribeOperation } from './subscription-executor';

/** What the checks read from a context: the authenticated caller. */
export interface PipelineContext {
  readonly caller?: Caller;
}

/** The settings the pipeline reads (the config's `graphql` section). */
export type PipelineSettings = Pick<
  GraphQLConfig,
  | 'introspection'
  | 'hideSchemaDetails'
  | 'maxDepth'
  | 'maxAliases'
  | 'maxDirectives'
  | 'maxTokens'
  | 'maxMutations'
  | 'maxCost'
  | 'maxWorstCaseCost'
  | 'operationAllowlist'
>;

export interface OperationPipelineOptions {
  readonly schema: GraphQLSchema;
  readonly settings: PipelineSettings;
  /** Records each answered operation (metrics); absent when metrics are off. */
  readonly recordOperation?: OperationRecorder;
  /** Receives one event per masked (unexpected) error; never a stack, body, URL or key. */
  readonly logMaskedError: (event: MaskedErrorEvent) => void;
  /** The operation span of every entrance (tracing on); absent, nothing is traced here. */
  readonly tracer?: OperationTracer;
}

/** An operation as a non-Apollo entrance receives it. */
export interface OperationRequest<TContext> {
  /** The query text as sent (the allowlist hashes it). */
  readonly source: string;
  /** The parsed `source`, when the entrance already has it. */
  readonly document?: DocumentNode;
  readonly operationName?: string | null;
  readonly variables?: Readonly<Record<string, unknown>> | null;
  readonly contextValue: TContext;
}

export type PreparedRequest<TContext> =
  | { readonly kind: 'refused'; readonly errors: readonly GraphQLError[] }
  | {
      readonly kind: 'prepared';
      /** graphql-js execution arguments (for `subscribe`, graphql-ws, graphql-sse). */
      readonly args: ExecutionArgs & { readonly contextValue: TContext };
      readonly operation: OperationDefinitionNode;
      /** Runs a query or mutation with the pipeline's executor. */
      execute(): Promise<ExecutionResult>;
      /**
       * Starts a subscription (subscription-executor.ts): the source stream with `contextValue`,
       * each event executed with `contextForEvent()` (fresh loaders and deadline, same caller).
       */
      subscribe(
        contextForEvent: () => TContext,
      ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
    };

export interface OperationPipeline<TContext extends PipelineContext> {
  readonly schema: GraphQLSchema;
  /** The checks, in the order every entrance runs them. */
  readonly checks: readonly OperationCheck<TContext>[];
  /** Parse every document with these (token limit). */
  readonly parseOptions: ParseOptions;
  /** Whether `__schema` / `__type` may be selected; when false, validation refuses them. */
  readonly introspection: boolean;
  /** Remove "Did you mean …?" suggestions from validation errors. */
  readonly hideSchemaDetails: boolean;
  /** The manifest of allowed operations, when allowlist mode is on (parsed JSON). */
  readonly operationAllowlist: unknown;
  /** The executor (graphql-jit compiled operations; graphql-js where needed). */
  readonly execute: OperationExecutor;
  /** Headers every successful response carries: answers are per caller, never cached. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly recordOperation: OperationRecorder | undefined;
  /** Masks an error for a client, given the formatted error and the original. */
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** `formatError` for a GraphQLError an entrance holds. */
  maskError(error: GraphQLError): GraphQLFormattedError;
  /** Runs every check in order; throws the first refusal (a GraphQLError). */
  runChecks(input: OperationCheckInput<TContext>): void;
  /** Everything before execution, for entrances that are not Apollo (module comment). */
  prepare(request: OperationRequest<TContext>): PreparedRequest<TContext>;
}

/** `cache-control: no-store` on every answer: they are per caller, no shared cache may keep them. */
const RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
});

function refused(message: string, code: string, cause?: GraphQLError): GraphQLError {
  return new GraphQLError(message, {
    ...(cause && { nodes: cause.nodes, source: cause.source, positions: cause.positions }),
    extensions: { code },
  });
}

/** Builds the pipeline; throws at construction when a limit or the allowlist is invalid. */
export function createOperationPipeline<TContext extends PipelineContext>(
  options: OperationPipelineOptions,
): OperationPipeline<TContext> {
  const { schema, settings } = options;
  const limits = createQueryLimitsCheck({
    maxDepth: settings.maxDepth,
    maxAliases: settings.maxAliases,
    maxDirectives: settings.maxDirectives,
    maxTokens: settings.maxTokens,
    maxMutations: settings.maxMutations,
  });
  const allowlist = settings.operationAllowlist;
  // Cheapest and most decisive first: an operation outside the allowlist or the caller's
  // scopes is refused before its shape or cost is examined.
  const tracer = options.tracer;
  const checks: OperationCheck<TContext>[] = [
    // Not a check: where every entrance has the query text, the span learns its hash.
    ...(tracer === undefined
      ? []
      : [
          (input: OperationCheckInput<TContext>) =>
            tracer.rememberSource(input.document, input.source),
        ]),
    ...(allowlist === undefined ? [] : [createOperationAllowlistCheck({ manifest: allowlist })]),
    createScopeCheck<TContext>((context) => context.caller),
    // Before anything below walks the arguments recursively (cost estimation coerces them).
    createInputShapeCheck(),
    limits.check,
    createCostCheck({
      schema,
      maxCost: settings.maxCost,
      maxWorstCaseCost: settings.maxWorstCaseCost,
    }),
  ];
  const executeUntraced = withResponseBudget(createOperationExecutor(schema));
  const execute: OperationExecutor =
    tracer === undefined
      ? executeUntraced
      : (input) =>
          tracer.traceExecution(input.document, input.operation, input.operationName, () =>
            executeUntraced(input),
          );
  const formatError = createFormatError(options.logMaskedError);
  const validationRules: readonly ValidationRule[] = settings.introspection
    ? specifiedRules
    : [...specifiedRules, NoSchemaIntrospectionCustomRule];

  const runAllChecks = (input: OperationCheckInput<TContext>): void => {
    for (const check of checks) check(input);
  };
  // The fast path runs `checks` itself and leaves a refusal to Apollo, which runs these: each
  // refusal is recorded once.
  const runChecks =
    tracer === undefined
      ? runAllChecks
      : (input: OperationCheckInput<TContext>): void => {
          try {
            runAllChecks(input);
          } catch (error) {
            if (error instanceof GraphQLError) {
              tracer.recordRefusal(input.document, input.operation, error);
            }
            throw error;
          }
        };

  const prepare = (request: OperationRequest<TContext>): PreparedRequest<TContext> => {
    let document = request.document;
    if (document === undefined) {
      try {
        document = parse(request.source, limits.parseOptions);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return { kind: 'refused', errors: [refused(error.message, 'GRAPHQL_PARSE_FAILED', error)] };
      }
    }
    const invalid = validate(schema, document, validationRules);
    if (invalid.length > 0) {
      return {
        kind: 'refused',
        errors: invalid.map((error) =>
          refused(
            settings.hideSchemaDetails
              ? error.message.replace(/ ?Did you mean(.+?)\?$/, '')
              : error.message,
            'GRAPHQL_VALIDATION_FAILED',
            error,
          ),
        ),
      };
    }
    const operationName = request.operationName ?? undefined;
    const operation = getOperationAST(document, operationName);
    if (operation === null || operation === undefined) {
      const message =
        operationName === undefined
          ? 'Must provide operation name if query contains multiple operations.'
          : `Unknown operation named "${operationName}".`;
      return { kind: 'refused', errors: [refused(message, 'OPERATION_RESOLUTION_FAILURE')] };
    }
    const variables = request.variables ?? undefined;
    try {
      runChecks({
        schema,
        source: request.source,
        document,
        operation,
        variables,
        contextValue: request.contextValue,
      });
    } catch (error) {
      if (error instanceof GraphQLError) return { kind: 'refused', errors: [error] };
      throw error;
    }
    const prepared = document;
    return {
      kind: 'prepared',
      operation,
      args: {
        schema,
        document: prepared,
        operationName,
        variableValues: variables,
        contextValue: request.contextValue,
      },
      execute: () =>
        execute({
          document: prepared,
          operation,
          operationName,
          variables,
          contextValue: request.contextValue,
        }),
      subscribe: (contextForEvent) => {
        const input = {
          document: prepared,
          operationName,
          variables,
          contextValue: request.contextValue,
          contextForEvent,
        };
        return tracer === undefined
          ? subscribeOperation(schema, input)
          : tracer.traceSubscription(prepared, operation, operationName, (traceEvent) =>
              subscribeOperation(schema, { ...input, traceEvent }),
            );
      },
    };
  };

  return {
    schema,
    checks,
    parseOptions: limits.parseOptions,
    introspection: settings.introspection,
    hideSchemaDetails: settings.hideSchemaDetails,
    operationAllowlist: allowlist,
    execute,
    responseHeaders: RESPONSE_HEADERS,
    recordOperation: options.recordOperation,
    formatError,
    maskError: (error) => formatError(error.toJSON(), error),
    runChecks,
    prepare,
  };
}
