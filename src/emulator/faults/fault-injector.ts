import { SeededRandom } from '../prng';
import type { EmulatorEndpoint, FaultKind, FaultRule } from './fault-rule';

/** The faults that apply to one request. */
export interface FaultDecision {
  /** Sum of the latency rules that fired, in ms. */
  readonly latencyMs: number;
  /** The first non-latency rule that fired, if any. */
  readonly terminal?: FaultRule & { readonly kind: Exclude<FaultKind, 'latency'> };
}

interface ArmedRule {
  readonly rule: FaultRule;
  remaining: number | undefined;
}

/**
 * Decides per request which fault rules fire. Rules are evaluated in order; every firing
 * latency rule adds its delay; the first firing non-latency rule decides the outcome and later
 * non-latency rules are not evaluated (so they neither draw random numbers nor lose a `times`).
 */
export class FaultInjector {
  private armed: ArmedRule[] = [];
  private random: SeededRandom;

  constructor(
    rules: readonly FaultRule[],
    private readonly seed: number,
  ) {
    this.random = new SeededRandom(seed);
    this.set(rules);
  }

  /** Replaces every rule and restarts the seeded sequence (so runs are repeatable). */
  set(rules: readonly FaultRule[]): void {
    this.armed = rules.map((rule) => ({ rule, remaining: rule.times }));
    this.random = new SeededRandom(this.seed);
  }

  /** Rules still armed (a `times` rule shows its remaining count). */
  list(): FaultRule[] {
    return this.armed
      .filter((entry) => entry.remaining === undefined || entry.remaining > 0)
      .map((entry) =>
        entry.remaining === undefined ? entry.rule : { ...entry.rule, times: entry.remaining },
      );
  }

  decide(endpoint: EmulatorEndpoint): FaultDecision {
    let latencyMs = 0;
    for (const entry of this.armed) {
      const { rule } = entry;
      if (rule.endpoint !== '*' && rule.endpoint !== endpoint) continue;
      if (!this.fires(entry)) continue;
      if (rule.kind === 'latency') {
        latencyMs += rule.latencyMs ?? 0;
        continue;
      }
      return { latencyMs, terminal: rule as FaultDecision['terminal'] };
    }
    return { latencyMs };
  }

  private fires(entry: ArmedRule): boolean {
    if (entry.remaining !== undefined) {
      if (entry.remaining <= 0) return false;
      entry.remaining--;
      return true;
    }
    if (entry.rule.rate !== undefined) return this.random.next() < entry.rule.rate;
    return true;
  }
}
