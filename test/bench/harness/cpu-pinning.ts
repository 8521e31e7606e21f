/**
 * Core assignment of a benchmark run. On this 2-core machine: the load generator (this process)
 * and the emulator share the first core, and the server under test gets the second one alone,
 * so its latency and CPU figures are not disturbed by the load generator. The emulator is the
 * same for every target (and mostly idle at 20 ms upstream latency), so sharing a core with the
 * load generator costs every target alike. Target (a), the emulator over REST, is the exception:
 * there the emulator is itself the server under test and still shares the first core.
 */
import { execFileSync } from 'node:child_process';

export interface CorePlan {
  /** Whether processes are pinned at all. */
  readonly pinned: boolean;
  readonly loadGeneratorCore?: number;
  readonly emulatorCore?: number;
  readonly targetCore?: number;
  /** One line for the report: what was chosen and why. */
  readonly description: string;
}

function allowedCores(): number[] {
  const out = execFileSync('taskset', ['-cp', String(process.pid)]).toString();
  const list = out.slice(out.lastIndexOf(':') + 1).trim();
  const cores: number[] = [];
  for (const part of list.split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || Number.isNaN(from)) continue;
    for (let core = from; core <= (to ?? from); core++) cores.push(core);
  }
  return cores;
}

/**
 * Pins this process (all its threads) to the first allowed core and returns the plan for the
 * children, or an unpinned plan with the reason when `taskset` or a second core is missing.
 */
export function planAndPinCores(wanted: boolean): CorePlan {
  if (!wanted) return { pinned: false, description: 'pinning disabled (--no-pin)' };
  let cores: number[];
  try {
    cores = allowedCores();
  } catch {
    return { pinned: false, description: 'not pinned: taskset is not available' };
  }
  if (cores.length < 2) {
    return { pinned: false, description: `not pinned: only ${cores.length} core(s) available` };
  }
  const [shared, dedicated] = cores as [number, number];
  execFileSync('taskset', ['-a', '-cp', String(shared), String(process.pid)], { stdio: 'ignore' });
  return {
    pinned: true,
    loadGeneratorCore: shared,
    emulatorCore: shared,
    targetCore: dedicated,
    description:
      `load generator + emulator on core ${shared}, server under test alone on core ${dedicated}` +
      (cores.length > 2 ? ` (${cores.length} cores available; the rest unused)` : ''),
  };
}
