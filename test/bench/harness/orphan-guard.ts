/**
 * Bench child processes exit by themselves when the bench runner disappears without stopping
 * them (e.g. it was SIGKILLed): once re-parented, `process.ppid` changes.
 */
export function exitWhenOrphaned(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1000).unref();
}
