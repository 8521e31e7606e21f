/** Limits the gateway checks before any write reaches the upstream (contract: Package object, ProductInstance object, Create Package V2). */
export const WRITE_INPUT_LIMITS = {
  minProducts: 1,
  maxProducts: 1000,
  externalIdMax: 100,
  discountCodeMax: 25,
  /** Wix documents no limit; the gateway bounds what it forwards and stores. */
  idempotencyKeyMax: 128,
} as const;
