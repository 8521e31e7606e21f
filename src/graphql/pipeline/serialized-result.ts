/**
 * An execution result whose `data` the executor already has as JSON text (the projection's,
 * compile-projection.ts), for a caller that sends text anyway (the fast path) and asked for it:
 * the text is `JSON.stringify(data)` exactly; `data` itself is parsed from it only if read.
 */
import type { ExecutionResult } from 'graphql';

const SERIALIZED_DATA: unique symbol = Symbol('serialized data');

/**
 * `data` is a getter of the class, not of each result: an object literal with a getter made a
 * closure and an accessor pair per answer (and, measured, sent the bench's `single` into the
 * promotion described in src/http/in-flight-list.ts every time).
 */
class SerializedResult {
  readonly [SERIALIZED_DATA]: string;
  private parsed: ExecutionResult['data'];

  constructor(json: string) {
    this[SERIALIZED_DATA] = json;
  }

  get data(): ExecutionResult['data'] {
    return (this.parsed ??= JSON.parse(this[SERIALIZED_DATA]) as ExecutionResult['data']);
  }
}

/** A result with no errors whose `data` is `json` (JSON of an object). */
export function serializedResult(json: string): ExecutionResult {
  return new SerializedResult(json);
}

/** `JSON.stringify(result.data)` when the executor gave it as text, else undefined. */
export function serializedDataOf(result: ExecutionResult): string | undefined {
  return result instanceof SerializedResult ? result[SERIALIZED_DATA] : undefined;
}
