/**
 * The watcher: the source of changes when Wix webhooks are not available. Every interval, for
 * each account with live subscribers (and only those), ONE Query Packages for that account's
 * packages updated since the newest `updatedDate` it has seen, oldest first; each package that
 * changed is published as the changes `inferChanges` names. Its upstream cost is one call per
 * watched account per interval, whatever the number of subscribers.
 *
 * The first look at an account is a baseline (its most recently updated page of packages,
 * remembered so later changes to them can be named), so history is never replayed to new
 * subscribers. Packages updated in the same millisecond as the newest
 * one seen are asked for again (`$gte`) and told apart by their remembered state, so none is
 * missed and none reported twice. A full page is followed by its `next` cursor (up to
 * `MAX_PAGES_PER_LOOK` pages a look): otherwise more than a page of packages updated in one
 * millisecond would be asked for again at every tick and the watcher would never see past them.
 * An account nobody watches any more is forgotten.
 */
import { randomUUID } from 'node:crypto';
import type { WixPackage, WixQuery, WixQueryPackagesResponse } from '../wix/wire-types';
import { inferChanges } from './inferred-changes';
import type { PackageChangeEvent } from './package-change';

/** At most this many packages per look (Query Packages' page limit). */
const PAGE_LIMIT = 100;
/**
 * Pages one look may read: a burst larger than this is read over the following ticks (the next
 * look starts again at the newest `updatedDate` seen).
 */
const MAX_PAGES_PER_LOOK = 10;
/** Package states remembered per account (for telling what changed). */
const STATES_PER_ACCOUNT = 1_000;

export interface PackageWatcherOptions {
  readonly intervalMs: number;
  /** The accounts to look at (those with live subscribers), read at every tick. */
  readonly watchedAccounts: () => readonly string[];
  /** One Query Packages made for `accountId` (its `wix-account-id`). */
  readonly queryPackages: (accountId: string, query: WixQuery) => Promise<WixQueryPackagesResponse>;
  readonly publish: (event: PackageChangeEvent) => void;
  /** A failed look (it is retried at the next tick); must not throw. */
  readonly onError: (accountId: string, error: unknown) => void;
  readonly now?: () => number;
  /** Runs each tick that looks at any account inside its span (tracing on). */
  readonly traceTick?: WatcherTickTracer;
}

/** What one tick did: accounts looked at, changes published, looks that failed. */
export interface WatcherTickSummary {
  readonly accounts: number;
  readonly published: number;
  readonly failures: readonly unknown[];
}

/** Runs a tick of `accounts` accounts (watcher-tick-span.ts). */
export type WatcherTickTracer = (
  accounts: number,
  run: () => Promise<WatcherTickSummary>,
) => Promise<WatcherTickSummary>;

export interface PackageWatcher {
  /** Looks at every watched account once, now (also what each tick does). */
  tick(): Promise<void>;
  /**
   * Learns a package state another source published (an own write, a webhook), so the next
   * look names the change since that state rather than reporting it again.
   */
  observe(event: PackageChangeEvent): void;
  /** Stops the timer; resolves when a running tick has finished. */
  stop(): Promise<void>;
}

interface AccountCursor {
  /** The newest `updatedDate` seen (ISO), or undefined before the baseline has an answer. */
  newest: string | undefined;
  /** When watching began (epoch ms): packages created since are CREATED. */
  readonly sinceMs: number;
  /** Last seen states by package id, least recently seen first. */
  readonly states: Map<string, WixPackage>;
  baselined: boolean;
}

function scopedTo(accountId: string, newest: string | undefined): WixQuery {
  if (newest === undefined) {
    return {
      filter: { accountId: { $eq: accountId } },
      sort: [{ fieldName: 'updatedDate', order: 'DESC' }],
      cursorPaging: { limit: PAGE_LIMIT },
    };
  }
  return {
    filter: { $and: [{ accountId: { $eq: accountId } }, { updatedDate: { $gte: newest } }] },
    sort: [{ fieldName: 'updatedDate', order: 'ASC' }],
    cursorPaging: { limit: PAGE_LIMIT },
  };
}

/** The next page's cursor of a full page, or undefined (the last page, or a short one). */
function nextPageCursor(response: WixQueryPackagesResponse): string | undefined {
  if (response.packages.length < PAGE_LIMIT) return undefined;
  return (response.metadata ?? response.pagingMetadata)?.cursors?.next || undefined;
}

function remember(cursor: AccountCursor, pkg: WixPackage): void {
  const id = pkg.id.toLowerCase();
  cursor.states.delete(id);
  cursor.states.set(id, pkg);
  if (cursor.states.size > STATES_PER_ACCOUNT) {
    const oldest = cursor.states.keys().next();
    if (!oldest.done) cursor.states.delete(oldest.value);
  }
}

function newerOf(a: string | undefined, b: string): string {
  return a === undefined || Date.parse(b) > Date.parse(a) ? b : a;
}

/** Creates the watcher and starts its timer (`intervalMs` > 0). */
export function startPackageWatcher(options: PackageWatcherOptions): PackageWatcher {
  const now = options.now ?? Date.now;
  const cursors = new Map<string, AccountCursor>();
  let running: Promise<void> | undefined;
  let stopped = false;

  /** Looks at one account; returns the number of changes published. */
  async function look(accountId: string, cursor: AccountCursor): Promise<number> {
    let response = await options.queryPackages(accountId, scopedTo(accountId, cursor.newest));
    const ownPackages = (page: WixQueryPackagesResponse) =>
      page.packages.filter((pkg) => pkg.accountId.toLowerCase() === accountId);
    if (!cursor.baselined) {
      const packages = ownPackages(response);
      cursor.baselined = true;
      for (const pkg of packages) {
        remember(cursor, pkg);
        cursor.newest = newerOf(cursor.newest, pkg.updatedDate);
      }
      // An account without packages: everything from now on is new.
      cursor.newest ??= new Date(cursor.sinceMs).toISOString();
      return 0;
    }
    let published = publishChanges(cursor, ownPackages(response));
    // A follow-up request carries only `cursorPaging` (contract: Query Packages, cursors).
    let next = nextPageCursor(response);
    for (let page = 1; next !== undefined && page < MAX_PAGES_PER_LOOK; page += 1) {
      response = await options.queryPackages(accountId, {
        cursorPaging: { limit: PAGE_LIMIT, cursor: next },
      });
      published += publishChanges(cursor, ownPackages(response));
      next = nextPageCursor(response);
    }
    return published;
  }

  /** Publishes what changed in `packages`; returns the number of changes published. */
  function publishChanges(cursor: AccountCursor, packages: readonly WixPackage[]): number {
    let published = 0;
    for (const pkg of packages) {
      const previous = cursor.states.get(pkg.id.toLowerCase());
      cursor.newest = newerOf(cursor.newest, pkg.updatedDate);
      if (previous !== undefined && previous.updatedDate === pkg.updatedDate) continue;
      remember(cursor, pkg);
      const updatedMs = Date.parse(pkg.updatedDate);
      for (const change of inferChanges(previous, pkg, cursor.sinceMs)) {
        options.publish({
          eventId: randomUUID(),
          kind: change.kind,
          occurredAt: pkg.updatedDate,
          accountId: pkg.accountId,
          packageId: pkg.id,
          ...(change.productInstanceId === undefined
            ? {}
            : { productInstanceId: change.productInstanceId }),
          package: pkg,
          ...(Number.isFinite(updatedMs) ? { order: updatedMs } : {}),
          source: 'watcher',
        });
        published += 1;
      }
    }
    return published;
  }

  async function lookAtAll(watched: ReadonlySet<string>): Promise<WatcherTickSummary> {
    let published = 0;
    const failures: unknown[] = [];
    await Promise.all(
      [...watched].map(async (accountId) => {
        let cursor = cursors.get(accountId);
        if (cursor === undefined) {
          cursor = { newest: undefined, sinceMs: now(), states: new Map(), baselined: false };
          cursors.set(accountId, cursor);
        }
        try {
          published += await look(accountId, cursor);
        } catch (error) {
          failures.push(error);
          options.onError(accountId, error);
        }
      }),
    );
    return { accounts: watched.size, published, failures };
  }

  async function tickOnce(): Promise<void> {
    const watched = new Set(options.watchedAccounts().map((id) => id.toLowerCase()));
    for (const accountId of [...cursors.keys()]) {
      if (!watched.has(accountId)) cursors.delete(accountId);
    }
    if (watched.size === 0) return;
    const traceTick = options.traceTick;
    if (traceTick === undefined) await lookAtAll(watched);
    else await traceTick(watched.size, () => lookAtAll(watched));
  }

  function tick(): Promise<void> {
    // Ticks never overlap: a slow upstream delays the next look instead of doubling it.
    running ??= tickOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, options.intervalMs);
  timer.unref();

  return {
    tick,
    observe(event) {
      const pkg = event.package;
      if (pkg === undefined) return;
      const cursor = cursors.get(pkg.accountId.toLowerCase());
      if (cursor === undefined || !cursor.baselined) return;
      const known = cursor.states.get(pkg.id.toLowerCase());
      if (known !== undefined && Date.parse(known.updatedDate) >= Date.parse(pkg.updatedDate))
        return;
      remember(cursor, pkg);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
