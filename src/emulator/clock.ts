/**
 * The emulator's time source. Timestamps are strictly increasing (at least 1 ms apart) so that
 * "every mutation bumps `updatedDate`" holds even for two writes within the same millisecond.
 */
export class MonotonicClock {
  private last = 0;

  constructor(private readonly source: () => number = Date.now) {}

  /** Milliseconds since the epoch, strictly greater than any value returned before. */
  nowMs(): number {
    const now = Math.max(this.source(), this.last + 1);
    this.last = now;
    return now;
  }

  /** Makes sure later calls return values after `ms` (used after loading persisted state). */
  advancePast(ms: number): void {
    this.last = Math.max(this.last, ms);
  }
}

/** Formats epoch milliseconds as the wire timestamp `YYYY-MM-DDTHH:mm:ss.sssZ` (contract: timestamps). */
export function toWireTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
