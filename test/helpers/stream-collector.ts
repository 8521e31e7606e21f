/**
 * Collects the items of an async iterable as they arrive, so a test can wait for item n with a
 * deadline (never a sleep) and check afterwards that nothing else arrived.
 */
export interface StreamCollector<T> {
  readonly items: T[];
  /** Resolves with item `index` (0-based) once it arrives; rejects after `timeoutMs` or at the end. */
  item(index: number, timeoutMs?: number): Promise<T>;
  /** Resolves when the stream has ended (with the error it ended with, if any). */
  readonly ended: Promise<unknown>;
  readonly isEnded: boolean;
}

/** Starts pulling `iterable` at once. */
export function collectStream<T>(iterable: AsyncIterable<T>): StreamCollector<T> {
  const items: T[] = [];
  const waiters = new Set<() => void>();
  let isEnded = false;
  const wakeAll = (): void => {
    for (const wake of [...waiters]) wake();
  };
  const ended = (async (): Promise<unknown> => {
    try {
      for await (const item of iterable) {
        items.push(item);
        wakeAll();
      }
      return undefined;
    } catch (error) {
      return error;
    } finally {
      isEnded = true;
      wakeAll();
    }
  })();
  return {
    items,
    ended,
    get isEnded() {
      return isEnded;
    },
    item(index, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const check = (): boolean => {
          if (index < items.length) {
            resolve(items[index] as T);
            return true;
          }
          if (isEnded) {
            reject(new Error(`stream ended after ${items.length} items, wanted #${index}`));
            return true;
          }
          return false;
        };
        const wake = (): void => {
          if (!check()) return;
          waiters.delete(wake);
          if (timer !== undefined) clearTimeout(timer);
        };
        if (check()) return;
        waiters.add(wake);
        timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no item #${index} within ${timeoutMs} ms (got ${items.length})`));
        }, timeoutMs);
      });
    },
  };
}
