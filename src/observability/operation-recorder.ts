/**
 * The GraphQL operation metrics: one observation per answered operation, labelled with the
 * client's operation name (bounded by `operationNameLabel`), the operation type and the first
 * error's `extensions.code` as clients see it. Every entrance records through the same
 * recorder (the Apollo adapter, the fast path).
 */
import type { BoundCounter, BoundHistogram, CounterSeries, HistogramSeries } from './bound-metrics';
import { errorCodeLabel } from './metric-labels';

type OperationLabels = 'operation_name' | 'operation_type' | 'outcome';

export interface GraphQLMetricsInstruments {
  readonly operations: BoundCounter<OperationLabels | 'error_code'>;
  readonly operationDuration: BoundHistogram<OperationLabels>;
  readonly operationNameLabel: (name: string | null | undefined) => string;
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
