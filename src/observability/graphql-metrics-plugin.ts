/**
 * The Apollo plugin behind the GraphQL operation metrics. One observation per request, taken
 * when the response is sent (or when the request fails before Apollo could build a context,
 * e.g. authentication, or fails unexpectedly), labelled with the client's operation name
 * (bounded by `operationNameLabel`) and the first error's `extensions.code` as clients see it.
 */
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { getOperationAST, type GraphQLFormattedError } from 'graphql';
import type { Counter, Histogram } from 'prom-client';
import { errorCodeLabel } from './metric-labels';

type OperationLabels = 'operation_name' | 'operation_type' | 'outcome';

export interface GraphQLMetricsInstruments {
  readonly operations: Counter<OperationLabels | 'error_code'>;
  readonly operationDuration: Histogram<OperationLabels>;
  readonly operationNameLabel: (name: string | null | undefined) => string;
}

function responseErrors(
  context: GraphQLRequestContext<BaseContext>,
): readonly GraphQLFormattedError[] | undefined {
  const body = context.response.body;
  if (!body) return undefined;
  return body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
}

/** The operation's name, also when it failed validation (the document parsed, but Apollo did
 * not resolve the operation), falling back to the name the client sent. */
function operationNameOf(context: GraphQLRequestContext<BaseContext>): string | null | undefined {
  if (context.operationName) return context.operationName;
  const fromDocument = context.document
    ? getOperationAST(context.document, context.request.operationName ?? null)?.name?.value
    : undefined;
  return fromDocument ?? context.request.operationName;
}

/**
 * Records one operation: its name (bounded by `operationNameLabel`), its type, the
 * `extensions.code` of its first error (undefined: it succeeded) and its duration if known.
 */
export type OperationRecorder = (
  operationName: string | null | undefined,
  operationType: string,
  errorCode: unknown,
  seconds: number | undefined,
) => void;

export function createOperationRecorder(instruments: GraphQLMetricsInstruments): OperationRecorder {
  return (operationName, operationType, errorCode, seconds) => {
    const labels = {
      operation_name: instruments.operationNameLabel(operationName),
      operation_type: operationType,
      outcome: errorCode === undefined ? 'success' : 'error',
    };
    instruments.operations.inc({ ...labels, error_code: errorCodeLabel(errorCode) });
    if (seconds !== undefined) instruments.operationDuration.observe(labels, seconds);
  };
}

/** Returns the plugin recording every operation Apollo answers through `record`. */
export function createGraphQLMetricsPlugin(
  record: OperationRecorder,
): ApolloServerPlugin<BaseContext> {
  return {
    async contextCreationDidFail({ error }) {
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      record(undefined, 'unknown', code ?? 'INTERNAL_SERVER_ERROR', undefined);
    },
    async unexpectedErrorProcessingRequest({ requestContext }) {
      record(requestContext.request.operationName, 'unknown', 'INTERNAL_SERVER_ERROR', undefined);
    },
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async willSendResponse(context) {
          const errors = responseErrors(context);
          const firstError = errors?.[0];
          record(
            operationNameOf(context),
            context.operation?.operation ?? 'unknown',
            firstError === undefined ? undefined : (firstError.extensions?.['code'] ?? 'OTHER'),
            (performance.now() - startedAt) / 1000,
          );
        },
      };
    },
  };
}
