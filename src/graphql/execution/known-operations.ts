/**
 * Operations Apollo has already parsed, validated, checked and started to execute, by the exact
 * query text and operation name a client sent. The fast path (src/http/graphql-fast-path.ts)
 * runs a repeat of one of these without Apollo's per-request pipeline; everything else still
 * goes through Apollo, which is also how an operation gets here in the first place.
 *
 * An operation is remembered only once Apollo reached `executionDidStart` for it with an
 * operation resolved, i.e. after parsing (token limit), validation (including the production
 * introspection ban) and every `didResolveOperation` check passed. Bounded: the oldest entry goes when the table is full.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';

export interface KnownOperation {
  readonly source: string;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
}

export interface KnownOperations {
  /** The operation for this query text and operation name, as a client sent them. */
  find(source: string, operationName: string | undefined): KnownOperation | undefined;
  /** Apollo plugin that remembers each operation as it starts executing. */
  readonly plugin: ApolloServerPlugin<BaseContext>;
  /** Number of remembered (text, name) pairs. */
  size(): number;
}

export function createKnownOperations(maxEntries: number): KnownOperations {
  // query text → operation name (undefined: none sent) → operation; a Map keeps insertion
  // order for eviction.
  const bySource = new Map<string, Map<string | undefined, KnownOperation>>();
  let size = 0;

  const remember = (entry: KnownOperation, operationName: string | undefined): void => {
    let byName = bySource.get(entry.source);
    if (byName?.has(operationName)) return;
    if (size >= maxEntries) {
      const [oldestSource, oldest] = bySource.entries().next().value as [
        string,
        Map<string | undefined, KnownOperation>,
      ];
      size -= oldest.size;
      bySource.delete(oldestSource);
      if (oldestSource === entry.source) byName = undefined;
    }
    if (byName === undefined) {
      byName = new Map();
      bySource.set(entry.source, byName);
    }
    byName.set(operationName, entry);
    size += 1;
  };

  const listener = {
    async executionDidStart(context: {
      source: string;
      document: DocumentNode;
      operation?: OperationDefinitionNode;
      request: { operationName?: string };
    }) {
      // Apollo also starts executing when no operation matched, to let execution word the
      // error: such a request is not a known operation.
      if (context.operation === undefined) return;
      remember(
        { source: context.source, document: context.document, operation: context.operation },
        context.request.operationName,
      );
    },
  };

  return {
    find: (source, operationName) => bySource.get(source)?.get(operationName),
    plugin: {
      async requestDidStart() {
        return listener;
      },
    },
    size: () => size,
  };
}
