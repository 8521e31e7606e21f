/**
 * Per-request wiring: who is calling → an account-scoped API object → fresh loaders.
 * Everything request-scoped is created here and nowhere else (loaders kept beyond one request would leak data between accounts); the undici
 * pool, the http client, the authenticator and the schema are created once and passed in.
 */
import type { IncomingMessage } from 'node:http';
import type { Authenticator } from './auth/authenticator';
import type { Caller } from './auth/caller';
import { cachedPackageBatches } from './entity-cache/cached-package-batches';
import type { EntityCacheObserver } from './entity-cache/entity-cache-observer';
import { withCachedReadsAndWrittenThrough } from './entity-cache/cached-packages-api';
import { wantsFreshData } from './entity-cache/fresh-data-request';
import type { GatewayContext } from './graphql/context.type';
import type { LiveChanges } from './live/live-changes';
import { createLoaders } from './loaders/create-loaders';
import { createResponseBudget } from './security/response-budget';
import type { EntityCacheStore } from './shared-state/entity-cache-store';
import type { HttpClient } from './wix/http-client';
import { createPackagesApi } from './wix/packages-api';

export interface ContextFactoryOptions {
  readonly client: HttpClient;
  readonly authenticator: Authenticator;
  /** Overall budget of one GraphQL request across all its upstream calls. */
  readonly requestDeadlineMs: number;
  /** Signs connection cursors (see src/graphql/package/package-cursor.ts). */
  readonly cursorKey: Uint8Array;
  /** Values one operation's response may hold in lists (src/security/response-budget.ts). */
  readonly maxResponseValues: number;
  /** Receives the size of every loader batch (metrics). */
  readonly onLoaderBatch?: (loader: string, size: number) => void;
  /** The entity cache below the loaders; absent when it is off (`ENTITY_CACHE_TTL_MS=0`). */
  readonly entityCache?: EntityCacheStore;
  /** Sees the entity cache's lookups (metrics). */
  readonly entityCacheObserver?: EntityCacheObserver;
  /** The process's live updates (one for the whole gateway). */
  readonly changes: LiveChanges;
  /** Runs each loader batch inside a trace span; absent when tracing is off. */
  readonly traceLoaderBatch?: <T>(
    loader: string,
    size: number,
    run: () => Promise<T>,
  ) => Promise<T>;
}

/** What the client asked of one request beyond its operation. */
export interface RequestPreferences {
  /** Answer from the upstream, not the entity cache (src/entity-cache/fresh-data-request.ts). */
  readonly fresh?: boolean;
}

/**
 * Returns the function building a context for an already authenticated caller: a fresh
 * account-scoped API (with its own deadline) and fresh loaders. Entrances that authenticate
 * once for many executions (a subscription resolves every change it delivers as one request of
 * its own) call it per execution.
 */
export function createCallerContextFactory(
  options: Omit<ContextFactoryOptions, 'authenticator'>,
): (caller: Caller, requestId: string, preferences?: RequestPreferences) => GatewayContext {
  const store = options.entityCache;
  // The loaders' cache hook depends only on the store and the request's freshness: built once.
  const observe = options.entityCacheObserver;
  const cached = store && { store, fresh: false, ...(observe && { observe }) };
  const fresh = store && { store, fresh: true, ...(observe && { observe }) };
  const cachedBatches = cached && cachedPackageBatches(cached);
  const freshBatches = fresh && cachedPackageBatches(fresh);
  return (caller, requestId, preferences) => {
    const upstreamApi = createPackagesApi(options.client, {
      accountId: caller.accountId,
      requestId,
      deadline: Date.now() + options.requestDeadlineMs,
    });
    const wantsFresh = preferences?.fresh === true;
    const batches = wantsFresh ? freshBatches : cachedBatches;
    const loaders = createLoaders(upstreamApi, {
      accountIds: caller.visibleAccountIds,
      ...(batches && { batches }),
      ...(options.onLoaderBatch && { onBatch: options.onLoaderBatch }),
      ...(options.traceLoaderBatch && { traceBatch: options.traceLoaderBatch }),
    });
    const cache = wantsFresh ? fresh : cached;
    const api = cache
      ? withCachedReadsAndWrittenThrough(upstreamApi, cache, loaders.scope.accountIds)
      : upstreamApi;
    return {
      requestId,
      caller,
      accountId: caller.accountId,
      api,
      cursorKey: options.cursorKey,
      responseBudget: createResponseBudget(options.maxResponseValues),
      loaders,
      changes: options.changes,
    };
  };
}

/**
 * Returns the function Apollo calls once per HTTP request to build its context. It rejects
 * with an `AuthenticationError` (HTTP 401, `UNAUTHENTICATED`) before anything touches the
 * upstream when the caller cannot be authenticated.
 */
export function createContextFactory(
  options: ContextFactoryOptions,
): (request: IncomingMessage, requestId: string) => Promise<GatewayContext> {
  const contextFor = createCallerContextFactory(options);
  return async (request, requestId) => {
    const caller = await options.authenticator.authenticate(request.headers.authorization);
    return contextFor(caller, requestId, { fresh: wantsFreshData(request.headers) });
  };
}
