/**
 * How every span records GraphQL errors: one `exception` event per error with its
 * `extensions.code` (and path), never its message, which may quote an input; the span's
 * `error.type` is the first code, with error status.
 */
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_EXCEPTION_TYPE } from '@opentelemetry/semantic-conventions';

export const ATTR_GRAPHQL_ERROR_CODE = 'graphql.error.code';
export const ATTR_GRAPHQL_ERROR_PATH = 'graphql.error.path';

/** What is read of an error: a GraphQLError, or one formatted for a client. */
export interface CodedError {
  readonly extensions?: Readonly<Record<string, unknown>> | undefined;
  readonly path?: readonly (string | number)[] | undefined;
}

/** The code an error is answered with; masked errors become INTERNAL_SERVER_ERROR. */
export function codeOf(error: CodedError): string {
  const code = error.extensions?.['code'];
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/** Records `errors` on `span` (nothing when there are none); `asError: false` keeps the status. */
export function recordGraphQLErrors(
  span: Span,
  errors: readonly CodedError[],
  options: { asError?: boolean } = {},
): void {
  if (errors.length === 0) return;
  for (const error of errors) {
    span.addEvent('exception', {
      [ATTR_EXCEPTION_TYPE]: codeOf(error),
      [ATTR_GRAPHQL_ERROR_CODE]: codeOf(error),
      ...(error.path && { [ATTR_GRAPHQL_ERROR_PATH]: error.path.join('.') }),
    });
  }
  if (options.asError === false) return;
  const first = codeOf(errors[0] as CodedError);
  span.setAttribute(ATTR_ERROR_TYPE, first);
  span.setStatus({ code: SpanStatusCode.ERROR, message: first });
}
