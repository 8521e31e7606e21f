/**
 * One measured run of one scenario against one target: load from autocannon, plus the
 * server-side costs around it — CPU time of the server under test (from /proc), its peak RSS,
 * and the upstream calls the emulator received — divided per operation.
 */
import type { BenchEmulator } from './bench-emulator';
import { runLoad, type LoadRequest } from './load-run';
import { readGcTotals } from './gc-reading';
import { cpuMicros, sampleMaxRss } from './proc-stats';

export interface Measurement {
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly okOps: number;
  readonly failedOps: number;
  /** CPU time of the server under test per started operation, µs. */
  readonly cpuMicrosPerOp: number | undefined;
  /** Emulator API calls per started operation. */
  readonly upstreamCallsPerOp: number;
  /** Highest RSS of the server under test seen during the run, bytes. */
  readonly maxRssBytes: number | undefined;
  /**
   * Share of one core used by the load generator (this process) plus the emulator during the
   * run, 0..1. Near 1 on a pinned run, the shared core — not the server under test — limits
   * the throughput, and ratios between targets are compressed.
   */
  readonly sharedCoreBusy: number | undefined;
  /** Garbage collection of the server under test per started operation (`--gc`). */
  readonly gc?: {
    /** Time spent collecting, µs per operation. */
    readonly microsPerOp: number;
    /** Young-generation collections, and full ones (mark-compact), in the run. */
    readonly scavenges: number;
    readonly fulls: number;
  };
}

export interface MeasureInput {
  readonly origin: string;
  readonly pid: number;
  readonly sequence: readonly LoadRequest[];
  readonly connections: number;
  readonly durationSec: number;
  readonly emulator: BenchEmulator;
  /** Upstream latency in force; in-flight work gets time to finish before counters are read. */
  readonly upstreamLatencyMs: number;
  /** The target's garbage-collection totals file, when it runs the probe (`--gc`). */
  readonly gcFile?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the server under test has finished the operations the load generator abandoned
 * when its run ended: until, over a quiet period (at least one upstream round trip), the
 * emulator saw no new API call and the server used under 5% of a core — or 15 s passed.
 * Without it, a slow target's leftovers would be counted in the next target's run.
 */
export async function waitForQuiet(
  emulator: BenchEmulator,
  serverPid: number,
  upstreamLatencyMs: number,
): Promise<void> {
  const quietMs = 100 + 2 * upstreamLatencyMs;
  const deadline = Date.now() + 15_000;
  let calls = (await emulator.calls()).total;
  let cpu = cpuMicros(serverPid) ?? 0;
  while (Date.now() < deadline) {
    await sleep(quietMs);
    const callsNow = (await emulator.calls()).total;
    const cpuNow = cpuMicros(serverPid) ?? 0;
    if (callsNow === calls && cpuNow - cpu < 0.05 * quietMs * 1000) return;
    calls = callsNow;
    cpu = cpuNow;
  }
}

/** CPU µs used so far by this process (the load generator) and the emulator: the shared core. */
function sharedCoreMicros(emulatorPid: number): number | undefined {
  const self = process.cpuUsage();
  const emulator = cpuMicros(emulatorPid);
  return emulator === undefined ? undefined : self.user + self.system + emulator;
}

/** Runs the load once and reads the counters before and after. */
export async function measure(input: MeasureInput): Promise<Measurement> {
  const callsBefore = (await input.emulator.calls()).total;
  const cpuBefore = cpuMicros(input.pid);
  const rss = sampleMaxRss(input.pid);
  const emulatorPid = input.emulator.child.pid;
  const sharedBefore = sharedCoreMicros(emulatorPid);
  const gcBefore =
    input.gcFile === undefined ? undefined : await readGcTotals(input.pid, input.gcFile);
  const loadStarted = performance.now();
  const load = await runLoad({
    origin: input.origin,
    sequence: input.sequence,
    connections: input.connections,
    durationSec: input.durationSec,
  });
  const loadMicros = (performance.now() - loadStarted) * 1000;
  const sharedAfter = sharedCoreMicros(emulatorPid);
  // Operations cut off by the end of the run are still being served: let them finish so
  // their CPU and upstream calls are attributed to the operations counted as started.
  await waitForQuiet(input.emulator, input.pid, input.upstreamLatencyMs);
  const maxRssBytes = rss.stop();
  const cpuAfter = cpuMicros(input.pid);
  const callsAfter = (await input.emulator.calls()).total;
  const gcAfter =
    input.gcFile === undefined ? undefined : await readGcTotals(input.pid, input.gcFile);
  const started = Math.max(1, load.startedOps);
  return {
    opsPerSec: load.opsPerSec,
    p50Ms: load.latencyMs.p50,
    p99Ms: load.latencyMs.p99,
    okOps: load.okOps,
    failedOps: load.failedOps,
    cpuMicrosPerOp:
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : (cpuAfter - cpuBefore) / started,
    upstreamCallsPerOp: (callsAfter - callsBefore) / started,
    maxRssBytes,
    sharedCoreBusy:
      sharedBefore === undefined || sharedAfter === undefined
        ? undefined
        : (sharedAfter - sharedBefore) / loadMicros,
    ...(gcBefore === undefined || gcAfter === undefined
      ? {}
      : {
          gc: {
            microsPerOp:
              ((gcAfter.scavengeMs + gcAfter.fullMs - gcBefore.scavengeMs - gcBefore.fullMs) *
                1000) /
              started,
            scavenges: gcAfter.scavenges - gcBefore.scavenges,
            fulls: gcAfter.fulls - gcBefore.fulls,
          },
        }),
  };
}
