/**
 * One span per DataLoader batch, active while the batch's upstream call runs (so that call's
 * attempts are its children): `dataloader.batch <loader>` with the loader's name and the
 * batch size. Keys are ids and are not recorded.
 */
import type { Tracer } from '@opentelemetry/api';
import { spanWork } from './span-work';

export const ATTR_LOADER_NAME = 'dataloader.name';
export const ATTR_BATCH_SIZE = 'dataloader.batch.size';

/** Runs one batch of `loader` of `size` keys. */
export type BatchTracer = <T>(loader: string, size: number, run: () => Promise<T>) => Promise<T>;

export function createBatchTracer(tracer: Tracer): BatchTracer {
  return (loader, size, run) =>
    tracer.startActiveSpan(
      `dataloader.batch ${loader}`,
      { attributes: { [ATTR_LOADER_NAME]: loader, [ATTR_BATCH_SIZE]: size } },
      (span) => spanWork(span, run),
    );
}
