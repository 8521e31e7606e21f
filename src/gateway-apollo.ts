/**
 * Builds the Apollo Server: schema, error masking, and the request-level protections in the
 * order they must run (allowlist → scope → depth/aliases/directives → cost), all before
 * execution and so before any upstream call.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { createScopeGuardPlugin } from './auth/scope-guard-plugin';
import type { Config } from './config/config';
import type { GatewayContext } from './graphql/context.type';
import { createCompiledExecutionGateway } from './graphql/execution/compiled-execution-gateway';
import { createFormatError } from './graphql/format-error';
import { createNoStorePlugin } from './http/no-store-plugin';
import type { Logger } from './logging/logger';
import type { Metrics } from './observability/metrics';
import { createCostLimitPlugin } from './security/cost-limit-plugin';
import {
  createManifestPersistedQueryCache,
  createOperationAllowlistPlugin,
} from './security/operation-allowlist-plugin';
import { createArmorRules } from './security/query-limits-plugin';

export interface ApolloOptions {
  readonly config: Config;
  readonly schema: GraphQLSchema;
  readonly logger: Logger;
  readonly metrics: Metrics | undefined;
}

/** Creates (but does not start) the gateway's Apollo Server. */
export function createApollo(options: ApolloOptions): ApolloServer<GatewayContext> {
  const { config, schema, logger, metrics } = options;
  const limits = config.graphql;
  const armor = createArmorRules({
    maxDepth: limits.maxDepth,
    maxAliases: limits.maxAliases,
    maxDirectives: limits.maxDirectives,
    maxTokens: limits.maxTokens,
  });
  const allowlist = limits.operationAllowlist;
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    ...(allowlist === undefined ? [] : [createOperationAllowlistPlugin({ manifest: allowlist })]),
    createScopeGuardPlugin<GatewayContext>((context) => context.caller),
    ...armor.plugins,
    createCostLimitPlugin({
      schema,
      maxCost: limits.maxCost,
      maxWorstCaseCost: limits.maxWorstCaseCost,
    }),
    ...(metrics === undefined ? [] : [metrics.apolloPlugin]),
    // The gateway serves its own offline playground; Apollo's landing page loads from a CDN.
    ApolloServerPluginLandingPageDisabled(),
    // The default cache-control plugin wraps every field resolver (a per-field hook on every
    // request) to compute hints the schema never sets; its only effect was `no-store`.
    ApolloServerPluginCacheControlDisabled(),
    createNoStorePlugin<GatewayContext>(),
  ];
  return new ApolloServer<GatewayContext>({
    // Execution by compiled operations (graphql-jit); Apollo still parses, validates and caches.
    gateway: createCompiledExecutionGateway(schema),
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
}
