import type { WixFailureReason, WixInstanceStatus, WixPackage } from '../../wix/wire-types';
import { SeededRandom } from '../prng';
import type { ResolvedProvisioningSettings } from './provisioning-settings';

/** What the provisioner asks of the emulator: move one instance (events are the caller's job). */
export type StatusMover = (
  instanceId: string,
  status: WixInstanceStatus,
  failure?: WixFailureReason,
) => void;

/** The fate of one instance, drawn when its package is created. */
export interface ProvisioningOutcome {
  readonly status: 'ENABLED' | 'FAILED' | 'AWAITING_ACTION';
  readonly failure?: WixFailureReason;
  readonly afterMs: number;
}

const FAILURES: readonly WixFailureReason[] = [
  { code: 'DELIVERY_TIMEOUT', message: 'The product was not delivered before the deadline.' },
  { code: 'EXTERNAL_FAILURE', message: 'An external provider failed to deliver the product.' },
];

/**
 * Simulated provisioning: each instance of a created package leaves PENDING after the delay
 * (plus jitter), becoming FAILED, AWAITING_ACTION or ENABLED by the configured shares. Outcomes
 * are drawn from a PRNG seeded by `settings.seed` in creation order, so a run is reproducible.
 * An instance that is no longer PENDING when its timer fires (canceled meanwhile) is left alone.
 * AWAITING_ACTION instances stay there until the admin hook moves them on.
 */
export class Provisioner {
  private readonly timers = new Set<NodeJS.Timeout>();
  private random: SeededRandom;

  constructor(
    private settingsValue: ResolvedProvisioningSettings | undefined,
    private readonly isPending: (instanceId: string) => boolean,
    private readonly move: StatusMover,
  ) {
    this.random = new SeededRandom(settingsValue?.seed ?? 1);
  }

  get settings(): ResolvedProvisioningSettings | undefined {
    return this.settingsValue;
  }

  /** Turns the simulation on with new settings (re-seeded), or off; scheduled moves stay. */
  configure(settings: ResolvedProvisioningSettings | undefined): void {
    this.settingsValue = settings;
    this.random = new SeededRandom(settings?.seed ?? 1);
  }

  /** Draws and schedules the fate of every instance of a new package (no-op when off). */
  schedule(pkg: WixPackage): void {
    const settings = this.settingsValue;
    if (!settings) return;
    for (const instance of pkg.productInstances) {
      const outcome = this.draw(settings);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.isPending(instance.instanceId)) {
          this.move(instance.instanceId, outcome.status, outcome.failure);
        }
      }, outcome.afterMs);
      timer.unref();
      this.timers.add(timer);
    }
  }

  /** Cancels every scheduled move and re-seeds the draws (reset and close). */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.random = new SeededRandom(this.settingsValue?.seed ?? 1);
  }

  private draw(settings: ResolvedProvisioningSettings): ProvisioningOutcome {
    const afterMs = settings.delayMs + Math.floor(this.random.next() * (settings.jitterMs + 1));
    const roll = this.random.next();
    if (roll < settings.failedShare) {
      return { status: 'FAILED', failure: this.random.pick(FAILURES), afterMs };
    }
    if (roll < settings.failedShare + settings.awaitingActionShare) {
      return { status: 'AWAITING_ACTION', afterMs };
    }
    return { status: 'ENABLED', afterMs };
  }
}
