/**
 * The Apollo plugin behind the GraphQL operation metrics. One observation per request, taken
 * when the response is sent (or when the request fails before Apollo could build a context,
 * e.g. authentication, or fails unexpectedly), labelled with the client's operation name
 * (bounded by `operationNameLabel`) and the first error's `extensions.code` as clients see it.
 */
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { getOperationAST, type GraphQLFormattedError } from 'graphql';
import type { BoundCounter, BoundHistogram, CounterSeries, HistogramSeries } from './bound-metrics';
import { errorCodeLabel } from './metric-labels';

type OperationLabels = 'operation_name' | 'operation_type' | 'outcome';

export interface GraphQLMetricsInstruments {
  readonly operations: BoundCounter<OperationLabels | 'error_code'>;
  readonly operationDuration: BoundHistogram<OperationLabels>;
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
  // Series by label values, which are bounded (names by the labeler, codes and types by
  // their own rules), so this map is too.
  const bound = new Map<string, { count: CounterSeries; duration: HistogramSeries }>();
  return (operationName, operationType, errorCode, seconds) => {
    const name = instruments.operationNameLabel(operationName);
    const outcome = errorCode === undefined ? 'success' : 'error';
    const code = errorCodeLabel(errorCode);
    const key = `${name}\u0000${operationType}\u0000${outcome}\u0000${code}`;
    let series = bound.get(key);
    if (series === undefined) {
      const labels = { operation_name: name, operation_type: operationType, outcome };
      series = {
        count: instruments.operations.series({ ...labels, error_code: code }),
        duration: instruments.operationDuration.series(labels),
      };
      bound.set(key, series);
    }
    series.count.inc();
    if (seconds !== undefined) series.duration.observe(seconds);
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
