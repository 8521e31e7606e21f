/**
 * The shape of a check: one rule an operation must pass after it is parsed, validated and
 * resolved and before it executes (allowlist, scope, query limits, cost). A check is a plain
 * function so every entrance applies the very same rules in the order the operation pipeline
 * (operation-pipeline.ts) lists them.
 */
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';

export interface OperationCheckInput<TContext> {
  readonly schema: GraphQLSchema;
  /** The query text as sent (or found by its persisted-query hash). */
  readonly source: string;
  readonly document: DocumentNode;
  /** The operation that will run; undefined only when none could be resolved. */
  readonly operation: OperationDefinitionNode | undefined;
  readonly variables: Readonly<Record<string, unknown>> | undefined;
  readonly contextValue: TContext;
}

/** Refuses an operation by throwing a GraphQLError; returns normally to let it run. */
export type OperationCheck<TContext> = (input: OperationCheckInput<TContext>) => void;
