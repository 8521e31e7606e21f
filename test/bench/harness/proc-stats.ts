/**
 * CPU time and memory of another process, read from Linux's /proc (no cooperation from the
 * process needed, so it works the same for every target, including `dist/src/main.js`).
 * On systems without /proc every reader returns `undefined` and the table shows "n/a".
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicksPerSecond: number | undefined;

function ticksPerSecond(): number {
  if (clockTicksPerSecond === undefined) {
    try {
      clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      clockTicksPerSecond = 100; // the Linux default (USER_HZ)
    }
  }
  return clockTicksPerSecond;
}

/**
 * User + system CPU time consumed so far by all threads of `pid`, in microseconds
 * (resolution: one clock tick, 10 ms on Linux; measurements last seconds, so that is enough).
 */
export function cpuMicros(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: split after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1_000_000) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

/** Memory of `pid` in bytes: current resident set, and its peak since the process started. */
export function memoryOf(pid: number): { rss: number; peakRss: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => {
      const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return match ? Number(match[1]) * 1024 : NaN;
    };
    return { rss: kb('VmRSS'), peakRss: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Samples the RSS of `pid` every `intervalMs` and keeps the maximum, until stopped. */
export function sampleMaxRss(pid: number, intervalMs = 100): { stop(): number | undefined } {
  let max: number | undefined;
  const sample = (): void => {
    const rss = memoryOf(pid)?.rss;
    if (rss !== undefined && !Number.isNaN(rss)) max = Math.max(max ?? 0, rss);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return max;
    },
  };
}
