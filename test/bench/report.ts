/**
 * Turns the measured cells into the one table `npm run bench` prints, followed by the issue's
 * goals checked against it (gateway vs minimal proxy and vs the datasource-rest baseline,
 * upstream calls, latency added over REST at concurrency 1, RSS).
 */
import type { Measurement } from './harness/measure';
import { SCENARIOS, type Scenario } from './scenario-catalog';
import type { TargetId, TargetInfo } from './targets/targets';

export interface Cell {
  readonly latencyMs: number;
  readonly scenario: Scenario;
  readonly target: TargetInfo;
  readonly runs: readonly Measurement[];
  readonly skipped?: string;
  /**
   * Upstream calls of one operation sent alone (the probe before the runs): what batching
   * makes, without read coalescing joining calls of concurrent operations.
   */
  readonly callsAlone?: number;
}

const MB = 1024 * 1024;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function fmt(value: number | undefined, decimals: number): string {
  return value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(decimals);
}

function percent(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${(100 * value).toFixed(0)}%`;
}

function ms(value: number): string {
  return fmt(value, value < 10 ? 2 : 1);
}

/** "median (min–max)" when repeats differ, else just the value. */
function spread(values: readonly number[], format: (v: number) => string): string {
  if (values.length === 0) return 'n/a';
  const low = Math.min(...values);
  const high = Math.max(...values);
  const mid = format(median(values));
  return values.length > 1 ? `${mid} (${format(low)}–${format(high)})` : mid;
}

function definedValues(values: ReadonlyArray<number | undefined>): number[] {
  return values.filter((v): v is number => v !== undefined && !Number.isNaN(v));
}

/** Median of a statistic of a cell's runs. */
function stat(
  cell: Cell | undefined,
  pick: (m: Measurement) => number | undefined,
): number | undefined {
  if (!cell || cell.skipped || cell.runs.length === 0) return undefined;
  const values = definedValues(cell.runs.map(pick));
  return values.length ? median(values) : undefined;
}

function peakRss(cell: Cell | undefined): number | undefined {
  if (!cell || cell.skipped) return undefined;
  const values = definedValues(cell.runs.map((m) => m.maxRssBytes));
  return values.length ? Math.max(...values) : undefined;
}

function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function find(
  cells: readonly Cell[],
  latencyMs: number,
  scenarioId: string,
  target: TargetId,
): Cell | undefined {
  return cells.find(
    (c) => c.latencyMs === latencyMs && c.scenario.id === scenarioId && c.target.id === target,
  );
}

/** The results table (one row per latency × scenario × target). */
export function formatTable(cells: readonly Cell[]): string {
  const header = [
    'upstream',
    'scenario',
    'target',
    'ops/s med (min–max)',
    'p50 ms',
    'p99 ms',
    'Δp50 vs (a)',
    'CPU µs/op',
    'upstream/op',
    'RSS MB',
    'gen+emu core',
    '×proxy',
    '×baseline',
    'failed',
  ];
  const rows = cells.map((cell) => {
    const head = [`${cell.latencyMs} ms`, cell.scenario.id, cell.target.label];
    if (cell.skipped)
      return [...head, 'skipped (see below)', ...Array<string>(header.length - 4).fill('')];
    const ops = cell.runs.map((m) => m.opsPerSec);
    const ratio = (other: TargetId): string => {
      const base = stat(find(cells, cell.latencyMs, cell.scenario.id, other), (m) => m.opsPerSec);
      return base ? fmt(median(ops) / base, 2) : 'n/a';
    };
    const restP50 = stat(find(cells, cell.latencyMs, cell.scenario.id, 'rest'), (m) => m.p50Ms);
    const p50 = stat(cell, (m) => m.p50Ms);
    const rss = peakRss(cell);
    const failed = cell.runs.reduce((sum, m) => sum + m.failedOps, 0);
    return [
      ...head,
      spread(ops, (v) => fmt(v, 0)),
      spread(
        cell.runs.map((m) => m.p50Ms),
        ms,
      ),
      spread(
        cell.runs.map((m) => m.p99Ms),
        ms,
      ),
      restP50 === undefined || p50 === undefined
        ? 'n/a'
        : `${p50 - restP50 >= 0 ? '+' : ''}${ms(p50 - restP50)}`,
      fmt(
        stat(cell, (m) => m.cpuMicrosPerOp),
        0,
      ),
      fmt(
        stat(cell, (m) => m.upstreamCallsPerOp),
        2,
      ),
      rss === undefined ? 'n/a' : fmt(rss / MB, 0),
      percent(stat(cell, (m) => m.sharedCoreBusy)),
      ratio('proxy'),
      ratio('baseline'),
      String(failed),
    ];
  });
  const reasons = new Map<string, Set<string>>();
  for (const cell of cells) {
    if (!cell.skipped) continue;
    const key = `${cell.target.label}: ${cell.skipped}`;
    const where = reasons.get(key) ?? new Set<string>();
    where.add(`${cell.scenario.id}@${cell.latencyMs}ms`);
    reasons.set(key, where);
  }
  const notes = [...reasons].map(
    ([reason, where]) => `  skipped — ${reason}\n      (${[...where].join(', ')})`,
  );
  return [renderTable(header, rows), ...notes].join('\n');
}

interface Goal {
  readonly text: string;
  readonly verdict: 'PASS' | 'FAIL' | 'not measured';
  readonly detail: string;
}

/** The targets, checked at the lowest upstream latency measured (pure overhead). */
export function evaluateGoals(cells: readonly Cell[]): Goal[] {
  const latencies = [...new Set(cells.map((c) => c.latencyMs))].sort((a, b) => a - b);
  const overhead = latencies[0] ?? 0;
  const goals: Goal[] = [];
  const ratioGoal = (text: string, other: TargetId, minimum: number, scenario = 'single'): void => {
    const gateway = stat(find(cells, overhead, scenario, 'gateway'), (m) => m.opsPerSec);
    const base = stat(find(cells, overhead, scenario, other), (m) => m.opsPerSec);
    if (gateway === undefined || base === undefined) {
      goals.push({ text, verdict: 'not measured', detail: '' });
      return;
    }
    const ratio = gateway / base;
    goals.push({
      text,
      verdict: ratio >= minimum ? 'PASS' : 'FAIL',
      detail: `${ratio.toFixed(2)}× (${gateway.toFixed(0)} vs ${base.toFixed(0)} ops/s)`,
    });
  };
  for (const scenario of ['single', 'page100', 'aliases50']) {
    ratioGoal(`${scenario} @${overhead} ms: gateway ≥ 0.8× minimal proxy`, 'proxy', 0.8, scenario);
  }
  ratioGoal(`single @${overhead} ms: gateway ≥ 2× apollo+datasource-rest`, 'baseline', 2);
  for (const id of ['page100', 'page100-refs', 'aliases50']) {
    const expected = SCENARIOS.find((scenario) => scenario.id === id)?.expectedGatewayCalls;
    const gatewayCalls = latencies.map((l) =>
      stat(find(cells, l, id, 'gateway'), (m) => m.upstreamCallsPerOp),
    );
    const baselineCalls = stat(find(cells, overhead, id, 'baseline'), (m) => m.upstreamCallsPerOp);
    const measured = definedValues(gatewayCalls);
    const alone = definedValues(latencies.map((l) => find(cells, l, id, 'gateway')?.callsAlone));
    const text = `${id}: gateway makes ${expected} upstream call(s) per operation`;
    const baselineNote =
      baselineCalls === undefined ? '' : `; baseline ${baselineCalls.toFixed(2)}`;
    if (measured.length === 0 || alone.length === 0 || expected === undefined) {
      goals.push({ text, verdict: 'not measured', detail: baselineNote.slice(2) });
      continue;
    }
    // Alone, an operation makes exactly what batching gives; under load, read coalescing joins
    // identical calls of concurrent operations, so fewer (never more: operations cut off at
    // the end of a run can add a few hundredths, hence the rounding).
    const ok =
      alone.every((calls) => calls === expected) &&
      measured.every((calls) => Math.round(calls * 10) / 10 <= expected);
    goals.push({
      text,
      verdict: ok ? 'PASS' : 'FAIL',
      detail:
        `gateway alone ${alone.join(' / ')}, under load ` +
        `${measured.map((c) => c.toFixed(2)).join(' / ')}${baselineNote}`,
    });
  }
  const gatewayP50 = stat(find(cells, overhead, 'single-c1', 'gateway'), (m) => m.p50Ms);
  const restP50 = stat(find(cells, overhead, 'single-c1', 'rest'), (m) => m.p50Ms);
  const latencyText = `single-c1 @${overhead} ms: p50 added over the direct REST call < 1 ms`;
  if (gatewayP50 === undefined || restP50 === undefined)
    goals.push({ text: latencyText, verdict: 'not measured', detail: '' });
  else {
    const added = gatewayP50 - restP50;
    goals.push({
      text: latencyText,
      verdict: added < 1 ? 'PASS' : 'FAIL',
      detail: `+${added.toFixed(3)} ms (${gatewayP50.toFixed(3)} vs ${restP50.toFixed(3)})`,
    });
  }
  const rss = definedValues(cells.filter((c) => c.target.id === 'gateway').map(peakRss));
  const rssText = 'gateway RSS < 200 MB under load';
  if (rss.length === 0) goals.push({ text: rssText, verdict: 'not measured', detail: '' });
  else {
    const peak = Math.max(...rss) / MB;
    goals.push({
      text: rssText,
      verdict: peak < 200 ? 'PASS' : 'FAIL',
      detail: `peak ${peak.toFixed(0)} MB`,
    });
  }
  return goals;
}

/**
 * Where `single`'s CPU goes, per GraphQL target at the lowest latency: the fixed cost of any
 * request (`floor`, no upstream call) and what the lookup adds to it. Empty when either
 * scenario was not measured.
 */
export function formatLookupCosts(cells: readonly Cell[]): string {
  const overhead = Math.min(...cells.map((c) => c.latencyMs));
  const cpu = (scenarioId: string, target: TargetId): number | undefined =>
    stat(find(cells, overhead, scenarioId, target), (m) => m.cpuMicrosPerOp);
  const lines: string[] = [];
  for (const target of ['proxy', 'baseline', 'gateway'] as const) {
    const floor = cpu('floor', target);
    const single = cpu('single', target);
    if (floor === undefined || single === undefined) continue;
    const label = cells.find((c) => c.target.id === target)?.target.label ?? target;
    lines.push(
      `  ${label.padEnd(20)} floor ${fmt(floor, 0).padStart(5)}  + lookup ${fmt(single - floor, 0).padStart(5)}  = single ${fmt(single, 0).padStart(5)} CPU µs/op`,
    );
  }
  const proxySingle = cpu('single', 'proxy');
  if (lines.length > 0 && proxySingle !== undefined) {
    lines.push(
      `  0.8× the proxy's ops/s, with the server CPU-bound on its core, allows ≈ ${fmt(proxySingle / 0.8, 0)} CPU µs/op in all`,
    );
  }
  return lines.length === 0
    ? ''
    : [
        `single @${overhead} ms: fixed cost of a request (floor) and what the lookup adds:`,
        ...lines,
      ].join('\n');
}

/** The goals as lines. */
export function formatGoals(goals: readonly Goal[]): string {
  const width = Math.max(...goals.map((g) => g.text.length));
  return goals
    .map((g) => `  ${g.verdict.padEnd(12)} ${g.text.padEnd(width)}  ${g.detail}`.trimEnd())
    .join('\n');
}

/**
 * The garbage collection of each Node target (`--gc`, harness/gc-probe.ts): time spent
 * collecting per operation and its share of the target's CPU, and the collections of a run
 * (medians of the runs). Empty when no run measured it.
 */
export function formatGarbageCollection(cells: readonly Cell[]): string {
  const rows: string[][] = [];
  for (const cell of cells) {
    const micros = stat(cell, (m) => m.gc?.microsPerOp);
    if (micros === undefined) continue;
    const cpu = stat(cell, (m) => m.cpuMicrosPerOp);
    rows.push([
      `${cell.latencyMs} ms`,
      cell.scenario.id,
      cell.target.label,
      fmt(micros, 1),
      cpu === undefined || cpu === 0 ? 'n/a' : percent(micros / cpu),
      fmt(
        stat(cell, (m) => m.gc?.scavenges),
        0,
      ),
      fmt(
        stat(cell, (m) => m.gc?.fulls),
        0,
      ),
    ]);
  }
  if (rows.length === 0) return '';
  return [
    'garbage collection (--gc), medians of the runs:',
    renderTable(
      ['upstream', 'scenario', 'target', 'GC µs/op', 'of CPU', 'scavenges/run', 'full/run'],
      rows,
    ),
  ].join('\n');
}
