/**
 * Preloaded into a target process by `npm run bench -- --gc` (`node -r`): adds up the time V8
 * spent collecting garbage, by kind, from Node's `gc` performance entries, and writes the
 * totals as JSON to `$BENCH_GC_FILE` whenever the process receives SIGUSR2. The bench reads them
 * before and after each measured run (measure.ts), so a collector that works harder in one
 * target than in another shows as its own figure instead of hiding in the CPU column: that is
 * how a `WeakMap` promoting every page into the old generation was found (README,
 * Performance).
 */
import { writeFileSync } from 'node:fs';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** Milliseconds and counts of collections so far. */
export interface GcTotals {
  readonly scavengeMs: number;
  readonly scavenges: number;
  /** Mark-compact, including its incremental marking steps. */
  readonly fullMs: number;
  readonly fulls: number;
}

const totals = { scavengeMs: 0, scavenges: 0, fullMs: 0, fulls: 0 };

function add(entries: readonly PerformanceEntry[]): void {
  for (const entry of entries) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
      totals.scavengeMs += entry.duration;
      totals.scavenges += 1;
    } else if (
      kind === constants.NODE_PERFORMANCE_GC_MAJOR ||
      kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL
    ) {
      totals.fullMs += entry.duration;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) totals.fulls += 1;
    }
  }
}

const file = process.env.BENCH_GC_FILE;
if (file !== undefined && file !== '') {
  const observer = new PerformanceObserver((list) => add(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  process.on('SIGUSR2', () => {
    // Entries not yet delivered to the callback are taken now, so the totals are current.
    add(observer.takeRecords());
    writeFileSync(file, JSON.stringify(totals));
  });
}
