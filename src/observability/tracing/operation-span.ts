/**
 * The GraphQL operation span (GraphQL semantic conventions): `{type} {name}` (the type alone for
 * an anonymous operation), INTERNAL under the HTTP server span, active while the operation
 * executes so its loader batches and upstream attempts are its children. It holds
 * `graphql.operation.type`, `graphql.operation.name` and `graphql.document.hash` (the SHA-256
 * of the query text, as automatic persisted queries name it), never the document or the
 * variables. Each error of the result is an `exception` event with its `extensions.code` and
 * path (never its message, which may quote an input); the span's `error.type` is the first
 * code. An operation refused by a check before execution gets the same span, with the refusal.
 */
import { createHash } from 'node:crypto';
import { SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_EXCEPTION_TYPE } from '@opentelemetry/semantic-conventions';
import type { DocumentNode, GraphQLError, OperationDefinitionNode } from 'graphql';

/** Experimental in the conventions: the keys are kept here. */
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
/** The gateway's own: the document is never recorded, its hash is. */
export const ATTR_GRAPHQL_DOCUMENT_HASH = 'graphql.document.hash';
export const ATTR_GRAPHQL_ERROR_CODE = 'graphql.error.code';
export const ATTR_GRAPHQL_ERROR_PATH = 'graphql.error.path';

/** The code an error is answered with; masked errors become INTERNAL_SERVER_ERROR. */
function codeOf(error: GraphQLError): string {
  const code = error.extensions?.['code'];
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

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

  function recordErrors(span: Span, errors: readonly GraphQLError[]): void {
    if (errors.length === 0) return;
    for (const error of errors) {
      span.addEvent('exception', {
        [ATTR_EXCEPTION_TYPE]: codeOf(error),
        [ATTR_GRAPHQL_ERROR_CODE]: codeOf(error),
        ...(error.path && { [ATTR_GRAPHQL_ERROR_PATH]: error.path.join('.') }),
      });
    }
    const first = codeOf(errors[0] as GraphQLError);
    span.setAttribute(ATTR_ERROR_TYPE, first);
    span.setStatus({ code: SpanStatusCode.ERROR, message: first });
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
        result = tracer.startActiveSpan(name, { attributes }, async (span) => {
          try {
            const outcome = await run();
            recordErrors(span, outcome.errors ?? []);
            return outcome;
          } catch (error) {
            span.setAttribute(ATTR_ERROR_TYPE, (error as Error)?.name ?? 'Error');
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
        });
      });
      return result;
    },
    recordRefusal(document, operation, error) {
      startSpan(document, operation, undefined, (name, attributes) => {
        const span = tracer.startSpan(name, { attributes });
        recordErrors(span, [error]);
        span.end();
      });
    },
  };
}
