/**
 * Simulated provisioning (contract: status model: PENDING turns ENABLED, FAILED or AWAITING_ACTION asynchronously
 * at Wix). Off unless configured, so tests that need stable states keep every instance PENDING.
 */
export interface ProvisioningSettings {
  /** Milliseconds from creation until an instance leaves PENDING. */
  readonly delayMs: number;
  /** Extra random delay per instance, 0..jitterMs (default 0). */
  readonly jitterMs?: number;
  /** Share of instances that become FAILED (with a failure reason), 0..1 (default 0). */
  readonly failedShare?: number;
  /** Share of instances that become AWAITING_ACTION, 0..1 (default 0). */
  readonly awaitingActionShare?: number;
  /** Seed of the draws: the same seed and the same creations give the same outcomes (default 1). */
  readonly seed?: number;
}

/** Settings with defaults applied. */
export type ResolvedProvisioningSettings = Required<ProvisioningSettings>;

const MAX_DELAY_MS = 24 * 60 * 60 * 1000;

/**
 * Validates settings from options, the CLI or the admin hook; reports every problem.
 * @returns the resolved settings, or the problems (each naming the field)
 */
export function parseProvisioningSettings(
  raw: unknown,
): { settings: ResolvedProvisioningSettings } | { problems: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { problems: ['provisioning settings must be an object'] };
  }
  const input = raw as Record<string, unknown>;
  const problems: string[] = [];
  const known = new Set(['delayMs', 'jitterMs', 'failedShare', 'awaitingActionShare', 'seed']);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`unknown field ${key}`);
  const integer = (name: string, fallback: number | undefined): number => {
    const value = input[name] ?? fallback;
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_DELAY_MS) {
      problems.push(`${name} must be an integer in 0..${MAX_DELAY_MS}`);
      return 0;
    }
    return value as number;
  };
  const share = (name: string): number => {
    const value = input[name] ?? 0;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      problems.push(`${name} must be a number in 0..1`);
      return 0;
    }
    return value;
  };
  const delayMs = integer('delayMs', undefined);
  const jitterMs = integer('jitterMs', 0);
  const failedShare = share('failedShare');
  const awaitingActionShare = share('awaitingActionShare');
  if (failedShare + awaitingActionShare > 1) {
    problems.push('failedShare + awaitingActionShare must not exceed 1');
  }
  const seed = input.seed ?? 1;
  if (!Number.isInteger(seed)) problems.push('seed must be an integer');
  if (problems.length) return { problems };
  return {
    settings: { delayMs, jitterMs, failedShare, awaitingActionShare, seed: seed as number },
  };
}
