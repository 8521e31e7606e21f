/**
 * The bench's side of gc-probe.ts: asks a target for its collector's totals (SIGUSR2) and
 * reads the file it writes.
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import type { GcTotals } from './gc-probe';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the totals of the process `pid` that writes `file`; undefined when it did not answer. */
export async function readGcTotals(pid: number, file: string): Promise<GcTotals | undefined> {
  rmSync(file, { force: true });
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return undefined;
  }
  for (let waited = 0; waited < 2_000; waited += 10) {
    await sleep(10);
    try {
      if (statSync(file).size > 0) return JSON.parse(readFileSync(file, 'utf8')) as GcTotals;
    } catch {
      // not written yet (or half written): wait on
    }
  }
  return undefined;
}
