/**
 * Plugs the compiled executor into Apollo Server through its `gateway` option, the one hook
 * Apollo 5 offers for replacing `execute` while keeping the rest of its pipeline: parse and
 * validation caching, every plugin hook, `didEncounterErrors`, `formatError`, the
 * `BAD_USER_INPUT` coding of variable errors and the HTTP status rules all still apply.
 * The schema is static: it is announced once, at start.
 */
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { printSchema, type GraphQLSchema } from 'graphql';
import type { OperationExecutor } from './compiled-executor';
import { takePrecomputedOutcome } from './precomputed-results';

/** Apollo's `GatewayInterface` (from @apollo/server-gateway-interface). */
export type ExecutionGateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/**
 * Returns the `gateway` to give ApolloServer instead of `schema`. An execution the fast path
 * already ran for the request (see precomputed-results.ts) ends as it did: its result is
 * returned, its exception thrown, and nothing executes again.
 */
export function createCompiledExecutionGateway(
  schema: GraphQLSchema,
  execute: OperationExecutor,
): ExecutionGateway {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
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
          return execute({
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
