/**
 * `npm run bench -- --soak [--soak-minutes=N]`: a bounded soak of the gateway with upstream
 * fault injection on (1% hangs, 5% 503, 0.5% 429 with Retry-After). A mixed read workload
 * (single package, page with references, 50 aliases) runs in 30 s chunks until the time is up;
 * it reports the error rate seen by clients (non-2xx, GraphQL `errors`, no answer within 10 s)
 * and the gateway's RSS at start and end, then stops.
 */
import type { FaultRule } from '../../src/emulator';
import type { BenchOptions } from './bench-options';
import { startBenchEmulator } from './harness/bench-emulator';
import type { ChildRegistry } from './harness/child-processes';
import type { CorePlan } from './harness/cpu-pinning';
import { runLoad, type LoadRequest } from './harness/load-run';
import { memoryOf } from './harness/proc-stats';
import { SCENARIOS } from './scenario-catalog';
import { seedBenchData } from './seed-bench-data';
import { startTarget, TARGETS } from './targets/targets';

/** Evaluated in order; the first terminal rule that fires wins (see the emulator's injector). */
export const SOAK_FAULTS: readonly FaultRule[] = [
  { endpoint: '*', kind: 'hang', rate: 0.01 },
  { endpoint: '*', kind: 'error', status: 503, rate: 0.05 },
  { endpoint: '*', kind: 'rateLimit', rate: 0.005, retryAfterSeconds: 1 },
];

const SOAK_SCENARIOS = ['single', 'page100-refs', 'aliases50'];
const CHUNK_SEC = 30;
const MB = 1024 * 1024;

function rssMb(pid: number): string {
  const rss = memoryOf(pid)?.rss;
  return rss === undefined ? 'n/a' : `${(rss / MB).toFixed(0)} MB`;
}

/** Runs the soak (against the gateway unless told otherwise); throws when it cannot start. */
export async function runSoak(
  options: BenchOptions,
  registry: ChildRegistry,
  cores: CorePlan,
): Promise<void> {
  const emulator = await startBenchEmulator(registry, cores.emulatorCore);
  const bench = await seedBenchData(emulator.url, options.packages);
  const info = TARGETS.find((t) => t.id === options.soakTarget);
  if (!info || info.id === 'rest') throw new Error(`cannot soak target "${options.soakTarget}"`);
  // A hung upstream call is given up after 2 s (unless set otherwise) so that a retry fits in
  // the client's patience; the rest is the gateway's production configuration.
  const gatewayEnv = {
    UPSTREAM_HEADERS_TIMEOUT_MS: process.env.UPSTREAM_HEADERS_TIMEOUT_MS ?? '2000',
  };
  const started = await startTarget(info, {
    registry,
    emulator,
    core: cores.targetCore,
    gatewayEnv,
  });
  if (!('target' in started)) throw new Error(`soak: ${info.label} ${started.skipped}`);
  const target = started.target;
  const scenarios = SCENARIOS.filter((s) => SOAK_SCENARIOS.includes(s.id));
  for (const scenario of scenarios) {
    const problem = await target.probe(scenario, bench);
    if (problem) throw new Error(`${info.label} answers ${scenario.id} wrongly: ${problem}`);
  }
  const sequence: LoadRequest[] = scenarios.flatMap((s) => target.sequence(s, bench));
  const rssStart = rssMb(target.pid);
  await emulator.setFaults(SOAK_FAULTS);
  const totalSec = options.soakMinutes * 60;
  process.stderr.write(
    `soak: ${options.soakMinutes} min against ${info.label} (pid ${target.pid}), faults ${JSON.stringify(SOAK_FAULTS)}, ` +
      `upstream headers timeout ${gatewayEnv.UPSTREAM_HEADERS_TIMEOUT_MS} ms, RSS at start ${rssStart}\n`,
  );
  let ok = 0;
  let failed = 0;
  let timeouts = 0;
  let unanswered = 0;
  let peakRss = 0;
  const callsBefore = (await emulator.calls()).total;
  for (let elapsed = 0; elapsed < totalSec; elapsed += CHUNK_SEC) {
    const duration = Math.min(CHUNK_SEC, totalSec - elapsed);
    const result = await runLoad({
      origin: target.origin,
      sequence,
      connections: options.connections,
      durationSec: duration,
      timeoutSec: 10,
      independent: true,
    });
    ok += result.okOps;
    failed += result.failedOps;
    timeouts += result.timeouts;
    unanswered += Math.max(0, result.startedOps - result.okOps - result.failedOps);
    peakRss = Math.max(peakRss, memoryOf(target.pid)?.rss ?? 0);
    const rate = (100 * result.failedOps) / Math.max(1, result.okOps + result.failedOps);
    process.stderr.write(
      `  ${String(elapsed + duration).padStart(4)} s: ${result.opsPerSec.toFixed(0)} ok ops/s, ` +
        `client error rate ${rate.toFixed(2)}%, RSS ${rssMb(target.pid)}\n`,
    );
  }
  await emulator.setFaults([]);
  const calls = (await emulator.calls()).total - callsBefore;
  const total = ok + failed;
  process.stdout.write(
    [
      '',
      `soak of ${info.label} — ${options.soakMinutes} min, ${options.connections} connections, mixed ${SOAK_SCENARIOS.join(' / ')}`,
      `faults: 1% hang, 5% 503, 0.5% 429 (Retry-After 1 s) on every endpoint; upstream calls made: ${calls}`,
      `client requests: ${total}, failed: ${failed} (${timeouts} timed out after 10 s) → error rate ${((100 * failed) / Math.max(1, total)).toFixed(3)}%`,
      `still in flight when a 30 s chunk ended (not counted): ${unanswered}`,
      `${info.label} RSS: start ${rssStart}, end ${rssMb(target.pid)}, peak sampled ${(peakRss / MB).toFixed(0)} MB`,
      '',
    ].join('\n'),
  );
}
