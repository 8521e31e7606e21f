/**
 * The entity cache's shared state: packages by id and by instance id, and list pages, each
 * entry keyed by the account it belongs to, so a caller can only ever be served entries of the
 * accounts its scope names (a lookup is given those accounts and reads no other key).
 *
 * Ordering: a package entry holds the state with the newest `updatedDate` seen. A state read
 * from the upstream (`fill`) is kept only when strictly newer than the one held (a read that
 * started before a change and ended after it must not put the older state back); a change
 * (`applyChange`: own writes, webhooks, the watcher) replaces a state of equal or older date. A
 * change without a state leaves a tombstone that refuses every fill until it expires.
 *
 * Lists are cached per scope and stamped with a generation of each account of the scope; any
 * change of an account renews its generation, so every list page showing that account is a miss
 * from then on, on every replica sharing the store. A page is stored with the stamp read before
 * its upstream call, so a page read across a change is never served.
 *
 * The in-process twin below serves one process; with REDIS_URL the Redis twin
 * (redis-entity-cache-store.ts) is shared by every replica.
 */
import type { WixPackage, WixQueryPackagesResponse } from '../wix/wire-types';
import { createExpiringLru } from './expiring-lru';

/** What a change tells the cache (a PackageChangeEvent has these fields). */
export interface EntityChange {
  readonly accountId: string;
  readonly packageId: string;
  /** The package after the change, when known; without it the cached state is forgotten. */
  readonly package?: WixPackage;
}

/** A list page's cache slot, and the generations of its accounts before the upstream call. */
export interface ListTicket {
  readonly key: string;
  readonly stamp: string;
}

/** A hit carries its ticket too, so a client's fresh read can replace the page it bypassed. */
export type ListLookup =
  | { readonly hit: true; readonly page: WixQueryPackagesResponse; readonly ticket: ListTicket }
  | { readonly hit: false; readonly ticket: ListTicket };

export interface EntityCacheStore {
  /** Cached packages among `accountIds`' entries, by lower-case package id. */
  packagesById(
    accountIds: readonly string[],
    ids: readonly string[],
  ): Promise<Map<string, WixPackage>>;
  /** Cached packages among `accountIds`' entries, by lower-case instance id they hold. */
  packagesByInstanceId(
    accountIds: readonly string[],
    instanceIds: readonly string[],
  ): Promise<Map<string, WixPackage>>;
  /** Records states read from the upstream, each only if newer than the one held. */
  fill(packages: readonly WixPackage[]): Promise<void>;
  /** Records a change: its state replaces any not newer, and the account's lists are renewed. */
  applyChange(change: EntityChange): Promise<void>;
  /** The page cached under `key` for the scope `accountIds`, or the ticket to store one. */
  list(accountIds: readonly string[], key: string): Promise<ListLookup>;
  /** Stores a page read with `ticket` (served only while no account of it changed). */
  putList(ticket: ListTicket, page: WixQueryPackagesResponse): Promise<void>;
}

/** The date order of a state: `updatedDate` in epoch ms, undefined when unreadable. */
export function stateOrder(pkg: WixPackage): number | undefined {
  const ms = Date.parse(pkg.updatedDate);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The order of a tombstone: above every real date, so no fill gets past it. */
export const FORGOTTEN_ORDER = Number.MAX_SAFE_INTEGER;

/** Lower-case, de-duplicated and sorted: one spelling of a scope. */
export function normalizeAccounts(accountIds: readonly string[]): string[] {
  return [...new Set(accountIds.map((id) => id.toLowerCase()))].sort();
}

/** Sizes of the in-process twin. */
export interface InProcessEntityCacheLimits {
  /** Packages held, each weighing one plus its instances. */
  readonly packageWeight: number;
  /** Instance ids held (each points to its package). */
  readonly instances: number;
  /** Pages held, each weighing one plus its packages' weights. */
  readonly listWeight: number;
}

/** About 100 000 instances' worth of packages, as much of pages, whatever the package sizes. */
export const DEFAULT_IN_PROCESS_LIMITS: InProcessEntityCacheLimits = {
  packageWeight: 100_000,
  instances: 100_000,
  listWeight: 100_000,
};

function weightOf(pkg: WixPackage): number {
  return 1 + pkg.productInstances.length;
}

interface PackageSlot {
  readonly order: number;
  /** Undefined for a tombstone. */
  readonly pkg: WixPackage | undefined;
}

/** One process's cache: bounded in entries (least recently used dropped) and in time (`ttlMs`). */
export function createInProcessEntityCacheStore(
  ttlMs: number,
  limits: InProcessEntityCacheLimits = DEFAULT_IN_PROCESS_LIMITS,
  now: () => number = Date.now,
): EntityCacheStore {
  const packages = createExpiringLru<PackageSlot>(limits.packageWeight, ttlMs, now, (slot) =>
    slot.pkg === undefined ? 1 : weightOf(slot.pkg),
  );
  /** `account\0instance` → `account\0package`. */
  const instances = createExpiringLru<string>(limits.instances, ttlMs, now);
  const lists = createExpiringLru<{ stamp: string; page: WixQueryPackagesResponse }>(
    limits.listWeight,
    ttlMs,
    now,
    (entry) => entry.page.packages.reduce((sum, pkg) => sum + weightOf(pkg), 1),
  );
  // Counters never go back, so an old stamp can never match again; one number per account.
  const generations = new Map<string, number>();

  const keyOf = (accountId: string, id: string): string =>
    `${accountId.toLowerCase()}\u0000${id.toLowerCase()}`;

  function store(pkg: WixPackage, slot: PackageSlot): void {
    const packageKey = keyOf(pkg.accountId, pkg.id);
    packages.set(packageKey, slot);
    for (const instance of pkg.productInstances) {
      instances.set(keyOf(pkg.accountId, instance.instanceId), packageKey);
    }
  }

  function stampOf(accountIds: readonly string[]): string {
    return normalizeAccounts(accountIds)
      .map((id) => `${id}=${generations.get(id) ?? 0}`)
      .join(',');
  }

  return {
    async packagesById(accountIds, ids) {
      const found = new Map<string, WixPackage>();
      for (const id of ids) {
        for (const accountId of accountIds) {
          const pkg = packages.get(keyOf(accountId, id))?.pkg;
          if (pkg !== undefined) found.set(id.toLowerCase(), pkg);
        }
      }
      return found;
    },
    async packagesByInstanceId(accountIds, instanceIds) {
      const found = new Map<string, WixPackage>();
      for (const instanceId of instanceIds) {
        const wanted = instanceId.toLowerCase();
        for (const accountId of accountIds) {
          const packageKey = instances.get(keyOf(accountId, instanceId));
          const pkg = packageKey === undefined ? undefined : packages.get(packageKey)?.pkg;
          if (pkg?.productInstances.some((i) => i.instanceId.toLowerCase() === wanted)) {
            found.set(wanted, pkg);
          }
        }
      }
      return found;
    },
    async fill(fetched) {
      for (const pkg of fetched) {
        const order = stateOrder(pkg);
        if (order === undefined) continue;
        const held = packages.get(keyOf(pkg.accountId, pkg.id));
        if (held !== undefined && held.order >= order) continue;
        store(pkg, { order, pkg });
      }
    },
    async applyChange(change) {
      const accountId = change.accountId.toLowerCase();
      generations.set(accountId, (generations.get(accountId) ?? 0) + 1);
      const pkg = change.package;
      const order = pkg === undefined ? undefined : stateOrder(pkg);
      if (pkg === undefined || order === undefined) {
        packages.set(keyOf(accountId, change.packageId), {
          order: FORGOTTEN_ORDER,
          pkg: undefined,
        });
        return;
      }
      const held = packages.get(keyOf(pkg.accountId, pkg.id));
      if (held !== undefined && held.order > order) return;
      store(pkg, { order, pkg });
    },
    async list(accountIds, key) {
      const stamp = stampOf(accountIds);
      const entry = lists.get(key);
      if (entry !== undefined && entry.stamp === stamp) {
        return { hit: true, page: entry.page, ticket: { key, stamp } };
      }
      return { hit: false, ticket: { key, stamp } };
    },
    async putList(ticket, page) {
      lists.set(ticket.key, { stamp: ticket.stamp, page });
    },
  };
}
