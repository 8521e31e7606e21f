import type { WixPackage } from '../../wix/wire-types';
import { IdMultimap } from './index-multimap';
import { SortedKeyIndex, type SortedKeysView } from './index-sorted-keys';

/**
 * A stored package with its timestamps pre-parsed for sorting and range filters. One object
 * per package id for the package's lifetime (a `put` updates it), so the orderings can hold
 * it directly; read it synchronously and do not keep it across a `put`.
 */
export interface IndexedPackage {
  readonly id: string;
  readonly pkg: WixPackage;
  readonly createdMs: number;
  readonly updatedMs: number;
}

interface MutableIndexedPackage {
  readonly id: string;
  pkg: WixPackage;
  createdMs: number;
  updatedMs: number;
}

/** The two sortable package fields (contract: query language). */
export type PackageSortField = 'createdDate' | 'updatedDate';

/** Product-instance fields with a value → package index (the values of `status` upper-cased). */
export type IndexedInstanceField = 'siteId' | 'catalogProductId' | 'status';

const INDEXED_INSTANCE_FIELDS: readonly IndexedInstanceField[] = [
  'siteId',
  'catalogProductId',
  'status',
];

/**
 * The emulator's package store and its secondary indexes. Stored packages are immutable:
 * callers `put` a new object on every change, which re-indexes it. The indexes serve the
 * query engine (src/emulator/query) at 100,000 packages without copying the data per query.
 */
export class PackageIndex {
  private readonly byId = new Map<string, MutableIndexedPackage>();
  private readonly packageIdByInstanceId = new Map<string, string>();
  private readonly byAccountId = new IdMultimap();
  private readonly byExternalId = new IdMultimap();
  private readonly byInstanceField: Record<IndexedInstanceField, IdMultimap> = {
    siteId: new IdMultimap(),
    catalogProductId: new IdMultimap(),
    status: new IdMultimap(),
  };
  private readonly orderings: Record<PackageSortField, SortedKeyIndex<IndexedPackage>> = {
    createdDate: new SortedKeyIndex(),
    updatedDate: new SortedKeyIndex(),
  };

  get size(): number {
    return this.byId.size;
  }

  get(id: string): WixPackage | undefined {
    return this.byId.get(id)?.pkg;
  }

  /** The package that contains this product instance. */
  getByInstanceId(instanceId: string): WixPackage | undefined {
    const packageId = this.packageIdByInstanceId.get(instanceId);
    return packageId === undefined ? undefined : this.byId.get(packageId)?.pkg;
  }

  /**
   * Insert or replace (re-indexes). Stored objects are treated as immutable: callers put a
   * NEW object on every change and never mutate a stored one.
   * @throws TypeError when `createdDate` or `updatedDate` is not a parseable timestamp.
   */
  put(pkg: WixPackage): void {
    const createdMs = parseStoredTimestamp(pkg.createdDate, 'createdDate', pkg.id);
    const updatedMs = parseStoredTimestamp(pkg.updatedDate, 'updatedDate', pkg.id);
    const entry = this.byId.get(pkg.id);
    if (!entry) {
      const added: MutableIndexedPackage = { id: pkg.id, pkg, createdMs, updatedMs };
      this.byId.set(pkg.id, added);
      this.index(added);
      this.orderings.createdDate.insert(createdMs, added);
      this.orderings.updatedDate.insert(updatedMs, added);
      return;
    }
    this.unindex(entry);
    const previousCreatedMs = entry.createdMs;
    const previousUpdatedMs = entry.updatedMs;
    entry.pkg = pkg;
    entry.createdMs = createdMs;
    entry.updatedMs = updatedMs;
    this.index(entry);
    // Usually only `updatedDate` moves; an ordering whose key is unchanged already holds `entry`.
    if (createdMs !== previousCreatedMs) {
      this.orderings.createdDate.remove(previousCreatedMs, pkg.id);
      this.orderings.createdDate.insert(createdMs, entry);
    }
    if (updatedMs !== previousUpdatedMs) {
      this.orderings.updatedDate.remove(previousUpdatedMs, pkg.id);
      this.orderings.updatedDate.insert(updatedMs, entry);
    }
  }

  clear(): void {
    this.byId.clear();
    this.packageIdByInstanceId.clear();
    this.byAccountId.clear();
    this.byExternalId.clear();
    for (const field of INDEXED_INSTANCE_FIELDS) this.byInstanceField[field].clear();
    this.orderings.createdDate.clear();
    this.orderings.updatedDate.clear();
  }

  /** All packages, in no guaranteed order. */
  *values(): IterableIterator<WixPackage> {
    for (const entry of this.byId.values()) yield entry.pkg;
  }

  // ---- read access for the query engine ----

  /** The stored package with its parsed timestamps. */
  entry(id: string): IndexedPackage | undefined {
    return this.byId.get(id);
  }

  /** Ids of the packages of one account (live set: do not modify). */
  idsByAccountId(accountId: string): ReadonlySet<string> | undefined {
    return this.byAccountId.get(accountId);
  }

  /** Ids of the packages with this `externalId` (live set: do not modify). */
  idsByExternalId(externalId: string): ReadonlySet<string> | undefined {
    return this.byExternalId.get(externalId);
  }

  /** Id of the package holding this instance. */
  packageIdOfInstance(instanceId: string): string | undefined {
    return this.packageIdByInstanceId.get(instanceId);
  }

  /**
   * Ids of packages with at least one instance whose `field` equals `value`
   * (`status` values are upper case). Live set: do not modify.
   */
  idsByInstanceField(field: IndexedInstanceField, value: string): ReadonlySet<string> | undefined {
    return this.byInstanceField[field].get(value);
  }

  /** All packages ordered ascending by `(field timestamp, id)`. Valid until the next `put`. */
  ordering(field: PackageSortField): SortedKeysView<IndexedPackage> {
    return this.orderings[field].view();
  }

  private index(entry: MutableIndexedPackage): void {
    const { pkg } = entry;
    this.byAccountId.add(pkg.accountId, pkg.id);
    if (pkg.externalId !== undefined) this.byExternalId.add(pkg.externalId, pkg.id);
    for (const instance of pkg.productInstances) {
      this.packageIdByInstanceId.set(instance.instanceId, pkg.id);
      for (const field of INDEXED_INSTANCE_FIELDS) {
        const value = instanceFieldKey(instance[field], field);
        if (value !== undefined) this.byInstanceField[field].add(value, pkg.id);
      }
    }
  }

  private unindex(entry: MutableIndexedPackage): void {
    const { pkg } = entry;
    this.byAccountId.delete(pkg.accountId, pkg.id);
    if (pkg.externalId !== undefined) this.byExternalId.delete(pkg.externalId, pkg.id);
    for (const instance of pkg.productInstances) {
      if (this.packageIdByInstanceId.get(instance.instanceId) === pkg.id) {
        this.packageIdByInstanceId.delete(instance.instanceId);
      }
      for (const field of INDEXED_INSTANCE_FIELDS) {
        const value = instanceFieldKey(instance[field], field);
        if (value !== undefined) this.byInstanceField[field].delete(value, pkg.id);
      }
    }
  }
}

function instanceFieldKey(value: unknown, field: IndexedInstanceField): string | undefined {
  if (typeof value !== 'string') return undefined;
  return field === 'status' ? value.toUpperCase() : value;
}

function parseStoredTimestamp(value: string, field: string, id: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`package ${id}: ${field} is not a timestamp`);
  return ms;
}
