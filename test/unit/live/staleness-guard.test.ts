import type { PackageChangeEvent } from '../../../src/live/package-change';
import { createStalenessGuard } from '../../../src/live/staleness-guard';
import type { WixPackage } from '../../../src/wix/wire-types';

const PACKAGE_ID = 'c0000000-0000-4000-8000-000000000001';

function stateAt(updatedDate: string): WixPackage {
  return {
    id: PACKAGE_ID,
    accountId: 'a',
    productInstances: [],
    createdDate: '2024-01-01T00:00:00.000Z',
    updatedDate,
  };
}

function change(overrides: Partial<PackageChangeEvent> & { at?: string }): PackageChangeEvent {
  const { at, ...rest } = overrides;
  const pkg = at === undefined ? undefined : stateAt(at);
  return {
    eventId: Math.random().toString(36),
    kind: 'INSTANCE_UPDATED',
    occurredAt: '2024-01-01T00:00:00.000Z',
    accountId: 'a',
    packageId: PACKAGE_ID,
    source: 'webhook',
    ...(pkg === undefined ? {} : { package: pkg, order: Date.parse(pkg.updatedDate) }),
    ...rest,
  };
}

describe('staleness guard', () => {
  it('refuses a state older than one admitted, whatever its source', () => {
    const guard = createStalenessGuard();
    expect(guard.admit(change({ at: '2024-01-01T10:00:02.000Z', source: 'own-write' }))).toBe(true);
    expect(guard.admit(change({ at: '2024-01-01T10:00:01.000Z', source: 'webhook' }))).toBe(false);
    expect(guard.admit(change({ at: '2024-01-01T10:00:03.000Z', source: 'watcher' }))).toBe(true);
  });

  it('refuses the same change seen twice (own write, then its webhook), not another at that state', () => {
    const guard = createStalenessGuard();
    const at = '2024-01-01T10:00:02.000Z';
    expect(guard.admit(change({ at, kind: 'CANCELED', source: 'own-write' }))).toBe(true);
    expect(guard.admit(change({ at, kind: 'CANCELED', source: 'webhook' }))).toBe(false);
    expect(guard.admit(change({ at, kind: 'INSTANCE_CANCELED', productInstanceId: 'i1' }))).toBe(
      true,
    );
    expect(guard.admit(change({ at, kind: 'INSTANCE_CANCELED', productInstanceId: 'I1' }))).toBe(
      false,
    );
  });

  it('orders events of one state by entityEventSequence', () => {
    const guard = createStalenessGuard();
    const at = '2024-01-01T10:00:02.000Z';
    expect(
      guard.admit(change({ at, order: 7, kind: 'INSTANCE_CANCELED', productInstanceId: 'i2' })),
    ).toBe(true);
    expect(
      guard.admit(change({ at, order: 5, kind: 'INSTANCE_CANCELED', productInstanceId: 'i1' })),
    ).toBe(false);
    expect(guard.admit(change({ at, order: 8, kind: 'CANCELED' }))).toBe(true);
  });

  it('orders changes without a package by order alone', () => {
    const guard = createStalenessGuard();
    expect(guard.admit(change({ order: 3 }))).toBe(true);
    expect(guard.admit(change({ order: 2 }))).toBe(false);
    expect(guard.admit(change({ order: 4 }))).toBe(true);
  });

  it('keeps packages apart and forgets the least recently changed beyond its capacity', () => {
    const guard = createStalenessGuard(1);
    expect(guard.admit(change({ at: '2024-01-01T10:00:02.000Z' }))).toBe(true);
    expect(guard.admit(change({ packageId: 'other', at: '2024-01-01T09:00:00.000Z' }))).toBe(true);
    // The first package was forgotten: its older state is no longer known to be stale.
    expect(guard.admit(change({ at: '2024-01-01T10:00:01.000Z' }))).toBe(true);
  });
});
