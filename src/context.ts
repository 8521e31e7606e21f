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
import type { RequestEntityCache } from './entity-cache/request-entity-cache';
import type { GatewayContext } from './graphql/context.type';
import type { LiveChanges } from './live/live-changes';
import { createLoaders, type Loaders } from './loaders/create-loaders';
import type { PackageBatchSource } from './loaders/package-batch-source';
import { createResponseBudget, type ResponseBudget } from './security/response-budget';
import type { EntityCacheStore } from './shared-state/entity-cache-store';
import type { HttpClient } from './wix/http-client';
import { createPackagesApi } from './wix/packages-api';
import type { PackagesApi } from './wix/packages-api-contract';

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
  const cachedWiring: RequestWiring = { ...options, cache: cached, batches: cachedBatches };
  const freshWiring: RequestWiring = { ...options, cache: fresh, batches: freshBatches };
  return (caller, requestId, preferences) =>
    new RequestContext(
      requestId,
      caller,
      // The request's upstream deadline runs from now, however late its API object is built.
      Date.now() + options.requestDeadlineMs,
      preferences?.fresh === true ? freshWiring : cachedWiring,
      createResponseBudget(options.maxResponseValues),
    );
}

/** What a request's context needs to build its API object and loaders. */
interface RequestWiring extends Omit<ContextFactoryOptions, 'authenticator'> {
  /** The entity cache hook matching the request's freshness; absent when the cache is off. */
  readonly cache: RequestEntityCache | undefined;
  readonly batches: PackageBatchSource | undefined;
}

/**
 * One request's context. The account-scoped API object and the loaders are built on first use,
 * once: a request that reads no package (`{ __typename }`, a refused operation) builds neither.
 * Building them has no effect beyond the objects themselves (the deadline is fixed above), so
 * when they are built does not change what the request does.
 */
class RequestContext implements GatewayContext {
  readonly accountId: string;
  readonly cursorKey: Uint8Array;
  readonly changes: LiveChanges;
  private upstreamApi: PackagesApi | undefined;
  private builtLoaders: Loaders | undefined;
  private builtApi: PackagesApi | undefined;

  constructor(
    readonly requestId: string,
    readonly caller: Caller,
    private readonly deadline: number,
    private readonly wiring: RequestWiring,
    readonly responseBudget: ResponseBudget,
  ) {
    this.accountId = caller.accountId;
    this.cursorKey = wiring.cursorKey;
    this.changes = wiring.changes;
  }

  /** The upstream API bound to this account, request and deadline. */
  private upstream(): PackagesApi {
    this.upstreamApi ??= createPackagesApi(this.wiring.client, {
      accountId: this.accountId,
      requestId: this.requestId,
      deadline: this.deadline,
    });
    return this.upstreamApi;
  }

  get loaders(): Loaders {
    this.builtLoaders ??= createLoaders(this.upstream(), {
      accountIds: this.caller.visibleAccountIds,
      batches: this.wiring.batches,
      onBatch: this.wiring.onLoaderBatch,
      traceBatch: this.wiring.traceLoaderBatch,
    });
    return this.builtLoaders;
  }

  get api(): PackagesApi {
    if (this.builtApi === undefined) {
      const cache = this.wiring.cache;
      this.builtApi = cache
        ? withCachedReadsAndWrittenThrough(this.upstream(), cache, this.loaders.scope.accountIds)
        : this.upstream();
    }
    return this.builtApi;
  }
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
  // Freshness only chooses between the cache's two hooks: with no cache there is nothing to
  // choose, and the request's `Cache-Control` / `Pragma` are not parsed.
  const hasCache = options.entityCache !== undefined;
  return async (request, requestId) => {
    const caller = await options.authenticator.authenticate(request.headers.authorization);
    return contextFor(
      caller,
      requestId,
      hasCache ? { fresh: wantsFreshData(request.headers) } : undefined,
    );
  };
}
