import type { WixPackage } from '../wix/wire-types';
import { setInstanceStatus } from './domain/instance-status';
import type { EmulatorState } from './state/emulator-state';

/**
 * Optional auto-provisioning (§13 "I", default off): `delayMs` after creation, every instance
 * of the package that is still PENDING becomes ENABLED.
 */
export class AutoEnabler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly state: EmulatorState,
    private readonly delayMs: number | undefined,
  ) {}

  /** Schedules the package's instances (no-op when auto-enable is off). */
  schedule(pkg: WixPackage): void {
    if (this.delayMs === undefined) return;
    const instanceIds = pkg.productInstances.map((instance) => instance.instanceId);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      for (const instanceId of instanceIds) {
        const current = this.state.packages.getByInstanceId(instanceId);
        const instance = current?.productInstances.find((i) => i.instanceId === instanceId);
        if (instance?.status === 'PENDING') setInstanceStatus(this.state, instanceId, 'ENABLED');
      }
    }, this.delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Cancels every scheduled activation (reset and close). */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
