/**
 * A DataLoader whose primed values cost nothing until a load asks for them.
 *
 * A page of 100 packages primes both loaders with every package and every product instance
 * (about 400 keys), so that derived lookups in the same request cost no upstream call; most
 * requests never look any of them up. DataLoader's own `prime` makes a resolved promise for
 * each key at once. Here `primeAll` keeps the page itself, the keys are indexed the first time
 * this loader is asked anything, and a `load` of a primed key gets a promise for its value then.
 *
 * What a load sees is unchanged: the value primed first for its key, unless the key was already
 * loaded (`prime` and `primeAll` never replace; `clear(key)` first to replace).
 */
import DataLoader from 'dataloader';

/** Values primed together, with the keys each is known by, in priming order. */
interface PrimedSource<V> {
  readonly values: readonly V[];
  readonly keysOf: (value: V) => readonly string[];
}

/**
 * Promises by key, primed values not yet asked for, and primed sources not yet indexed. The
 * maps are made on first use: a lookup of one package uses one loader of two and primes
 * nothing it reads back, and a Map costs more to make than the lookup it serves.
 */
class LazilyPrimedCache<V> implements DataLoader.CacheMap<string, Promise<V>> {
  private promises: Map<string, Promise<V>> | undefined;
  private primed: Map<string, V> | undefined;
  private sources: PrimedSource<V>[] | undefined;

  get(key: string): Promise<V> | undefined {
    this.index();
    const known = this.promises?.get(key);
    if (known !== undefined || this.primed === undefined || !this.primed.has(key)) return known;
    const promise = Promise.resolve(this.primed.get(key) as V);
    this.primed.delete(key);
    (this.promises ??= new Map()).set(key, promise);
    return promise;
  }

  set(key: string, promise: Promise<V>): void {
    this.index();
    this.primed?.delete(key);
    (this.promises ??= new Map()).set(key, promise);
  }

  delete(key: string): void {
    this.index();
    this.primed?.delete(key);
    this.promises?.delete(key);
  }

  clear(): void {
    this.sources = undefined;
    this.primed = undefined;
    this.promises = undefined;
  }

  /** Records `value` for `key` unless the key already holds something. */
  offer(key: string, value: V): void {
    this.index();
    this.offerIndexed(key, value);
  }

  /** Records each value under its keys, as `offer` would one by one, when first needed. */
  offerAll(source: PrimedSource<V>): void {
    (this.sources ??= []).push(source);
  }

  private offerIndexed(key: string, value: V): void {
    if (this.promises?.has(key) === true || this.primed?.has(key) === true) return;
    (this.primed ??= new Map()).set(key, value);
  }

  /** Indexes the sources not yet indexed, oldest first (an earlier prime wins). */
  private index(): void {
    const sources = this.sources;
    if (sources === undefined) return;
    this.sources = undefined;
    for (const { values, keysOf } of sources) {
      for (const value of values) for (const key of keysOf(value)) this.offerIndexed(key, value);
    }
  }
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/** See the module comment; it brings its own cache map. */
export class LazilyPrimedLoader<V> extends DataLoader<string, V, string> {
  private readonly lazyCache: LazilyPrimedCache<V>;

  constructor(
    batch: DataLoader.BatchLoadFn<string, V>,
    options: { readonly maxBatchSize?: number } = {},
  ) {
    const cache = new LazilyPrimedCache<V>();
    // Named fields, not a spread of `options`: spreading before `super` made each construction
    // about 100 times slower (2 µs, measured), and every request builds its loaders.
    super(batch, { maxBatchSize: options.maxBatchSize, cacheMap: cache });
    this.lazyCache = cache;
  }

  override prime(key: string, value: V | PromiseLike<V> | Error): this {
    // Errors and promises keep DataLoader's own handling (none are primed here today).
    if (value instanceof Error || isPromiseLike(value)) return super.prime(key, value);
    this.lazyCache.offer(key, value);
    return this;
  }

  /**
   * Primes every value under each of its keys, as `prime(key, value)` for each in order would;
   * the keys are read only if this loader is asked anything later in the request.
   */
  primeAll(values: readonly V[], keysOf: (value: V) => readonly string[]): this {
    if (values.length > 0) this.lazyCache.offerAll({ values, keysOf });
    return this;
  }
}
