import type { WixPackage } from '../../wix/wire-types';
import type { EmulatorAccount } from '../fixtures/accounts';
import type { EmulatorSite } from '../fixtures/sites';
import type { IdempotencyRecord, IdempotencyStore } from '../idempotency/idempotency-store';
import type { EmulatorState } from '../state/emulator-state';

/** The persisted form of the emulator's state (data file, JSON). */
export interface EmulatorSnapshot {
  readonly version: 1;
  readonly accounts: EmulatorAccount[];
  readonly sites: EmulatorSite[];
  readonly packages: WixPackage[];
  readonly usedReferences: string[];
  readonly idempotency: IdempotencyRecord[];
}

/** Captures the state and the idempotency records. */
export function takeSnapshot(
  state: EmulatorState,
  idempotency: IdempotencyStore,
): EmulatorSnapshot {
  return {
    version: 1,
    accounts: [...state.accounts.values()],
    sites: [...state.sites.values()],
    packages: [...state.packages.values()],
    usedReferences: [...state.usedReferences],
    idempotency: idempotency.snapshot(),
  };
}

/**
 * Replaces the state with a snapshot.
 * @throws Error when the snapshot is not a version-1 emulator snapshot
 */
export function restoreSnapshot(
  raw: unknown,
  state: EmulatorState,
  idempotency: IdempotencyStore,
): void {
  const snapshot = raw as Partial<EmulatorSnapshot> | null;
  if (
    !snapshot ||
    snapshot.version !== 1 ||
    !Array.isArray(snapshot.packages) ||
    !Array.isArray(snapshot.accounts) ||
    !Array.isArray(snapshot.sites)
  ) {
    throw new Error('the data file is not an emulator snapshot (version 1)');
  }
  state.clear();
  for (const account of snapshot.accounts) state.putAccount(account);
  for (const site of snapshot.sites) state.putSite(site);
  let latest = 0;
  for (const pkg of snapshot.packages) {
    state.putPackage(pkg);
    latest = Math.max(latest, Date.parse(pkg.updatedDate) || 0);
  }
  for (const id of snapshot.usedReferences ?? []) state.markReferenceUsed(id);
  idempotency.restore(snapshot.idempotency ?? []);
  state.clock.advancePast(latest);
}
