/**
 * The Apollo Server adapter: the only module that knows Apollo's internals. It runs the
 * operation pipeline (operation-pipeline.ts) inside Apollo's request pipeline:
 * - the pipeline's checks, in its order, from one `didResolveOperation` hook (before
 *   execution, so before any upstream call; a thrown GraphQLError ends the request);
 * - the pipeline's executor through Apollo's `gateway` option, the one hook Apollo 5 offers for
 *   replacing `execute` while keeping the rest of its pipeline (parse and validation caching,
 *   every plugin hook, `didEncounterErrors`, `formatError`, the `BAD_USER_INPUT` coding of
 *   variable errors, the HTTP status rules). The schema is static: announced once, at start;
 * - the hand-off of an execution the fast path already ran (`FastPathFallback.outcome`): it
 *   rides on a copy of the request's context under a private symbol (the context is the one
 *   object Apollo carries from the HTTP handler to the executor; Apollo copies it per request
 *   with `Object.assign`, which keeps symbol-keyed properties), and the executor ends as the
 *   execution did — its result returned, its exception thrown — so nothing runs twice and
 *   Apollo formats, codes and reports it as if it had executed the operation itself;
 * - the pipeline's response headers, error masking, token limit and metrics;
 * - allowlist mode's persisted-query cache, which serves manifest bodies to hash-only requests
 *   and ignores registrations, so automatic persisted queries cannot add to the list (an
 *   unknown hash gets Apollo's `PERSISTED_QUERY_NOT_FOUND`);
 * - the fast path's table of known operations, filled as operations start executing;
 * - the node:http request and response, converted to and from Apollo's HTTP types.
 */
import {
  ApolloServer,
  HeaderMap,
  type ApolloServerOptionsWithGateway,
  type ApolloServerPlugin,
  type BaseContext,
  type GraphQLRequestContext,
  type GraphQLRequestListener,
  type PersistedQueryOptions,
} from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { IncomingHttpHeaders } from 'node:http';
import { getOperationAST, printSchema, type GraphQLFormattedError } from 'graphql';
import type { GraphQLConfig } from '../../config/config';
import type { OperationRecorder } from '../../observability/operation-recorder';
import { loadOperationManifest } from '../../security/operation-manifest';
import type { ExecutionOutcome, FastPath } from './fast-path';
import type { PersistedQueryCache as SharedPersistedQueryCache } from '../../shared-state/persisted-query-cache';
import type { OperationPipeline, PipelineContext } from './operation-pipeline';

/** Apollo's own HTTP-level settings (the config's `graphql` section). */
export type ApolloSettings = Pick<GraphQLConfig, 'allowBatchedRequests' | 'persistedQueries'>;

export interface ApolloAdapterOptions<TContext extends PipelineContext> {
  readonly pipeline: OperationPipeline<TContext>;
  readonly settings: ApolloSettings;
  /** The fast path whose known operations Apollo fills; absent when it is off. */
  readonly fastPath?: FastPath<TContext>;
  /** APQ registrations shared by the replicas; undefined = Apollo's in-memory cache. */
  readonly persistedQueryCache?: SharedPersistedQueryCache | undefined;
}

/** An HTTP request as the handler read it. */
export interface ApolloHttpRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  /** The URL's `?…` part. */
  readonly search: string;
  /** The parsed body (JSON value, text, or undefined). */
  readonly body: unknown;
}

export interface ApolloHttpResponse {
  readonly status: number;
  readonly headers: Iterable<[string, string]>;
  /** The whole body, or its chunks (incremental delivery). */
  readonly body: string | AsyncIterable<string>;
}

export interface ApolloAdapter<TContext extends PipelineContext> {
  /** The server, for `executeOperation` in tests. */
  readonly server: ApolloServer<TContext>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Answers one HTTP request. `outcome`, when given, is how the fast path's execution of this
   * very operation ended: it is reported instead of executing again.
   */
  answer(
    request: ApolloHttpRequest,
    context: () => Promise<TContext>,
    outcome?: ExecutionOutcome,
  ): Promise<ApolloHttpResponse>;
}

const PRECOMPUTED_OUTCOME = Symbol('precomputedOutcome');

type WithOutcome = { [PRECOMPUTED_OUTCOME]?: ExecutionOutcome };

/** A copy of `context` that makes the executor end as `outcome` did instead of executing. */
export function withPrecomputedOutcome<TContext extends object>(
  context: TContext,
  outcome: ExecutionOutcome,
): TContext {
  return Object.assign(
    Object.create(Object.getPrototypeOf(context) as object) as TContext,
    context,
    { [PRECOMPUTED_OUTCOME]: outcome },
  );
}

/** The outcome attached to this context, removed so that it is used once; or undefined. */
export function takePrecomputedOutcome(context: unknown): ExecutionOutcome | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const holder = context as WithOutcome;
  const outcome = holder[PRECOMPUTED_OUTCOME];
  if (outcome !== undefined) delete holder[PRECOMPUTED_OUTCOME];
  return outcome;
}

type ExecutorHook = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/** Apollo's `gateway` option running `pipeline.execute`, or a precomputed outcome. */
export function createApolloExecutorHook(
  pipeline: Pick<OperationPipeline<PipelineContext>, 'schema' | 'execute'>,
): ExecutorHook {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: pipeline.schema, coreSupergraphSdl: printSchema(pipeline.schema) });
      return () => {};
    },
    async load() {
      return {
        executor: async (requestContext) => {
          const precomputed = takePrecomputedOutcome(requestContext.context);
          if (precomputed !== undefined) {
            if ('thrown' in precomputed) throw precomputed.thrown;
            return precomputed.result;
          }
          return pipeline.execute({
            document: requestContext.document,
            operation: requestContext.operation,
            operationName: requestContext.request.operationName,
            variables: requestContext.request.variables,
            contextValue: requestContext.context,
          });
        },
      };
    },
    async stop() {},
  };
}

/** A plugin whose every request shares one allocation-free listener. */
function sharedListenerPlugin<TContext extends BaseContext>(
  listener: GraphQLRequestListener<TContext>,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return listener;
    },
  };
}

function checksPlugin<TContext extends PipelineContext>(
  pipeline: OperationPipeline<TContext>,
): ApolloServerPlugin<TContext> {
  return sharedListenerPlugin<TContext>({
    async didResolveOperation(context) {
      pipeline.runChecks({
        schema: context.schema,
        source: context.source,
        document: context.document,
        operation: context.operation,
        variables: context.request.variables,
        contextValue: context.contextValue,
      });
    },
  });
}

function responseHeadersPlugin<TContext extends BaseContext>(
  headers: Readonly<Record<string, string>>,
): ApolloServerPlugin<TContext> {
  const entries = Object.entries(headers);
  return sharedListenerPlugin<TContext>({
    async willSendResponse({ response }) {
      for (const [name, value] of entries) response.http.headers.set(name, value);
    },
  });
}

function knownOperationsPlugin<TContext extends PipelineContext>(
  fastPath: FastPath<TContext>,
): ApolloServerPlugin<TContext> {
  return sharedListenerPlugin<TContext>({
    async executionDidStart(context) {
      // Apollo also starts executing when no operation matched, to let execution word the
      // error: such a request is not a known operation.
      if (context.operation === undefined) return;
      fastPath.remember(
        { source: context.source, document: context.document, operation: context.operation },
        context.request.operationName,
      );
    },
  });
}

function responseErrors(
  context: GraphQLRequestContext<BaseContext>,
): readonly GraphQLFormattedError[] | undefined {
  const body = context.response.body;
  if (!body) return undefined;
  return body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
}

/** The operation's name, also when it failed validation (the document parsed, but Apollo did
 * not resolve the operation), falling back to the name the client sent. */
function operationNameOf(context: GraphQLRequestContext<BaseContext>): string | null | undefined {
  if (context.operationName) return context.operationName;
  const fromDocument = context.document
    ? getOperationAST(context.document, context.request.operationName ?? null)?.name?.value
    : undefined;
  return fromDocument ?? context.request.operationName;
}

/**
 * Records every operation Apollo answers: when the response is sent, or when the request fails
 * before a context exists (authentication) or unexpectedly; labelled with the first error's
 * `extensions.code` as clients see it.
 */
export function metricsPlugin<TContext extends BaseContext>(
  record: OperationRecorder,
): ApolloServerPlugin<TContext> {
  return {
    async contextCreationDidFail({ error }) {
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      record(undefined, 'unknown', code ?? 'INTERNAL_SERVER_ERROR', undefined);
    },
    async unexpectedErrorProcessingRequest({ requestContext }) {
      record(requestContext.request.operationName, 'unknown', 'INTERNAL_SERVER_ERROR', undefined);
    },
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async willSendResponse(context) {
          const firstError = responseErrors(context)?.[0];
          record(
            operationNameOf(context),
            context.operation?.operation ?? 'unknown',
            firstError === undefined ? undefined : (firstError.extensions?.['code'] ?? 'OTHER'),
            (performance.now() - startedAt) / 1000,
          );
        },
      };
    },
  };
}

type PersistedQueryCache = NonNullable<PersistedQueryOptions['cache']>;

/** Apollo prefixes APQ keys (`apq:<hash>`); the hash is always the last 64 hex digits. */
const TRAILING_HASH = /([0-9a-f]{64})$/i;

/** A read-only APQ cache over the manifest; throws at construction when it is invalid. */
export function createManifestPersistedQueryCache(manifest: unknown): PersistedQueryCache {
  const bodies = loadOperationManifest(manifest);
  return {
    async get(key) {
      const hash = TRAILING_HASH.exec(key)?.[1];
      return hash === undefined ? undefined : bodies.get(hash.toLowerCase());
    },
    async set() {},
    async delete() {
      return false;
    },
  };
}

function toHeaderMap(headers: IncomingHttpHeaders): HeaderMap {
  const map = new HeaderMap();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    map.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

/** Creates (but does not start) the Apollo Server running `pipeline`. */
export function createApolloAdapter<TContext extends PipelineContext>(
  options: ApolloAdapterOptions<TContext>,
): ApolloAdapter<TContext> {
  const { pipeline, settings, fastPath } = options;
  const allowlist = pipeline.operationAllowlist;
  const plugins: ApolloServerPlugin<TContext>[] = [
    checksPlugin(pipeline),
    ...(pipeline.recordOperation === undefined
      ? []
      : [metricsPlugin<TContext>(pipeline.recordOperation)]),
    // The gateway serves its own offline playground; Apollo's landing page loads from a CDN.
    ApolloServerPluginLandingPageDisabled(),
    // The default cache-control plugin wraps every field resolver (a per-field hook on every
    // request) to compute hints the schema never sets; the pipeline's headers say `no-store`.
    ApolloServerPluginCacheControlDisabled(),
    responseHeadersPlugin<TContext>(pipeline.responseHeaders),
    ...(fastPath === undefined ? [] : [knownOperationsPlugin(fastPath)]),
  ];
  const server = new ApolloServer<TContext>({
    gateway: createApolloExecutorHook(pipeline),
    plugins,
    parseOptions: pipeline.parseOptions,
    formatError: pipeline.formatError,
    introspection: pipeline.introspection,
    hideSchemaDetailsFromClientErrors: pipeline.hideSchemaDetails,
    allowBatchedHttpRequests: settings.allowBatchedRequests,
    persistedQueries:
      allowlist !== undefined
        ? { cache: createManifestPersistedQueryCache(allowlist) }
        : settings.persistedQueries
          ? options.persistedQueryCache === undefined
            ? {}
            : { cache: options.persistedQueryCache }
          : false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns signal handling so in-flight requests drain before Apollo stops.
    stopOnTerminationSignals: false,
  });
  return {
    server,
    start: () => server.start(),
    stop: () => server.stop(),
    async answer(request, context, outcome) {
      const contextWithOutcome =
        outcome === undefined
          ? context
          : async () => withPrecomputedOutcome(await context(), outcome);
      const result = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: request.method,
          headers: toHeaderMap(request.headers),
          search: request.search,
          body: request.body,
        },
        context: contextWithOutcome,
      });
      return {
        status: result.status ?? 200,
        headers: result.headers,
        body: result.body.kind === 'complete' ? result.body.string : result.body.asyncIterator,
      };
    },
  };
}
