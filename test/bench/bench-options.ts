/**
 * Command-line and environment options of `npm run bench`. Flags win over environment variables.
 *
 *   --quick            | BENCH_QUICK=1        1 s measurements, 0.5 s warm-up, 2 repeats
 *   --soak             | BENCH_SOAK=1         run the bounded soak against the gateway instead
 *   --soak-minutes=N   | BENCH_SOAK_MINUTES   soak length (default 3)
 *   --dashboard        | BENCH_DASHBOARD=1    run the dashboard table instead (dashboard.ts; also
 *                                           `--scenarios=dashboard`): N users
 *                                           refreshing one query, entity cache off and on
 *   --dashboard-users=1,10,100 | BENCH_DASHBOARD_USERS   the N of each row
 *   --dashboard-refresh-ms=MS  | BENCH_DASHBOARD_REFRESH_MS  each user's refresh interval (1000)
 *   --dashboard-change-ms=MS   | BENCH_DASHBOARD_CHANGE_MS   a package changes this often (2000)
 *   --soak-target=ID   | BENCH_SOAK_TARGET    target of the soak (default gateway; e.g. proxy to
 *                                           see the raw fault rate without retries)
 *   --scenarios=a,b    | BENCH_SCENARIOS      only these scenario ids (`page*` = prefix); see
 *                                           scenario-catalog.ts: single, single-c1, page100,
 *                                           page100-refs, aliases50, create
 *   --targets=a,b      | BENCH_TARGETS        only these target ids (rest,proxy,baseline,gateway)
 *   --latencies=0,20   | BENCH_LATENCIES      upstream latencies in ms to run at
 *   --duration=S       | BENCH_DURATION       seconds per measurement (default 5)
 *   --warmup=S         | BENCH_WARMUP         seconds of warm-up before each measured series
 *   --repeats=N        | BENCH_REPEATS        measured runs per cell (default 3)
 *   --connections=N    | BENCH_CONNECTIONS    concurrent connections of the load generator (default 10)
 *   --packages=N       | BENCH_PACKAGES       packages seeded into the emulator (default 300)
 *   --no-pin           | BENCH_NO_PIN=1       do not pin processes to cores
 *   --profile=DIR      | BENCH_PROFILE        run the proxy, baseline and gateway under
 *                                           `node --cpu-prof`, writing a .cpuprofile per
 *                                           process into DIR when the run stops them
 *   --gc               | BENCH_GC=1           also report the time each Node target spent
 *                                           collecting garbage (harness/gc-probe.ts)
 */

export interface BenchOptions {
  readonly quick: boolean;
  readonly soak: boolean;
  readonly soakMinutes: number;
  readonly soakTarget: string;
  readonly dashboard: boolean;
  readonly dashboardUsers: readonly number[];
  readonly dashboardRefreshMs: number;
  readonly dashboardChangeMs: number;
  /** Pause between rows, so one row's requests never spill into the next. */
  readonly dashboardPauseMs: number;
  readonly scenarioFilter: readonly string[];
  readonly targetFilter: readonly string[];
  readonly latenciesMs: readonly number[];
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly repeats: number;
  readonly connections: number;
  readonly packages: number;
  readonly pin: boolean;
  /** Directory for CPU profiles of the GraphQL targets; undefined = no profiling. */
  readonly profileDir: string | undefined;
  /** Report the garbage collection of the proxy, baseline and gateway (harness/gc-probe.ts). */
  readonly gc: boolean;
}

type Source = Readonly<Record<string, string | undefined>>;

function flagsOf(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq === -1) flags.set(arg.slice(2), 'true');
    else flags.set(arg.slice(2, eq), arg.slice(eq + 1));
  }
  return flags;
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new Error(`bench option ${name} must be a positive number, got "${value}"`);
  }
  return parsed;
}

function dashboardUsers(value: string | undefined): number[] {
  const users = list(value).map((item) => {
    const n = Number(item);
    if (!Number.isInteger(n) || n < 1) throw new Error(`bad dashboard user count "${item}"`);
    return n;
  });
  return users.length > 0 ? users : [1, 10, 100];
}

/** Parses `argv` (without node and script) and the environment into options. */
export function parseBenchOptions(argv: readonly string[], env: Source): BenchOptions {
  const flags = flagsOf(argv);
  const pick = (flag: string, variable: string): string | undefined =>
    flags.get(flag) ?? env[variable];
  const quick = truthy(pick('quick', 'BENCH_QUICK'));
  const latencies = list(pick('latencies', 'BENCH_LATENCIES')).map((item) => {
    const ms = Number(item);
    if (!Number.isInteger(ms) || ms < 0) throw new Error(`bad latency "${item}" (integer ms)`);
    return ms;
  });
  return {
    quick,
    soak: truthy(pick('soak', 'BENCH_SOAK')),
    soakMinutes: positiveNumber('soak-minutes', pick('soak-minutes', 'BENCH_SOAK_MINUTES'), 3),
    soakTarget: pick('soak-target', 'BENCH_SOAK_TARGET') ?? 'gateway',
    // `--scenarios=dashboard` names it like the table's scenarios.
    dashboard:
      truthy(pick('dashboard', 'BENCH_DASHBOARD')) ||
      list(pick('scenarios', 'BENCH_SCENARIOS')).includes('dashboard'),
    dashboardUsers: dashboardUsers(pick('dashboard-users', 'BENCH_DASHBOARD_USERS')),
    dashboardRefreshMs: positiveNumber(
      'dashboard-refresh-ms',
      pick('dashboard-refresh-ms', 'BENCH_DASHBOARD_REFRESH_MS'),
      1000,
    ),
    dashboardChangeMs: positiveNumber(
      'dashboard-change-ms',
      pick('dashboard-change-ms', 'BENCH_DASHBOARD_CHANGE_MS'),
      2000,
    ),
    dashboardPauseMs: 1000,
    scenarioFilter: list(pick('scenarios', 'BENCH_SCENARIOS')),
    targetFilter: list(pick('targets', 'BENCH_TARGETS')),
    latenciesMs: latencies.length > 0 ? latencies : [0, 20],
    durationSec: positiveNumber('duration', pick('duration', 'BENCH_DURATION'), quick ? 1 : 5),
    warmupSec: positiveNumber('warmup', pick('warmup', 'BENCH_WARMUP'), quick ? 0.5 : 2),
    repeats: Math.round(positiveNumber('repeats', pick('repeats', 'BENCH_REPEATS'), quick ? 2 : 3)),
    connections: Math.round(
      positiveNumber('connections', pick('connections', 'BENCH_CONNECTIONS'), 10),
    ),
    packages: Math.round(positiveNumber('packages', pick('packages', 'BENCH_PACKAGES'), 300)),
    pin: !truthy(pick('no-pin', 'BENCH_NO_PIN')),
    profileDir: pick('profile', 'BENCH_PROFILE') || undefined,
    gc: truthy(pick('gc', 'BENCH_GC')),
  };
}
