/**
 * A DataLoader whose primed values become promises only when a load asks for them.
 *
 * A page of 100 packages primes both loaders with every package and every product instance
 * (about 400 entries), so that derived lookups in the same request cost no upstream call; most
 * are never looked up. DataLoader's own `prime` makes a resolved promise for each at once;
 * here a primed value waits as a plain value, and a `load` of its key gets a promise for it
 * then. What a load sees is unchanged: the primed value, unless the key was already loaded or
 * primed (`prime` never replaces; `clear(key)` first to replace).
 */
import DataLoader from 'dataloader';

/**
 * Promises by key, plus primed values not yet asked for. Both maps are made on first use: a
 * lookup of one package uses one loader of two and primes nothing it reads back, and a Map
 * costs more to make than the lookup it serves.
 */
class LazilyPrimedCache<V> implements DataLoader.CacheMap<string, Promise<V>> {
  private promises: Map<string, Promise<V>> | undefined;
  private primed: Map<string, V> | undefined;

  get(key: string): Promise<V> | undefined {
    const known = this.promises?.get(key);
    if (known !== undefined || this.primed === undefined || !this.primed.has(key)) return known;
    const promise = Promise.resolve(this.primed.get(key) as V);
    this.primed.delete(key);
    (this.promises ??= new Map()).set(key, promise);
    return promise;
  }

  set(key: string, promise: Promise<V>): void {
    this.primed?.delete(key);
    (this.promises ??= new Map()).set(key, promise);
  }

  delete(key: string): void {
    this.primed?.delete(key);
    this.promises?.delete(key);
  }

  clear(): void {
    this.primed = undefined;
    this.promises = undefined;
  }

  /** Records `value` for `key` unless the key already holds something. */
  offer(key: string, value: V): void {
    if (this.promises?.has(key) === true || this.primed?.has(key) === true) return;
    (this.primed ??= new Map()).set(key, value);
  }
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/** See the module comment; options are DataLoader's, but it brings its own cache map. */
export class LazilyPrimedLoader<V> extends DataLoader<string, V, string> {
  private readonly lazyCache: LazilyPrimedCache<V>;

  constructor(
    batch: DataLoader.BatchLoadFn<string, V>,
    options: Omit<DataLoader.Options<string, V, string>, 'cacheMap' | 'cache' | 'cacheKeyFn'> = {},
  ) {
    const cache = new LazilyPrimedCache<V>();
    super(batch, { ...options, cacheMap: cache });
    this.lazyCache = cache;
  }

  override prime(key: string, value: V | PromiseLike<V> | Error): this {
    // Errors and promises keep DataLoader's own handling (none are primed here today).
    if (value instanceof Error || isPromiseLike(value)) return super.prime(key, value);
    this.lazyCache.offer(key, value);
    return this;
  }
}
