/** Limits the gateway checks before any write reaches the upstream (§4.1, §4.2, §6.1). */
export const WRITE_INPUT_LIMITS = {
  minProducts: 1,
  maxProducts: 1000,
  externalIdMax: 100,
  discountCodeMax: 25,
  /** Wix documents no limit; the gateway bounds what it forwards and stores. */
  idempotencyKeyMax: 128,
} as const;
