/**
 * The GraphQL operation span (GraphQL semantic conventions): `{type} {name}` (the type alone for
 * an anonymous operation), INTERNAL under the HTTP server span, active while the operation
 * executes so its loader batches and upstream attempts are its children. It holds
 * `graphql.operation.type`, `graphql.operation.name` and `graphql.document.hash` (the SHA-256
 * of the query text, as automatic persisted queries name it), never the document or the
 * variables. Each error of the result is an `exception` event with its `extensions.code` and
 * path (never its message, which may quote an input); the span's `error.type` is the first
 * code. An operation refused by a check before execution gets the same span, with the refusal.
 * A subscription's span covers its start (until the source stream is open or refused); each of
 * its events gets a span of its own (subscription-event-span.ts).
 */
import { createHash } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import type { DocumentNode, GraphQLError, OperationDefinitionNode } from 'graphql';
import { recordGraphQLErrors } from './graphql-error-events';
import { spanWork } from './span-work';
import {
  createSubscriptionEventTracer,
  type SubscriptionEventTracer,
} from './subscription-event-span';

/** Experimental in the conventions: the keys are kept here. */
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
/** The gateway's own: the document is never recorded, its hash is. */
export const ATTR_GRAPHQL_DOCUMENT_HASH = 'graphql.document.hash';

export interface OperationTracer {
  /** Remembers the hash of `document`'s text (called where the text is known: the checks). */
  rememberSource(document: DocumentNode, source: string): void;
  /** Runs the execution of `operation` inside its span. */
  traceExecution<T extends { errors?: readonly GraphQLError[] }>(
    document: DocumentNode,
    operation: OperationDefinitionNode | undefined,
    operationName: string | undefined,
    run: () => Promise<T>,
  ): Promise<T>;
  /** Records an operation refused before execution (its span ends at once). */
  recordRefusal(
    document: DocumentNode,
    operation: OperationDefinitionNode | undefined,
    error: GraphQLError,
  ): void;
  /**
   * Starts a subscription inside its operation span, ended once `start` settles (the source
   * stream open, or the result refusing it); `start` gets the tracer of the subscription's
   * events, whose spans link to this one.
   */
  traceSubscription<T extends object>(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | undefined,
    start: (traceEvent: SubscriptionEventTracer) => Promise<T>,
  ): Promise<T>;
}

export function createOperationTracer(tracer: Tracer): OperationTracer {
  // Documents are parsed once and cached (Apollo's cache, the fast path's known operations):
  // each is hashed once.
  const hashes = new WeakMap<DocumentNode, string>();

  function startSpan(
    document: DocumentNode,
    operation: OperationDefinitionNode | undefined,
    operationName: string | undefined,
    start: (name: string, attributes: Record<string, string>) => void,
  ): void {
    const type = operation?.operation;
    const name = operation?.name?.value ?? operationName;
    const hash = hashes.get(document);
    start(type === undefined ? 'GraphQL Operation' : name ? `${type} ${name}` : type, {
      ...(type && { [ATTR_GRAPHQL_OPERATION_TYPE]: type }),
      ...(name && { [ATTR_GRAPHQL_OPERATION_NAME]: name }),
      ...(hash && { [ATTR_GRAPHQL_DOCUMENT_HASH]: hash }),
    });
  }

  return {
    rememberSource(document, source) {
      if (!hashes.has(document)) {
        hashes.set(document, createHash('sha256').update(source).digest('hex'));
      }
    },
    traceExecution(document, operation, operationName, run) {
      let result!: ReturnType<typeof run>;
      startSpan(document, operation, operationName, (name, attributes) => {
        result = tracer.startActiveSpan(name, { attributes }, (span) =>
          spanWork(span, run, (outcome) => recordGraphQLErrors(span, outcome.errors ?? [])),
        );
      });
      return result;
    },
    recordRefusal(document, operation, error) {
      startSpan(document, operation, undefined, (name, attributes) => {
        const span = tracer.startSpan(name, { attributes });
        recordGraphQLErrors(span, [error]);
        span.end();
      });
    },
    traceSubscription(document, operation, operationName, start) {
      let result!: ReturnType<typeof start>;
      startSpan(document, operation, operationName, (name, attributes) => {
        result = tracer.startActiveSpan(name, { attributes }, (span) => {
          const traceEvent = createSubscriptionEventTracer(
            tracer,
            name,
            attributes,
            span.spanContext(),
          );
          return spanWork(
            span,
            () => start(traceEvent),
            (outcome) => {
              // A refused start is a result with errors instead of a stream.
              if (!(Symbol.asyncIterator in outcome)) {
                const { errors } = outcome as { errors?: readonly GraphQLError[] };
                recordGraphQLErrors(span, errors ?? []);
              }
            },
          );
        });
      });
      return result;
    },
  };
}
