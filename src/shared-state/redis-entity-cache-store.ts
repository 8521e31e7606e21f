/**
 * The entity cache shared by every replica, in Redis (semantics: entity-cache-store.ts). Keys:
 *
 * | key | value |
 * |---|---|
 * | `pgw:ec:p:<account>:<package id>` | `<updatedDate ms>\|<package JSON>` (a tombstone has no JSON) |
 * | `pgw:ec:i:<account>:<instance id>` | the package id holding the instance |
 * | `pgw:ec:g:<account>` | the account's list generation (a random token) |
 * | `pgw:ec:l:<sha256 of the list key>` | `<stamp>\n<page JSON>` |
 *
 * A state is written by one Lua script that compares dates and writes atomically, so two
 * replicas racing (one filling an older read, one applying a change) never leave the older
 * state. Generations are random tokens rather than counters, so a generation lost (Redis
 * restarted empty) never makes an old stamp match again.
 *
 * Redis is never needed to answer: while it cannot be reached every lookup is a miss (the
 * upstream answers) and fills are dropped. A change that could not be written is remembered
 * (bounded) and written when Redis answers again; past the bound every cache key is deleted on
 * reconnection instead, so no replica serves a state older than a change it missed.
 */
import { createHash, randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { WixPackage, WixQueryPackagesResponse } from '../wix/wire-types';
import {
  FORGOTTEN_ORDER,
  normalizeAccounts,
  stateOrder,
  type EntityCacheStore,
  type EntityChange,
} from './entity-cache-store';

export interface RedisEntityCacheStoreOptions {
  readonly ttlMs: number;
  /** Default `pgw:ec:`. */
  readonly keyPrefix?: string;
  /** Changes remembered while Redis is away before falling back to deleting every entry. */
  readonly pendingLimit?: number;
  /** A command failed (metrics, logs); must not throw. */
  readonly onError?: (error: unknown) => void;
}

/**
 * KEYS[1] the package entry, KEYS[2..] its instances' entries; ARGV: date order, entry, TTL
 * (ms), package id, and '1' when a state of equal date replaces the one held (a change) rather
 * than being refused (a fill).
 */
const PUT_STATE = `
local held = redis.call('GET', KEYS[1])
if held then
  local heldOrder = tonumber(string.match(held, '^(%d+)|'))
  local order = tonumber(ARGV[1])
  if heldOrder ~= nil and (heldOrder > order or (heldOrder == order and ARGV[5] ~= '1')) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[4], 'PX', ARGV[3])
end
return 1
`;

/** Generations outlive every page stamped with an older one (pages live `ttlMs`). */
const GENERATION_MARGIN_MS = 24 * 60 * 60 * 1000;

type PutState = (numberOfKeys: number, ...keysAndArgs: Array<string | number>) => Promise<number>;

function parseState(entry: string | null): WixPackage | undefined {
  if (entry === null) return undefined;
  const bar = entry.indexOf('|');
  if (bar < 0 || bar === entry.length - 1) return undefined;
  try {
    return JSON.parse(entry.slice(bar + 1)) as WixPackage;
  } catch {
    return undefined;
  }
}

export function createRedisEntityCacheStore(
  redis: Redis,
  options: RedisEntityCacheStoreOptions,
): EntityCacheStore {
  const prefix = options.keyPrefix ?? 'pgw:ec:';
  const ttl = String(options.ttlMs);
  const generationTtl = String(options.ttlMs + GENERATION_MARGIN_MS);
  const pendingLimit = options.pendingLimit ?? 10_000;
  const onError = options.onError ?? (() => {});
  redis.defineCommand('pgwEntityCachePut', { lua: PUT_STATE });

  const packageKey = (accountId: string, id: string): string =>
    `${prefix}p:${accountId.toLowerCase()}:${id.toLowerCase()}`;
  const instanceKey = (accountId: string, id: string): string =>
    `${prefix}i:${accountId.toLowerCase()}:${id.toLowerCase()}`;
  const generationKey = (accountId: string): string => `${prefix}g:${accountId}`;
  const listKey = (key: string): string =>
    `${prefix}l:${createHash('sha256').update(key).digest('hex')}`;

  const ready = (): boolean => redis.status === 'ready';

  /** Changes not yet written, newest per package; `overflowed` when some were let go. */
  const pending = new Map<string, EntityChange>();
  let overflowed = false;
  let replaying: Promise<void> | undefined;

  function remember(change: EntityChange): void {
    const key = `${change.accountId.toLowerCase()}\u0000${change.packageId.toLowerCase()}`;
    if (!pending.has(key) && pending.size >= pendingLimit) {
      overflowed = true;
      return;
    }
    pending.set(key, change);
  }

  async function deleteEverything(): Promise<void> {
    const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  }

  function replayPending(): void {
    if (replaying !== undefined || !ready() || (pending.size === 0 && !overflowed)) return;
    replaying = (async () => {
      if (overflowed) {
        overflowed = false;
        pending.clear();
        await deleteEverything().catch((error: unknown) => {
          overflowed = true;
          onError(error);
        });
        return;
      }
      const changes = [...pending.values()];
      pending.clear();
      for (const change of changes) await applyChange(change);
    })().finally(() => {
      replaying = undefined;
    });
  }
  redis.on('ready', replayPending);

  function queueState(
    pipeline: ReturnType<Redis['pipeline']>,
    pkg: WixPackage,
    order: number,
    isChange: boolean,
  ): void {
    const keys = [
      packageKey(pkg.accountId, pkg.id),
      ...pkg.productInstances.map((instance) => instanceKey(pkg.accountId, instance.instanceId)),
    ];
    const args = [order, `${order}|${JSON.stringify(pkg)}`, ttl, pkg.id.toLowerCase()];
    (pipeline as unknown as { pgwEntityCachePut: PutState }).pgwEntityCachePut(
      keys.length,
      ...keys,
      ...args,
      isChange ? '1' : '0',
    );
  }

  /** Runs a pipeline; true when every command succeeded. */
  async function run(pipeline: ReturnType<Redis['pipeline']>): Promise<boolean> {
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error !== null);
      if (failed) throw failed[0];
      return true;
    } catch (error) {
      onError(error);
      return false;
    }
  }

  async function mget(keys: string[]): Promise<Array<string | null> | undefined> {
    if (keys.length === 0) return [];
    if (!ready()) return undefined;
    try {
      return await redis.mget(...keys);
    } catch (error) {
      onError(error);
      return undefined;
    }
  }

  async function applyChange(change: EntityChange): Promise<void> {
    if (!ready()) {
      remember(change);
      return;
    }
    const pipeline = redis.pipeline();
    const pkg = change.package;
    const order = pkg === undefined ? undefined : stateOrder(pkg);
    if (pkg === undefined || order === undefined) {
      pipeline.set(
        packageKey(change.accountId, change.packageId),
        `${FORGOTTEN_ORDER}|`,
        'PX',
        ttl,
      );
    } else {
      queueState(pipeline, pkg, order, true);
    }
    pipeline.set(generationKey(change.accountId.toLowerCase()), randomUUID(), 'PX', generationTtl);
    if (await run(pipeline)) replayPending();
    else remember(change);
  }

  return {
    async packagesById(accountIds, ids) {
      const found = new Map<string, WixPackage>();
      const pairs = ids.flatMap((id) => accountIds.map((accountId) => ({ accountId, id })));
      const entries = await mget(pairs.map(({ accountId, id }) => packageKey(accountId, id)));
      entries?.forEach((entry, index) => {
        const pkg = parseState(entry);
        const pair = pairs[index];
        if (pkg !== undefined && pair !== undefined) found.set(pair.id.toLowerCase(), pkg);
      });
      return found;
    },
    async packagesByInstanceId(accountIds, instanceIds) {
      const found = new Map<string, WixPackage>();
      const pairs = instanceIds.flatMap((id) => accountIds.map((accountId) => ({ accountId, id })));
      const pointers = await mget(pairs.map(({ accountId, id }) => instanceKey(accountId, id)));
      if (pointers === undefined) return found;
      const wanted: Array<{ accountId: string; instanceId: string; packageId: string }> = [];
      pointers.forEach((packageId, index) => {
        const pair = pairs[index];
        if (packageId !== null && pair !== undefined) {
          wanted.push({ accountId: pair.accountId, instanceId: pair.id, packageId });
        }
      });
      const entries = await mget(wanted.map((w) => packageKey(w.accountId, w.packageId)));
      entries?.forEach((entry, index) => {
        const pkg = parseState(entry);
        const want = wanted[index];
        if (pkg === undefined || want === undefined) return;
        const instanceId = want.instanceId.toLowerCase();
        if (pkg.productInstances.some((i) => i.instanceId.toLowerCase() === instanceId)) {
          found.set(instanceId, pkg);
        }
      });
      return found;
    },
    async fill(fetched) {
      if (fetched.length === 0 || !ready()) return;
      const pipeline = redis.pipeline();
      let queued = 0;
      for (const pkg of fetched) {
        const order = stateOrder(pkg);
        if (order === undefined) continue;
        queueState(pipeline, pkg, order, false);
        queued++;
      }
      if (queued > 0) await run(pipeline);
    },
    applyChange,
    async list(accountIds, key) {
      const accounts = normalizeAccounts(accountIds);
      const cacheKey = listKey(key);
      const values = await mget([cacheKey, ...accounts.map(generationKey)]);
      if (values === undefined) return { hit: false, ticket: { key, stamp: '' } };
      const [entry, ...generations] = values;
      const stamp = accounts.map((id, index) => `${id}=${generations[index] ?? '0'}`).join(',');
      if (entry !== null && entry !== undefined) {
        const newline = entry.indexOf('\n');
        if (newline > 0 && entry.slice(0, newline) === stamp) {
          try {
            return {
              hit: true,
              page: JSON.parse(entry.slice(newline + 1)) as WixQueryPackagesResponse,
              ticket: { key, stamp },
            };
          } catch {
            // An unreadable entry is a miss; the fill overwrites it.
          }
        }
      }
      return { hit: false, ticket: { key, stamp } };
    },
    async putList(ticket, page) {
      // An empty stamp: the generations could not be read, so the page's freshness is unknown.
      if (ticket.stamp === '' || !ready()) return;
      try {
        await redis.set(listKey(ticket.key), `${ticket.stamp}\n${JSON.stringify(page)}`, 'PX', ttl);
      } catch (error) {
        onError(error);
      }
    },
  };
}
