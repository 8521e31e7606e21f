import type { WixPackage } from '../../wix/wire-types';
import { MonotonicClock } from '../clock';
import type { EmulatorAccount } from '../fixtures/accounts';
import type { EmulatorSite } from '../fixtures/sites';
import { PackageIndex } from '../store/package-index';

/**
 * Everything the emulated Wix backend knows: packages (in E1's immutable index), accounts,
 * sites, and which instances were already redeemed as references. Every change goes through
 * a method here so that persistence hears about it.
 */
export class EmulatorState {
  readonly packages = new PackageIndex();
  private readonly accountsById = new Map<string, EmulatorAccount>();
  private readonly sitesById = new Map<string, EmulatorSite>();
  private readonly redeemedReferences = new Set<string>();
  private readonly listeners: Array<() => void> = [];

  constructor(readonly clock: MonotonicClock = new MonotonicClock()) {}

  /** Calls `listener` after every change (used by persistence). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  get accounts(): ReadonlyMap<string, EmulatorAccount> {
    return this.accountsById;
  }

  get sites(): ReadonlyMap<string, EmulatorSite> {
    return this.sitesById;
  }

  get usedReferences(): ReadonlySet<string> {
    return this.redeemedReferences;
  }

  /** Insert or replace a package; `pkg` must be a new object, never a mutated stored one. */
  putPackage(pkg: WixPackage): void {
    this.packages.put(pkg);
    this.changed();
  }

  putAccount(account: EmulatorAccount): void {
    this.accountsById.set(account.id, account);
    this.changed();
  }

  putSite(site: EmulatorSite): void {
    this.sitesById.set(site.id, site);
    this.changed();
  }

  markReferenceUsed(instanceId: string): void {
    this.redeemedReferences.add(instanceId);
    this.changed();
  }

  /** Forget everything (accounts, sites, packages, used references). */
  clear(): void {
    this.packages.clear();
    this.accountsById.clear();
    this.sitesById.clear();
    this.redeemedReferences.clear();
    this.changed();
  }

  /** Signal a change made outside the methods above (e.g. the idempotency store). */
  changed(): void {
    for (const listener of this.listeners) listener();
  }
}
