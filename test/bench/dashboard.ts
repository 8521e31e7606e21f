/**
 * `npm run bench -- --dashboard`: N simulated users (N = 1, 10, 100 by default) each refreshing
 * the same dashboard query every `--dashboard-refresh-ms`, while one writer changes a package
 * of the dashboard every `--dashboard-change-ms` through the gateway. Run against the gateway
 * with the entity cache off (`ENTITY_CACHE_TTL_MS=0`) and on (its default TTL), both under the
 * production upstream budget (200 calls a minute). The table shows, per N: upstream calls per
 * minute (counted by the emulator, writes included), the client latency of the refreshes and
 * how many failed (over budget: `UPSTREAM_RATE_LIMITED`). Goal: flat in N with the cache on,
 * never above the budget.
 */
import { performance } from 'node:perf_hooks';
import type { BenchOptions } from './bench-options';
import { startBenchEmulator, type BenchEmulator } from './harness/bench-emulator';
import type { ChildRegistry } from './harness/child-processes';
import type { CorePlan } from './harness/cpu-pinning';
import { seedBenchData, type BenchData } from './seed-bench-data';
import { isRedisServerInstalled, startRedisServer } from '../helpers/redis-server';
import { gatewayAuthHeaders } from './targets/gateway-auth';
import { startTarget, TARGETS, type RunningTarget } from './targets/targets';

/** What a reseller's dashboard shows: the newest packages with their instances and a total. */
export const DASHBOARD_QUERY = `query Dashboard {
  packages(first: 20) {
    totalCount
    edges {
      node {
        id
        externalId
        updatedDate
        instanceCounts { total enabled failed }
        productInstances { instanceId catalogProductId status siteId }
      }
    }
  }
}`;

const RENAME = `mutation Rename($id: ID!, $externalId: String!) {
  updatePackageExternalId(packageId: $id, externalId: $externalId) { package { id } }
}`;

/** The budget Wix documents, which the gateway enforces by default against a real upstream. */
const BUDGET_PER_MINUTE = 200;

interface DashboardRow {
  readonly cache: string;
  readonly users: number;
  readonly seconds: number;
  readonly refreshes: number;
  readonly failed: number;
  readonly upstreamCalls: number;
  readonly upstreamPerMinute: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function post(
  origin: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return response.ok && !text.includes('"errors":');
  } catch {
    return false;
  }
}

/** N users refreshing for `seconds`, one writer changing a package; measured. */
async function runUsers(
  target: RunningTarget,
  emulator: BenchEmulator,
  bench: BenchData,
  options: BenchOptions,
  users: number,
  auth: Record<string, string>,
): Promise<Omit<DashboardRow, 'cache'>> {
  const latencies: number[] = [];
  let failed = 0;
  const refreshMs = options.dashboardRefreshMs;
  const seconds = options.durationSec;
  const before = (await emulator.calls()).total;
  const started = performance.now();
  const endAt = started + seconds * 1000;
  const user = async (): Promise<void> => {
    // Users do not refresh in lockstep: each starts at its own point of the interval.
    await sleep(Math.random() * refreshMs);
    while (performance.now() < endAt) {
      const sent = performance.now();
      const ok = await post(target.origin, auth, { query: DASHBOARD_QUERY });
      if (ok) latencies.push(performance.now() - sent);
      else failed++;
      await sleep(sent + refreshMs - performance.now());
    }
  };
  const writer = async (): Promise<void> => {
    let version = 0;
    const changed = bench.firstPage[0]?.id ?? bench.singlePackageId;
    for (;;) {
      await sleep(options.dashboardChangeMs);
      if (performance.now() >= endAt) return;
      await post(target.origin, auth, {
        query: RENAME,
        variables: { id: changed, externalId: `dashboard-${Date.now()}-${++version}` },
      });
    }
  };
  await Promise.all([...Array.from({ length: users }, user), writer()]);
  const elapsedSec = (performance.now() - started) / 1000;
  const calls = (await emulator.calls()).total - before;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    users,
    seconds: elapsedSec,
    refreshes: latencies.length + failed,
    failed,
    upstreamCalls: calls,
    upstreamPerMinute: (calls / elapsedSec) * 60,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

function formatRows(rows: readonly DashboardRow[]): string {
  const header = [
    'cache',
    'users',
    'refreshes',
    'failed',
    'upstream calls',
    'upstream/min',
    'p50 ms',
    'p99 ms',
  ];
  const lines = rows.map((row) => [
    row.cache,
    String(row.users),
    String(row.refreshes),
    String(row.failed),
    String(row.upstreamCalls),
    row.upstreamPerMinute.toFixed(0),
    row.p50Ms.toFixed(1),
    row.p99Ms.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [format(header), ...lines.map(format)].join('\n');
}

/** The gateway settings compared, one gateway process each. */
interface CacheSetting {
  readonly cache: string;
  readonly env: Readonly<Record<string, string>>;
}

/** Every N against one gateway started with `setting`. */
async function runSetting(
  setting: CacheSetting,
  context: { registry: ChildRegistry; emulator: BenchEmulator; cores: CorePlan; bench: BenchData },
  options: BenchOptions,
  auth: Record<string, string>,
): Promise<DashboardRow[]> {
  const info = TARGETS.find((t) => t.id === 'gateway');
  if (info === undefined) throw new Error('no gateway target');
  const started = await startTarget(info, {
    registry: context.registry,
    emulator: context.emulator,
    core: context.cores.targetCore,
    gatewayEnv: { ...setting.env, UPSTREAM_RATE_LIMIT_PER_MINUTE: String(BUDGET_PER_MINUTE) },
  });
  if (!('target' in started)) throw new Error(`dashboard: gateway ${started.skipped}`);
  const target = started.target;
  const rows: DashboardRow[] = [];
  try {
    for (const users of options.dashboardUsers) {
      // Lets the previous row's last requests finish before this row's count starts.
      await sleep(options.dashboardPauseMs);
      const measured = await runUsers(
        target,
        context.emulator,
        context.bench,
        options,
        users,
        auth,
      );
      const row = { cache: setting.cache, ...measured };
      rows.push(row);
      process.stderr.write(
        `  cache ${row.cache}, ${users} users: ${row.upstreamPerMinute.toFixed(0)} upstream/min, ` +
          `p50 ${row.p50Ms.toFixed(1)} ms, ${row.failed} failed of ${row.refreshes}\n`,
      );
    }
  } finally {
    await target.stop();
  }
  return rows;
}

/** Runs the dashboard table: cache off, on in-process, and on in Redis (when installed). */
export async function runDashboard(
  options: BenchOptions,
  registry: ChildRegistry,
  cores: CorePlan,
): Promise<void> {
  const emulator = await startBenchEmulator(registry, cores.emulatorCore);
  const bench = await seedBenchData(emulator.url, options.packages);
  const auth = await gatewayAuthHeaders();
  const ttl = process.env.ENTITY_CACHE_TTL_MS ?? '30000';
  const settings: CacheSetting[] = [
    { cache: 'off', env: { ENTITY_CACHE_TTL_MS: '0' } },
    { cache: 'on, in-process', env: { ENTITY_CACHE_TTL_MS: ttl } },
  ];
  // The Redis twin too, over a private redis-server, when the binary is installed.
  const redis = isRedisServerInstalled() ? await startRedisServer() : undefined;
  if (redis !== undefined) {
    settings.push({ cache: 'on, Redis', env: { ENTITY_CACHE_TTL_MS: ttl, REDIS_URL: redis.url } });
  } else process.stderr.write('dashboard: redis-server is not installed: no Redis rows\n');
  const rows: DashboardRow[] = [];
  try {
    for (const setting of settings) {
      rows.push(
        ...(await runSetting(setting, { registry, emulator, cores, bench }, options, auth)),
      );
    }
  } finally {
    await redis?.stop();
  }
  process.stdout.write(
    [
      '',
      `dashboard — each user refreshes every ${options.dashboardRefreshMs} ms for ${options.durationSec} s; ` +
        `one package of the page changes every ${options.dashboardChangeMs} ms (a write through the gateway); ` +
        `cache TTL ${ttl} ms; upstream budget ${BUDGET_PER_MINUTE}/min`,
      'upstream calls = emulator API calls during the row (the writes included); upstream/min = the same per minute;' +
        ' failed = refreshes answered with an error (over budget: UPSTREAM_RATE_LIMITED).' +
        " The budget is counted in whole minutes (50 % of it per account), so a row of a few seconds may spend a minute's share at once",
      '',
      formatRows(rows),
      '',
    ].join('\n'),
  );
}
