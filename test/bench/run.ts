/**
 * `npm run bench`: starts the emulator in its own process, seeds it, starts every target in its
 * own process, runs each scenario against each target at each upstream latency with autocannon
 * (warm-up, then repeated measured runs), and prints one table with the issue's goals checked.
 * `--soak` runs the bounded fault-injection soak against the gateway instead.
 * Options: see bench-options.ts. Every child process is stopped at the end, on Ctrl-C and on
 * exceptions. Only 127.0.0.1 is used.
 */
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchOptions, type BenchOptions } from './bench-options';
import { startBenchEmulator, type BenchEmulator } from './harness/bench-emulator';
import { ChildRegistry } from './harness/child-processes';
import { planAndPinCores, type CorePlan } from './harness/cpu-pinning';
import { runLoad } from './harness/load-run';
import { measure, waitForQuiet, type Measurement } from './harness/measure';
import {
  evaluateGoals,
  formatGarbageCollection,
  formatGoals,
  formatLookupCosts,
  formatTable,
  type Cell,
} from './report';
import { SCENARIOS, type Scenario } from './scenario-catalog';
import { seedBenchData, type BenchData } from './seed-bench-data';
import { runDashboard } from './dashboard';
import { runSoak } from './soak';
import { startTarget, TARGETS, type RunningTarget, type TargetInfo } from './targets/targets';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Exact id match; a trailing `*` matches by prefix (`page*`). An empty filter matches all. */
function matches(filter: readonly string[], id: string): boolean {
  return (
    filter.length === 0 ||
    filter.some((f) => (f.endsWith('*') ? id.startsWith(f.slice(0, -1)) : id === f))
  );
}

async function startTargets(
  options: BenchOptions,
  registry: ChildRegistry,
  emulator: BenchEmulator,
  cores: CorePlan,
): Promise<{ running: RunningTarget[]; skipped: Map<TargetInfo, string> }> {
  const running: RunningTarget[] = [];
  const skipped = new Map<TargetInfo, string>();
  for (const info of TARGETS.filter((t) => matches(options.targetFilter, t.id))) {
    const started = await startTarget(info, {
      registry,
      emulator,
      core: cores.targetCore,
      ...(options.profileDir === undefined ? {} : { profileDir: options.profileDir }),
      ...(options.gc ? { gcDir: mkdtempSync(join(tmpdir(), 'bench-gc-')) } : {}),
    });
    if ('target' in started) {
      running.push(started.target);
      log(`started ${info.label} (pid ${started.target.pid}) at ${started.target.origin}`);
    } else {
      skipped.set(info, started.skipped);
      log(`SKIPPED ${info.label}: ${started.skipped}`);
    }
  }
  return { running, skipped };
}

async function measureScenario(
  options: BenchOptions,
  emulator: BenchEmulator,
  bench: BenchData,
  latencyMs: number,
  scenario: Scenario,
  targets: readonly RunningTarget[],
): Promise<Cell[]> {
  const cells: Cell[] = [];
  const live: RunningTarget[] = [];
  const callsAlone = new Map<RunningTarget, number>();
  for (const target of targets) {
    if (target.sequence(scenario, bench).length === 0) {
      // (a) for `floor`: there is no REST call to make.
      cells.push({ latencyMs, scenario, target: target.info, runs: [], skipped: 'not applicable' });
      continue;
    }
    const callsBefore = (await emulator.calls()).total;
    const problem = await target
      .probe(scenario, bench)
      .catch((e: Error) => `probe failed: ${e.message}`);
    callsAlone.set(target, (await emulator.calls()).total - callsBefore);
    if (problem) {
      log(`  ${target.info.label}: wrong answer, skipped: ${problem}`);
      cells.push({
        latencyMs,
        scenario,
        target: target.info,
        runs: [],
        skipped: `wrong answer: ${problem}`,
      });
    } else live.push(target);
  }
  const connections = scenario.connections ?? options.connections;
  for (const target of live) {
    await runLoad({
      origin: target.origin,
      sequence: target.sequence(scenario, bench),
      connections,
      durationSec: options.warmupSec,
    });
    await waitForQuiet(emulator, target.pid, latencyMs);
  }
  const runs = new Map<RunningTarget, Measurement[]>(live.map((t) => [t, []]));
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    // Rotate the order so no target always runs right after the same neighbour.
    const order = live.map((_, i) => live[(i + repeat) % live.length] as RunningTarget);
    for (const target of order) {
      const result = await measure({
        origin: target.origin,
        pid: target.pid,
        sequence: target.sequence(scenario, bench),
        connections,
        durationSec: options.durationSec,
        emulator,
        upstreamLatencyMs: latencyMs,
        ...(target.gcFile === undefined ? {} : { gcFile: target.gcFile }),
      });
      runs.get(target)?.push(result);
      log(
        `  [${latencyMs} ms] ${scenario.id} ${target.info.label} run ${repeat + 1}/${options.repeats}: ` +
          `${result.opsPerSec.toFixed(0)} ops/s, p50 ${result.p50Ms.toFixed(2)} ms, ` +
          `${result.upstreamCallsPerOp.toFixed(2)} upstream/op${result.failedOps ? `, ${result.failedOps} failed` : ''}`,
      );
    }
  }
  for (const target of live)
    cells.push({
      latencyMs,
      scenario,
      target: target.info,
      runs: runs.get(target) ?? [],
      ...(callsAlone.has(target) && { callsAlone: callsAlone.get(target) }),
    });
  return cells;
}

function sortCells(cells: Cell[], scenarios: readonly Scenario[]): Cell[] {
  const targetIndex = (c: Cell): number => TARGETS.findIndex((t) => t.id === c.target.id);
  return cells.sort(
    (a, b) =>
      a.latencyMs - b.latencyMs ||
      scenarios.indexOf(a.scenario) - scenarios.indexOf(b.scenario) ||
      targetIndex(a) - targetIndex(b),
  );
}

async function runTable(
  options: BenchOptions,
  registry: ChildRegistry,
  cores: CorePlan,
  cpuCount: number,
): Promise<void> {
  const scenarios = SCENARIOS.filter((s) => matches(options.scenarioFilter, s.id));
  if (scenarios.length === 0)
    throw new Error(`no scenario matches ${options.scenarioFilter.join(',')}`);
  const emulator = await startBenchEmulator(registry, cores.emulatorCore);
  log(`emulator (pid ${emulator.child.pid}) at ${emulator.url}`);
  const { running, skipped } = await startTargets(options, registry, emulator, cores);
  const cells: Cell[] = [];
  const started = Date.now();
  for (const latencyMs of options.latenciesMs) {
    // A fresh data set per latency: the create scenario adds packages to the first page.
    await emulator.setLatency(0);
    await emulator.reset();
    const bench = await seedBenchData(emulator.url, options.packages);
    await emulator.setLatency(latencyMs);
    log(`[${latencyMs} ms upstream latency] seeded ${bench.packageCount} packages`);
    for (const scenario of scenarios) {
      if (scenario.upstreamFree && latencyMs !== Math.min(...options.latenciesMs)) continue;
      for (const [info, reason] of skipped)
        cells.push({ latencyMs, scenario, target: info, runs: [], skipped: reason });
      cells.push(
        ...(await measureScenario(options, emulator, bench, latencyMs, scenario, running)),
      );
    }
  }
  await emulator.setLatency(0);
  sortCells(cells, scenarios);
  const elapsed = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(
    [
      '',
      `packages-gateway benchmark — node ${process.version}, ${cpuCount} cores, ${elapsed} s`,
      `cores: ${cores.description}`,
      `per measurement: ${options.durationSec} s × ${options.repeats} repeats after ${options.warmupSec} s warm-up, ` +
        `${options.connections} connections (single-c1: 1); ${cells.find((c) => !c.skipped)?.runs.length ?? 0} runs shown as median (min–max)`,
      'ops/s = operations answered without error per second; an operation of (a) may be several REST calls',
      'CPU µs/op and RSS are of the server under test (for (a): the emulator); upstream/op = emulator API calls per operation',
      "×proxy / ×baseline = this row's ops/s divided by (b) / (c) in the same scenario and latency",
      'gen+emu core = CPU of the load generator + emulator as a share of one core (they share one when pinned);' +
        ' near 100% that core, not the server under test, limits ops/s',
      '',
      formatTable(cells),
      '',
      'goals (issue targets):',
      formatGoals(evaluateGoals(cells)),
      '',
      formatLookupCosts(cells),
      '',
      ...(options.gc ? [formatGarbageCollection(cells), ''] : []),
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  const cpuCount = availableParallelism(); // read before pinning narrows it to one core
  const cores = planAndPinCores(options.pin);
  const registry = new ChildRegistry(cores.pinned);
  registry.installExitHandlers();
  log(`bench: ${cores.description}`);
  try {
    if (options.soak) await runSoak(options, registry, cores);
    else if (options.dashboard) await runDashboard(options, registry, cores);
    else await runTable(options, registry, cores, cpuCount);
  } finally {
    await registry.killAll();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
    process.exit(1);
  },
);
