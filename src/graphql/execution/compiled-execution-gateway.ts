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
import { takePrecomputedResult } from './precomputed-results';

/** Apollo's `GatewayInterface` (from @apollo/server-gateway-interface). */
export type ExecutionGateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/**
 * Returns the `gateway` to give ApolloServer instead of `schema`. A result the fast path
 * computed for the request (see precomputed-results.ts) is returned instead of executing.
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
        executor: async (requestContext) =>
          takePrecomputedResult(requestContext.context) ??
          execute({
            document: requestContext.document,
            operation: requestContext.operation,
            operationName: requestContext.request.operationName,
            variables: requestContext.request.variables,
            contextValue: requestContext.context,
          }),
      };
    },
    async stop() {},
  };
}
