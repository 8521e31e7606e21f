import type { UserErrorCode } from './user-error-code.enum';

/**
 * How one mutation's upstream refusals point at its arguments: which argument each business
 * code concerns, and where the upstream's request-body field names live in the arguments.
 */
export interface UserErrorTarget {
  /** What a `NOT_FOUND` is about, for its message. */
  readonly entity: 'package' | 'product instance';
  /**
   * Argument path the upstream body's fields hang under: `["input"]` when the body mirrors an
   * input object, `[]` when they are plain arguments.
   */
  readonly bodyRoot: readonly string[];
  /** Argument path per business code; a code without an entry gets `field: null`. */
  readonly fields: Readonly<Partial<Record<UserErrorCode, readonly string[]>>>;
}
