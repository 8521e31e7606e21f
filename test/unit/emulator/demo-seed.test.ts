import { buildDemoSeed } from '../../../src/emulator/fixtures/demo-seed';
import { CATALOG, DEMO_ACCOUNTS, DEMO_SITES } from '../../../src/emulator';
import type { WixProductInstance } from '../../../src/wix/wire-types';

describe('emulator: demo seed', () => {
  const seed = buildDemoSeed();
  const instances = seed.packages.flatMap((pkg) => pkg.productInstances);
  const productType = (id: string) => Object.values(CATALOG).find((p) => p.id === id)?.type;
  const active = (i: WixProductInstance) => i.status !== 'CANCELED' && i.status !== 'FAILED';

  it('is deterministic', () => {
    expect(buildDemoSeed()).toEqual(seed);
  });

  it('has a few hundred packages over the four demo accounts with spread-out dates', () => {
    expect(seed.packages.length).toBeGreaterThanOrEqual(200);
    expect(seed.packages.length).toBeLessThanOrEqual(500);
    expect(new Set(seed.packages.map((p) => p.accountId))).toEqual(
      new Set(Object.values(DEMO_ACCOUNTS)),
    );
    const created = seed.packages.map((p) => Date.parse(p.createdDate));
    expect(Math.max(...created) - Math.min(...created)).toBeGreaterThan(90 * 24 * 60 * 60 * 1000);
    for (const pkg of seed.packages) {
      expect(Date.parse(pkg.updatedDate)).toBeGreaterThanOrEqual(Date.parse(pkg.createdDate));
    }
  });

  it('covers every status, with failure exactly on FAILED instances', () => {
    const statuses = new Set(instances.map((i) => i.status));
    expect(statuses).toEqual(
      new Set(['PENDING', 'ENABLED', 'CANCELED', 'FAILED', 'AWAITING_ACTION']),
    );
    for (const instance of instances)
      expect(instance.failure !== undefined).toBe(instance.status === 'FAILED');
  });

  it('has floating and assigned instances, billing, discount codes, external ids and references', () => {
    expect(instances.some((i) => i.siteId === undefined)).toBe(true);
    expect(instances.some((i) => i.siteId !== undefined)).toBe(true);
    expect(instances.every((i) => i.billingInfo !== undefined)).toBe(true);
    expect(instances.some((i) => i.discountCode)).toBe(true);
    expect(seed.packages.some((p) => p.externalId)).toBe(true);
    const referencing = instances.filter((i) => i.referenceProductInstanceId);
    expect(referencing.length).toBeGreaterThan(0);
    expect(new Set(referencing.map((i) => i.referenceProductInstanceId)).size).toBe(
      referencing.length,
    );
    expect(new Set(seed.usedReferences)).toEqual(
      new Set(referencing.map((i) => i.referenceProductInstanceId)),
    );
  });

  it('obeys the site rules and leaves the named demo sites empty', () => {
    const siteOwner = new Map(seed.sites.map((s) => [s.id, s.accountId]));
    const activeTypesBySite = new Map<string, string[]>();
    for (const pkg of seed.packages) {
      for (const instance of pkg.productInstances) {
        if (!instance.siteId) continue;
        expect(siteOwner.get(instance.siteId)).toBe(pkg.accountId);
        if (!active(instance)) continue;
        const list = activeTypesBySite.get(instance.siteId) ?? [];
        list.push(productType(instance.catalogProductId) as string);
        activeTypesBySite.set(instance.siteId, list);
      }
    }
    for (const types of activeTypesBySite.values()) {
      expect(new Set(types).size).toBe(types.length);
      if (types.includes('DOMAIN')) expect(types).toContain('PREMIUM_PLAN');
    }
    for (const siteId of Object.values(DEMO_SITES))
      expect(activeTypesBySite.has(siteId)).toBe(false);
  });
});
