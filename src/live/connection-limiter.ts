/**
 * "Connections per caller": one count per caller across the live transports (WebSocket and
 * SSE), so a leaked token or a buggy frontend cannot hold an unbounded number of sockets.
 */
import type { Caller } from '../auth/caller';

export interface ConnectionLimiter {
  /** Takes a slot for `caller`; the returned release runs once. Undefined when none is left. */
  acquire(caller: Caller): (() => void) | undefined;
}

/** The caller a connection counts against: the account and the token's subject. */
export function callerKeyOf(caller: Caller): string {
  return `${caller.accountId}\u0000${caller.subject ?? ''}`;
}

/** A limiter allowing `maxPerCaller` open connections per caller. */
export function createConnectionLimiter(maxPerCaller: number): ConnectionLimiter {
  const open = new Map<string, number>();
  return {
    acquire(caller) {
      const key = callerKeyOf(caller);
      const count = open.get(key) ?? 0;
      if (count >= maxPerCaller) return undefined;
      open.set(key, count + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left <= 0) open.delete(key);
        else open.set(key, left);
      };
    },
  };
}
