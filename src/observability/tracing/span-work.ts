/**
 * How a span covers a piece of async work: the work's result (or `onResult`'s reading of it)
 * is the span's outcome, a throw is recorded by the error's name only (its message may quote an
 * input) with error status and thrown on, and the span ends either way.
 */
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

/** Marks `span` as failed by `error` (its name, never its message). */
export function recordThrown(span: Span, error: unknown): void {
  span.setAttribute(ATTR_ERROR_TYPE, (error as Error)?.name ?? 'Error');
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** Runs `run` as `span`'s work and ends the span when it settles. */
export async function spanWork<T>(
  span: Span,
  run: () => Promise<T>,
  onResult?: (result: T) => void,
): Promise<T> {
  try {
    const result = await run();
    onResult?.(result);
    return result;
  } catch (error) {
    recordThrown(span, error);
    throw error;
  } finally {
    span.end();
  }
}
