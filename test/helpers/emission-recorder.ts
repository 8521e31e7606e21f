/**
 * Records the values an observable delivers and lets a test wait for the first one that meets
 * a condition. Client caches notify watchers asynchronously (Apollo Client batches broadcasts
 * on a timer), so a test waits for the notification a UI would render instead of sleeping.
 */
export class EmissionRecorder<T> {
  private readonly values: T[] = [];
  private readonly waiters: { matches: (value: T) => boolean; resolve: (value: T) => void }[] = [];

  /** Every value delivered so far, in order. */
  get all(): readonly T[] {
    return this.values;
  }

  /** Observer callback: pass as `next`. */
  readonly record = (value: T): void => {
    this.values.push(value);
    for (const waiter of [...this.waiters]) {
      if (!waiter.matches(value)) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(value);
    }
  };

  /**
   * Resolves with the first value, already delivered or still to come, that matches. A value
   * that never comes is left to the test's own timeout.
   */
  until(matches: (value: T) => boolean): Promise<T> {
    const delivered = this.values.find(matches);
    if (delivered !== undefined) return Promise.resolve(delivered);
    return new Promise((resolve) => this.waiters.push({ matches, resolve }));
  }
}
