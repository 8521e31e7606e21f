/**
 * Builds the Apollo Server: schema, error masking, and the request-level protections in the
 * order they must run (allowlist → scope → depth/aliases/directives → cost), all before
 * execution and so before any upstream call; and the fast path for repeated operations, which
 * shares those checks, the executor and the metrics (src/http/graphql-fast-path.ts).
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { createScopeCheck } from './auth/scope-guard-plugin';
import type { Config } from './config/config';
import type { GatewayContext } from './graphql/context.type';
import { createCompiledExecutionGateway } from './graphql/execution/compiled-execution-gateway';
import { createOperationExecutor } from './graphql/execution/compiled-executor';
import { createKnownOperations } from './graphql/execution/known-operations';
import { checkPlugin, type OperationCheck } from './graphql/execution/operation-checks';
import { createFormatError } from './graphql/format-error';
import { createGraphQLFastPath, type FastPath } from './http/graphql-fast-path';
import { createNoStorePlugin, NO_STORE_HEADERS } from './http/no-store-plugin';
import type { Logger } from './logging/logger';
import type { Metrics } from './observability/metrics';
import { createCostCheck } from './security/cost-limit-plugin';
import {
  createManifestPersistedQueryCache,
  createOperationAllowlistCheck,
} from './security/operation-allowlist-plugin';
import { createArmorRules } from './security/query-limits-plugin';

export interface ApolloOptions {
  readonly config: Config;
  readonly schema: GraphQLSchema;
  readonly logger: Logger;
  readonly metrics: Metrics | undefined;
}

export interface GatewayApollo {
  readonly apollo: ApolloServer<GatewayContext>;
  /** Undefined when `GRAPHQL_FAST_PATH` is off. */
  readonly fastPath: FastPath<GatewayContext> | undefined;
}

/** Distinct (query text, operation name) pairs the fast path remembers. */
const MAX_KNOWN_OPERATIONS = 1000;

/** Creates (but does not start) the gateway's Apollo Server, and its fast path. */
export function createApollo(options: ApolloOptions): GatewayApollo {
  const { config, schema, logger, metrics } = options;
  const limits = config.graphql;
  const armor = createArmorRules({
    maxDepth: limits.maxDepth,
    maxAliases: limits.maxAliases,
    maxDirectives: limits.maxDirectives,
    maxTokens: limits.maxTokens,
  });
  const allowlist = limits.operationAllowlist;
  // Run in this order by Apollo (`didResolveOperation`) and by the fast path.
  const checks: OperationCheck<GatewayContext>[] = [
    ...(allowlist === undefined ? [] : [createOperationAllowlistCheck({ manifest: allowlist })]),
    createScopeCheck<GatewayContext>((context) => context.caller),
    armor.check,
    createCostCheck({
      schema,
      maxCost: limits.maxCost,
      maxWorstCaseCost: limits.maxWorstCaseCost,
    }),
  ];
  const execute = createOperationExecutor(schema);
  const knownOperations = limits.fastPath ? createKnownOperations(MAX_KNOWN_OPERATIONS) : undefined;
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    ...checks.map((check) => checkPlugin(check)),
    ...(metrics === undefined ? [] : [metrics.apolloPlugin]),
    // The gateway serves its own offline playground; Apollo's landing page loads from a CDN.
    ApolloServerPluginLandingPageDisabled(),
    // The default cache-control plugin wraps every field resolver (a per-field hook on every
    // request) to compute hints the schema never sets; its only effect was `no-store`.
    ApolloServerPluginCacheControlDisabled(),
    createNoStorePlugin<GatewayContext>(),
    ...(knownOperations === undefined ? [] : [knownOperations.plugin]),
  ];
  const apollo = new ApolloServer<GatewayContext>({
    // Execution by compiled operations (graphql-jit); Apollo still parses, validates and caches.
    gateway: createCompiledExecutionGateway(schema, execute),
    plugins,
    parseOptions: armor.parseOptions,
    formatError: createFormatError((event) => logger.error(event, 'unexpected error')),
    introspection: limits.introspection,
    hideSchemaDetailsFromClientErrors: limits.hideSchemaDetails,
    allowBatchedHttpRequests: limits.allowBatchedRequests,
    persistedQueries:
      allowlist !== undefined
        ? { cache: createManifestPersistedQueryCache(allowlist) }
        : limits.persistedQueries
          ? {}
          : false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns signal handling so in-flight requests drain before Apollo stops.
    stopOnTerminationSignals: false,
  });
  const fastPath =
    knownOperations &&
    createGraphQLFastPath<GatewayContext>({
      schema,
      knownOperations,
      execute,
      checks,
      responseHeaders: NO_STORE_HEADERS,
      ...(metrics && { recordOperation: metrics.recordOperation }),
    });
  return { apollo, fastPath };
}
