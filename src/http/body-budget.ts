/**
 * A cap on the request-body bytes held in memory at once, across all requests. The per-request
 * limit alone lets many slow or stalled uploads together hold hundreds of MB; past this cap a
 * request is refused (503, retry shortly) instead of buffered.
 */
export class BodyBudget {
  private held = 0;

  constructor(readonly limitBytes: number) {}

  /** Takes `bytes` from the budget; false (nothing taken) when that would pass the cap. */
  tryTake(bytes: number): boolean {
    if (this.held + bytes > this.limitBytes) return false;
    this.held += bytes;
    return true;
  }

  /** Gives back bytes taken earlier. */
  give(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }

  /** Bytes currently held. */
  get heldBytes(): number {
    return this.held;
  }
}
