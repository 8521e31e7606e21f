/**
 * One measured run of one scenario against one target: load from autocannon, plus the
 * server-side costs around it — CPU time of the server under test (from /proc), its peak RSS,
 * and the upstream calls the emulator received — divided per operation.
 */
import type { BenchEmulator } from './bench-emulator';
import { runLoad, type LoadRequest } from './load-run';
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
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the load once and reads the counters before and after. */
export async function measure(input: MeasureInput): Promise<Measurement> {
  const callsBefore = (await input.emulator.calls()).total;
  const cpuBefore = cpuMicros(input.pid);
  const rss = sampleMaxRss(input.pid);
  const load = await runLoad({
    origin: input.origin,
    sequence: input.sequence,
    connections: input.connections,
    durationSec: input.durationSec,
  });
  // Operations cut off by the end of the run are still being served: let them finish so
  // their CPU and upstream calls are attributed to the operations counted as started.
  await sleep(100 + 4 * input.upstreamLatencyMs);
  const maxRssBytes = rss.stop();
  const cpuAfter = cpuMicros(input.pid);
  const callsAfter = (await input.emulator.calls()).total;
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
  };
}
