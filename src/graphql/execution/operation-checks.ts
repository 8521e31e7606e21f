/**
 * The checks an operation must pass after it is parsed, validated and resolved and before it
 * executes (allowlist, scope, query limits, cost). Each is written once as a plain function so
 * the two ways an operation can run apply the very same rules: Apollo's pipeline runs them
 * from a `didResolveOperation` hook (`checkPlugin`), and the fast path for known operations
 * (src/http/graphql-fast-path.ts) calls them directly.
 */
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';

export interface OperationCheckInput<TContext> {
  readonly schema: GraphQLSchema;
  /** The query text as sent (or found by its persisted-query hash). */
  readonly source: string;
  readonly document: DocumentNode;
  /** The operation that will run; undefined only when Apollo could not resolve one. */
  readonly operation: OperationDefinitionNode | undefined;
  readonly variables: Readonly<Record<string, unknown>> | undefined;
  readonly contextValue: TContext;
}

/** Refuses an operation by throwing a GraphQLError; returns normally to let it run. */
export type OperationCheck<TContext> = (input: OperationCheckInput<TContext>) => void;

/** Runs `check` in Apollo's `didResolveOperation` hook (errors there end the request). */
export function checkPlugin<TContext extends BaseContext>(
  check: OperationCheck<TContext>,
): ApolloServerPlugin<TContext> {
  const listener: GraphQLRequestListener<TContext> = {
    async didResolveOperation(context) {
      check({
        schema: context.schema,
        source: context.source,
        document: context.document,
        operation: context.operation,
        variables: context.request.variables,
        contextValue: context.contextValue,
      });
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
