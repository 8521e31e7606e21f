import type { WixInstanceStatus, WixPackage } from '../../../../src/wix/wire-types';
import { indexOf, instance, run } from './fixtures';

/**
 * The engine either walks a maintained ordering or sorts index candidates, depending on how
 * selective the filter and scope are. Whichever it picks, cursor pages (forward and back) and
 * offset pages must equal a naive filter-then-sort over all packages.
 */
const STATUSES: WixInstanceStatus[] = ['PENDING', 'ENABLED', 'CANCELED', 'FAILED'];
const ACCOUNTS = ['acc-0', 'acc-1', 'acc-2', 'acc-3', 'acc-4'];
const BASE = Date.UTC(2024, 0, 1);

function generate(count: number): WixPackage[] {
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n; // the low bits of an LCG cycle quickly
  };
  return Array.from({ length: count }, (_, n) => {
    const id = `pkg-${String(random(1_000_000)).padStart(6, '0')}-${n}`;
    // Few distinct timestamps, so equal sort keys (ties) are common.
    const created = new Date(BASE + random(400) * 1000).toISOString();
    const updated = new Date(BASE + random(400) * 1000).toISOString();
    return {
      id,
      accountId: ACCOUNTS[random(ACCOUNTS.length)]!,
      productInstances: Array.from({ length: 1 + random(3) }, (_x, k) =>
        instance(`${id}-i${k}`, {
          status: STATUSES[random(STATUSES.length)]!,
          siteId: `site-${random(50)}`,
        }),
      ),
      createdDate: created,
      updatedDate: updated,
    };
  });
}

const packages = generate(3000);
const index = indexOf(packages);
const sampleIds = packages.filter((_, n) => n % 37 === 0).map((p) => p.id);
const sampleInstanceIds = packages
  .filter((_, n) => n % 41 === 0)
  .map((p) => p.productInstances[0]!.instanceId);

type Sort = Array<{ fieldName: 'createdDate' | 'updatedDate'; order: 'ASC' | 'DESC' }>;

function expected(filter: (p: WixPackage) => boolean, scope: Set<string>, sort: Sort): string[] {
  const key = (p: WixPackage, field: 'createdDate' | 'updatedDate') => Date.parse(p[field]);
  return packages
    .filter((p) => scope.has(p.accountId) && filter(p))
    .sort((a, b) => {
      for (const clause of sort) {
        const diff = key(a, clause.fieldName) - key(b, clause.fieldName);
        if (diff !== 0) return clause.order === 'ASC' ? diff : -diff;
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((p) => p.id);
}

const wide = new Set(ACCOUNTS.slice(0, 3)); // about 1,800 packages: walks the ordering
const narrow = new Set(['acc-4']); // about 600 packages: sorts the scope's candidates
const DEFAULT: Sort = [{ fieldName: 'createdDate', order: 'DESC' }];

const cases: Array<
  [string, Record<string, unknown> | undefined, (p: WixPackage) => boolean, Set<string>, Sort]
> = [
  ['no filter, wide scope', undefined, () => true, wide, DEFAULT],
  ['no filter, narrow scope', undefined, () => true, narrow, DEFAULT],
  [
    'status filter, updatedDate ASC then createdDate DESC',
    { 'productInstances.status': { $hasSome: ['failed'] } },
    (p) => p.productInstances.some((i) => i.status === 'FAILED'),
    wide,
    [
      { fieldName: 'updatedDate', order: 'ASC' },
      { fieldName: 'createdDate', order: 'DESC' },
    ],
  ],
  [
    'id $in (index candidates)',
    { id: { $in: sampleIds } },
    (p) => sampleIds.includes(p.id),
    wide,
    [{ fieldName: 'updatedDate', order: 'DESC' }],
  ],
  [
    'instanceId $hasSome or site (index union)',
    {
      $or: [
        { 'productInstances.instanceId': { $hasSome: sampleInstanceIds } },
        { 'productInstances.siteId': { $hasSome: ['site-7'] } },
      ],
    },
    (p) =>
      p.productInstances.some(
        (i) => sampleInstanceIds.includes(i.instanceId) || i.siteId === 'site-7',
      ),
    wide,
    DEFAULT,
  ],
  [
    'date range with $not',
    {
      createdDate: { $gte: new Date(BASE + 100_000).toISOString() },
      $not: { accountId: 'acc-1' },
    },
    (p) => Date.parse(p.createdDate) >= BASE + 100_000 && p.accountId !== 'acc-1',
    wide,
    [{ fieldName: 'createdDate', order: 'ASC' }],
  ],
  [
    'createdDate window walked DESC',
    {
      createdDate: {
        $gt: new Date(BASE + 50_000).toISOString(),
        $lte: new Date(BASE + 300_000).toISOString(),
      },
    },
    (p) => Date.parse(p.createdDate) > BASE + 50_000 && Date.parse(p.createdDate) <= BASE + 300_000,
    wide,
    DEFAULT,
  ],
  [
    'updatedDate bounds with sub-millisecond values and $eq',
    {
      $and: [
        { updatedDate: { $gte: new Date(BASE + 10_000).toISOString().replace('Z', '1Z') } },
        { updatedDate: { $lt: new Date(BASE + 390_000).toISOString() } },
      ],
      $or: [
        { updatedDate: { $eq: new Date(BASE + 200_000).toISOString() } },
        { accountId: 'acc-2' },
      ],
    },
    (p) => {
      const updated = Date.parse(p.updatedDate);
      return (
        updated > BASE + 10_000 &&
        updated < BASE + 390_000 &&
        (updated === BASE + 200_000 || p.accountId === 'acc-2')
      );
    },
    wide,
    [{ fieldName: 'updatedDate', order: 'DESC' }],
  ],
];

describe.each(cases)('%s', (_name, filter, predicate, scope, sort) => {
  const want = expected(predicate, scope, sort);
  const base = { ...(filter ? { filter } : {}), sort };

  it('pages forward and back with cursors exactly like filter-then-sort', () => {
    const forward: string[] = [];
    const pages: string[][] = [];
    let response = run(index, { ...base, cursorPaging: { limit: 70 } }, { accountIds: scope });
    for (;;) {
      const page = response.packages.map((p) => p.id);
      pages.push(page);
      forward.push(...page);
      const next = response.metadata!.cursors!.next;
      if (!next) break;
      response = run(index, { cursorPaging: { cursor: next } }, { accountIds: scope });
    }
    expect(want.length).toBeGreaterThan(0);
    expect(forward).toEqual(want);

    for (let p = pages.length - 2; p >= 0; p--) {
      const prev = response.metadata!.cursors!.prev!;
      response = run(index, { cursorPaging: { cursor: prev } }, { accountIds: scope });
      expect(response.packages.map((x) => x.id)).toEqual(pages[p]);
    }
    expect(response.metadata!.cursors!.prev).toBeUndefined();
  });

  it('returns the same slice and total with offset paging', () => {
    const response = run(
      index,
      { ...base, paging: { limit: 50, offset: 20 } },
      { accountIds: scope },
    );
    expect(response.packages.map((p) => p.id)).toEqual(want.slice(20, 70));
    expect(response.metadata!.total).toBe(want.length);
  });
});
