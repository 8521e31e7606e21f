/**
 * Micro-benchmark of the emulator's Query Packages engine over 100,000 packages (1–3
 * instances each). Not a jest test. Run after `npx tsc -p /work/main`:
 *
 *   node dist/test/bench/emulator-query.js [--packages=N] [--seconds=S]
 *
 * Prints ops/sec and mean milliseconds per query for each scenario.
 */
import { executeQueryPackages, type QueryScope } from '../../src/emulator/query';
import { PackageIndex } from '../../src/emulator/store/package-index';
import type { WixInstanceStatus, WixPackage, WixQuery } from '../../src/wix/wire-types';

const STATUSES: WixInstanceStatus[] = [
  'PENDING',
  'ENABLED',
  'CANCELED',
  'FAILED',
  'AWAITING_ACTION',
];
const STATUS_WEIGHTS = [10, 70, 15, 3, 2]; // FAILED is the selective one
const ACCOUNTS = Array.from({ length: 21 }, (_, n) => `acc-${n}`); // a root and 20 sub-accounts

function option(name: string, fallback: number): number {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return flag ? Number(flag.split('=')[1]) : fallback;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
function randomSource(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) >>> 0;
  };
}

function weightedStatus(random: (n: number) => number): WixInstanceStatus {
  let roll = random(100);
  for (let i = 0; i < STATUSES.length; i++) {
    roll -= STATUS_WEIGHTS[i]!;
    if (roll < 0) return STATUSES[i]!;
  }
  return 'ENABLED';
}

function hex(random: (n: number) => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += random(16).toString(16);
  return text;
}

/** A flat string, like the ids `crypto.randomUUID()` or `JSON.parse` give the emulator. */
function guid(random: (n: number) => number): string {
  const text = `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-8${hex(random, 3)}-${hex(random, 12)}`;
  return Buffer.from(text, 'latin1').toString('latin1');
}

/** Packages created one after another (createdDate ascending), as the emulator does. */
function buildPackages(count: number): WixPackage[] {
  const random = randomSource(42);
  const start = Date.UTC(2023, 0, 1);
  return Array.from({ length: count }, (_, n) => {
    const created = new Date(start + n * 1000 + random(900)).toISOString();
    const updated = random(4) === 0 ? new Date(start + count * 1000 + n).toISOString() : created;
    return {
      id: guid(random),
      accountId: ACCOUNTS[random(ACCOUNTS.length)]!,
      externalId: `sub-${n}`,
      productInstances: Array.from({ length: 1 + random(3) }, () => ({
        instanceId: guid(random),
        catalogProductId: `prod-${random(20)}`,
        // Floating instances omit siteId, as the emulator does (never `undefined` or null).
        ...(random(2) === 0 ? { siteId: guid(random) } : {}),
        status: weightedStatus(random),
        countryCode: 'BR',
        billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
        createdDate: created,
        updatedDate: updated,
      })) as WixPackage['productInstances'],
      createdDate: created,
      updatedDate: updated,
    };
  });
}

interface Result {
  readonly name: string;
  readonly opsPerSec: number;
  readonly meanMs: number;
  readonly returned: number;
}

function measure(name: string, seconds: number, run: () => number): Result {
  const warmUntil = performance.now() + Math.min(500, seconds * 250);
  while (performance.now() < warmUntil) run();
  let operations = 0;
  let returned = 0;
  const started = performance.now();
  const stopAt = started + seconds * 1000;
  do {
    returned = run();
    operations++;
  } while (performance.now() < stopAt);
  const elapsed = performance.now() - started;
  return { name, opsPerSec: (operations * 1000) / elapsed, meanMs: elapsed / operations, returned };
}

function main(): void {
  const count = option('packages', 100_000);
  const seconds = option('seconds', 2);
  const scope: QueryScope = { accountIds: new Set(ACCOUNTS) };

  const packages = buildPackages(count);
  const buildStarted = performance.now();
  const index = new PackageIndex();
  for (const p of packages) index.put(p);
  const buildMs = performance.now() - buildStarted;
  if (index.size !== count)
    throw new Error(`expected ${count} distinct packages, got ${index.size}`);

  const random = randomSource(7);
  const pick = () => packages[random(packages.length)]!;
  const hundredIds = Array.from({ length: 100 }, () => pick().id);
  const hundredInstanceIds = Array.from(
    { length: 100 },
    () => pick().productInstances[0]!.instanceId,
  );
  const query = (q: WixQuery) => executeQueryPackages(index, { query: q }, scope);

  let cursor: string | undefined;
  for (let page = 1; page < 50; page++) {
    const response = query(cursor ? { cursorPaging: { cursor } } : {});
    cursor = response.metadata!.cursors!.next!;
  }
  const page50Cursor = cursor!;

  const scenarios: Array<[string, () => number]> = [
    ['id $in 100 ids', () => query({ filter: { id: { $in: hundredIds } } }).packages.length],
    [
      'instanceId $hasSome 100 ids',
      () =>
        query({ filter: { 'productInstances.instanceId': { $hasSome: hundredInstanceIds } } })
          .packages.length,
    ],
    ['default first page (100)', () => query({}).packages.length],
    [
      'page 50 via cursor (100)',
      () => query({ cursorPaging: { cursor: page50Cursor } }).packages.length,
    ],
    [
      'status $hasSome [FAILED] first page',
      () =>
        query({ filter: { 'productInstances.status': { $hasSome: ['FAILED'] } } }).packages.length,
    ],
    [
      'offset 5000 limit 100 with total',
      () => query({ paging: { limit: 100, offset: 5000 } }).packages.length,
    ],
    [
      'offset 5000 + status filter (full count)',
      () =>
        query({
          filter: { 'productInstances.status': { $hasSome: ['ENABLED'] } },
          paging: { limit: 100, offset: 5000 },
        }).packages.length,
    ],
  ];

  console.log(
    `emulator query benchmark: ${count} packages, index built in ${buildMs.toFixed(0)} ms`,
  );
  console.log(`node ${process.version}, ${seconds} s per scenario\n`);
  console.log(
    `${'scenario'.padEnd(40)}${'ops/sec'.padStart(12)}${'mean ms'.padStart(12)}${'rows'.padStart(7)}`,
  );
  for (const [name, run] of scenarios) {
    const result = measure(name, seconds, run);
    console.log(
      `${result.name.padEnd(40)}${result.opsPerSec.toFixed(0).padStart(12)}${result.meanMs
        .toFixed(3)
        .padStart(12)}${String(result.returned).padStart(7)}`,
    );
  }
}

main();
