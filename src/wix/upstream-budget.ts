/**
 * The upstream call budget: one API key's calls per minute, shared by every replica and
 * process (rate-limiter-flexible; on Redis when a client is given, with an in-memory limiter
 * as insurance while Redis is down or slow, so a Redis failure never fails a call).
 *
 * - Every attempt (retries included: Wix counts them) takes one point of the global budget
 *   and one of its account's share, so one busy account cannot starve the others.
 * - A call over budget waits (bounded: at most `maxWaitMs`, never past its deadline, and no
 *   more than `maxQueued` calls waiting per process) and is then refused with
 *   `WixRateLimitedError` before reaching the upstream.
 * - A 429 with `Retry-After` pauses every replica (a shared pause key) for that long.
 *
 * The windows are fixed minutes (rate-limiter-flexible's model), like Wix's own counting.
 */
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { WixRateLimitedError, type WixEndpoint } from './errors';

export interface UpstreamBudget {
  /** Resolves when one attempt for `accountId` may be sent; rejects `WixRateLimitedError`. */
  acquire(endpoint: WixEndpoint, accountId: string, deadline?: number): Promise<void>;
  /** The upstream asked for a pause (429 + `Retry-After`): every replica waits `ms`. */
  pause(ms: number): Promise<void>;
}

export interface UpstreamBudgetOptions {
  /** Attempts per minute for all replicas together (> 0). */
  readonly perMinute: number;
  /** Percent of `perMinute` one account may take per minute; 100 = no per-account cap. */
  readonly accountSharePercent: number;
  readonly maxWaitMs: number;
  /** Calls allowed to wait at once in this process; default `perMinute`. */
  readonly maxQueued?: number;
  /** Shared store; undefined = this process alone. */
  readonly redis?: Redis;
  /** Prefix of the Redis keys; default `pgw:budget`. */
  readonly keyPrefix?: string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const WINDOW_SECONDS = 60;
/** Longest pause a `Retry-After` may impose (a bogus huge value must not stop us for hours). */
const MAX_PAUSE_MS = 5 * 60_000;

/** Extends the pause key only: a shorter pause never cuts a longer one. */
const EXTEND_PAUSE_SCRIPT = `
local ttl = redis.call('pttl', KEYS[1])
if ttl < tonumber(ARGV[1]) then redis.call('set', KEYS[1], '1', 'PX', ARGV[1]) end
return 1`;

function limiter(points: number, keyPrefix: string, redis: Redis | undefined): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration: WINDOW_SECONDS, keyPrefix });
  if (redis === undefined) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    points,
    duration: WINDOW_SECONDS,
    keyPrefix,
    // Not ready → the insurance limiter answers at once instead of a command failing later.
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/** Milliseconds until the limiter has room (≥ 1), or 0 when a point was taken. */
async function take(limiterOf: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiterOf.consume(key);
    return 0;
  } catch (rejection) {
    // Anything but a refusal is a store failure the insurance could not cover: fail open,
    // the budget is a protection, not a reason to fail calls.
    return rejection instanceof RateLimiterRes ? Math.max(1, rejection.msBeforeNext) : 0;
  }
}

/** Creates the budget; share one per process (it holds the local queue and insurance). */
export function createUpstreamBudget(options: UpstreamBudgetOptions): UpstreamBudget {
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const prefix = options.keyPrefix ?? 'pgw:budget';
  const maxQueued = options.maxQueued ?? options.perMinute;
  const redis = options.redis;
  const global = limiter(options.perMinute, `${prefix}:all`, redis);
  const accountPoints = Math.max(
    1,
    Math.ceil((options.perMinute * options.accountSharePercent) / 100),
  );
  const perAccount =
    options.accountSharePercent >= 100
      ? undefined
      : limiter(accountPoints, `${prefix}:account`, redis);
  const pauseKey = `${prefix}:paused`;
  let pausedUntil = 0;
  let waiting = 0;

  async function pauseRemaining(): Promise<number> {
    const local = pausedUntil - now();
    if (local > 0 || redis === undefined || redis.status !== 'ready') return Math.max(0, local);
    try {
      return Math.max(0, await redis.pttl(pauseKey));
    } catch {
      return 0;
    }
  }

  /** 0 when an attempt may go now (points taken), else the wait before room is expected. */
  async function tryTake(accountKey: string): Promise<number> {
    const paused = await pauseRemaining();
    if (paused > 0) return paused;
    if (perAccount !== undefined) {
      const accountWait = await take(perAccount, accountKey);
      if (accountWait > 0) return accountWait;
    }
    const globalWait = await take(global, 'upstream');
    if (globalWait > 0 && perAccount !== undefined) {
      // The account's point bought nothing: give it back.
      await perAccount.reward(accountKey).catch(() => undefined);
    }
    return globalWait;
  }

  return {
    async acquire(endpoint, accountId, deadline) {
      const giveUpAt = Math.min(now() + options.maxWaitMs, deadline ?? Number.POSITIVE_INFINITY);
      const accountKey = accountId.toLowerCase();
      let queued = false;
      try {
        for (;;) {
          const waitMs = await tryTake(accountKey);
          if (waitMs === 0) return;
          if (now() + waitMs > giveUpAt) throw new WixRateLimitedError(endpoint, waitMs);
          if (!queued) {
            if (waiting >= maxQueued) throw new WixRateLimitedError(endpoint, waitMs);
            waiting += 1;
            queued = true;
          }
          await sleep(waitMs);
        }
      } finally {
        if (queued) waiting -= 1;
      }
    },

    async pause(ms) {
      const pauseMs = Math.min(Math.max(0, Math.ceil(ms)), MAX_PAUSE_MS);
      if (pauseMs === 0) return;
      pausedUntil = Math.max(pausedUntil, now() + pauseMs);
      if (redis === undefined || redis.status !== 'ready') return;
      await redis.eval(EXTEND_PAUSE_SCRIPT, 1, pauseKey, String(pauseMs)).catch(() => undefined);
    },
  };
}
