import type { WixErrorBody, WixFieldViolation } from '../../wix/wire-types';

/** `violatedRule` values this engine emits (contract: error envelope lists `CUSTOM`, `MAX`, `FORMAT`; the rest are ours). */
export type QueryViolatedRule =
  'REQUIRED_FIELD' | 'FORMAT' | 'INVALID_ENUM_VALUE' | 'NOT_SUPPORTED' | 'MAX' | 'MIN';

/** A 400 with Wix's validation envelope: `{message, details:{validationError:{fieldViolations}}}`. */
export class QueryRequestError extends Error {
  readonly status = 400;

  constructor(
    message: string,
    readonly fieldViolations: WixFieldViolation[],
  ) {
    super(message);
    this.name = 'QueryRequestError';
  }

  /** The contract: error envelope response body for this error. */
  toWixErrorBody(): WixErrorBody {
    return {
      message: this.message,
      details: { validationError: { fieldViolations: this.fieldViolations } },
    };
  }
}

/** Collects every problem of one request so they can be reported together. */
export class ViolationList {
  readonly items: WixFieldViolation[] = [];

  add(
    field: string,
    description: string,
    violatedRule: QueryViolatedRule,
    data?: Record<string, unknown>,
  ): void {
    const violation: WixFieldViolation = { field, description, violatedRule };
    if (data !== undefined) violation.data = data;
    this.items.push(violation);
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  /** Throws a {@link QueryRequestError} carrying every collected violation, if any. */
  throwIfAny(messagePrefix = 'invalid query'): void {
    if (this.isEmpty) return;
    const summary = this.items.map((v) => `${v.field}: ${v.description}`).join('; ');
    throw new QueryRequestError(`${messagePrefix}: ${summary}`, this.items);
  }
}
