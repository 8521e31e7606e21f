/**
 * Keeps the process within a memory budget under load. A gateway's live heap is small (about
 * 30 MB) but every request promotes short-lived objects (upstream pages, mapped objects,
 * response text) to the old generation; V8 then lets that generation grow to up to 4× the live
 * size before collecting, which put the process above 300 MB of RSS on pages of 100 packages.
 * A smaller growing factor makes full collections come sooner: far less memory for some CPU on
 * page-heavy traffic (README, Performance). V8 reads the flag whenever it sizes the heap, so it
 * can be set at start, before the heap has grown.
 */
import { setFlagsFromString } from 'node:v8';

/** Applies `--heap-growing-percent`; 0 keeps V8's default heuristic. */
export function applyHeapGrowingPercent(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0) throw new Error('invalid heap growing percent');
  if (percent === 0) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
