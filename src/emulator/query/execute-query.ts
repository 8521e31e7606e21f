import type { WixPagingMetadata, WixQueryPackagesResponse } from '../../wix/wire-types';
import type { IndexedPackage, PackageIndex } from '../store/package-index';
import { encodeCursor, type CursorDirection } from './cursor-codec';
import { filterCandidates, union, type CandidateIds } from './filter-candidates';
import { compileFilter, type PackagePredicate } from './filter-predicate';
import { sortCandidates, walkOrdering } from './ordered-source';
import { parseQueryRequest, type CursorQuery, type OffsetQuery } from './query-request';
import { compareToPosition, positionOf } from './sort';

/** Accounts whose packages are visible (the header account's root parent and all its sub-accounts, per §6.4). */
export interface QueryScope {
  readonly accountIds: ReadonlySet<string>;
}

/** Candidate sets up to this size are sorted instead of walking an ordering (cursor mode). */
const SORT_CANDIDATES_MIN_LIMIT = 1000;

/**
 * Runs a Query Packages request body (the raw parsed JSON, `{ query: {...} }`, §6.4).
 * Only packages whose `accountId` is in `scope` are visible; filters only narrow that.
 * Returned package objects are the stored (immutable) ones.
 * @throws QueryRequestError on any invalid input (a 400 with the §8.1 validation envelope).
 */
export function executeQueryPackages(
  index: PackageIndex,
  body: unknown,
  scope: QueryScope,
): WixQueryPackagesResponse {
  const query = parseQueryRequest(body);
  const predicate = compileFilter(query.filter);
  const accept: PackagePredicate = (entry) =>
    scope.accountIds.has(entry.pkg.accountId) && predicate(entry);
  return query.mode === 'offset'
    ? offsetPage(index, query, scope, accept)
    : cursorPage(index, query, scope, accept);
}

function cursorPage(
  index: PackageIndex,
  query: CursorQuery,
  scope: QueryScope,
  accept: PackagePredicate,
): WixQueryPackagesResponse {
  const direction = query.anchor?.direction ?? 'next';
  const reverse = direction === 'prev';
  const threshold = Math.max(SORT_CANDIDATES_MIN_LIMIT, index.size / 16);
  const matches = orderedMatches(index, query, scope, accept, reverse, threshold);
  const from = query.anchor?.position;

  const page: IndexedPackage[] = [];
  let hasMore = false;
  let pastAnchor = from === undefined;
  for (const entry of matches) {
    if (!pastAnchor) {
      // The walk is in order, so once one package lies beyond the anchor all later ones do.
      const side = compareToPosition(entry, from!, query.sort);
      if (reverse ? side >= 0 : side <= 0) continue;
      pastAnchor = true;
    }
    if (page.length === query.limit) {
      hasMore = true;
      break;
    }
    page.push(entry);
  }
  if (reverse) page.reverse();

  const first = page[0];
  const last = page[page.length - 1];
  const cursor = (entry: IndexedPackage, towards: CursorDirection): string =>
    encodeCursor({
      filter: query.rawFilter,
      sort: query.sort,
      lastSortValues: positionOf(entry, query.sort).values,
      lastId: entry.pkg.id,
      direction: towards,
      limit: query.limit,
    });
  const cursors: { next?: string; prev?: string } = {};
  if (last && (reverse || hasMore)) cursors.next = cursor(last, 'next');
  if (first && (reverse ? hasMore : query.anchor !== undefined))
    cursors.prev = cursor(first, 'prev');

  const metadata: WixPagingMetadata = { count: page.length, cursors };
  return { packages: page.map((entry) => entry.pkg), metadata };
}

function offsetPage(
  index: PackageIndex,
  query: OffsetQuery,
  scope: QueryScope,
  accept: PackagePredicate,
): WixQueryPackagesResponse {
  // `total` needs every match counted, so sorting candidates pays off for larger sets here.
  const threshold = Math.max(SORT_CANDIDATES_MIN_LIMIT, index.size / 4);
  const page: IndexedPackage[] = [];
  let total = 0;
  for (const entry of orderedMatches(index, query, scope, accept, false, threshold)) {
    if (total >= query.offset && page.length < query.limit) page.push(entry);
    total++;
  }
  const metadata: WixPagingMetadata = { count: page.length, offset: query.offset, total };
  return { packages: page.map((entry) => entry.pkg), metadata };
}

/**
 * The visible packages matching the filter, in the query's order (or its reverse): sorted
 * index candidates when the filter or the scope narrows the store to at most `threshold`
 * packages, otherwise a lazy walk of the maintained ordering.
 */
function orderedMatches(
  index: PackageIndex,
  query: CursorQuery | OffsetQuery,
  scope: QueryScope,
  accept: PackagePredicate,
  reverse: boolean,
  threshold: number,
): Iterable<IndexedPackage> {
  const candidates = smallest(filterCandidates(index, query.filter), scopeCandidates(index, scope));
  if (candidates.size <= threshold) {
    return sortCandidates(index, candidates.ids(), accept, query.sort, reverse);
  }
  const from = query.mode === 'cursor' ? query.anchor?.position : undefined;
  return acceptedOnly(walkOrdering(index, query.sort, reverse, from), accept);
}

function* acceptedOnly(
  entries: Iterable<IndexedPackage>,
  accept: PackagePredicate,
): Generator<IndexedPackage> {
  for (const entry of entries) if (accept(entry)) yield entry;
}

function scopeCandidates(index: PackageIndex, scope: QueryScope): CandidateIds {
  const parts: CandidateIds[] = [];
  for (const accountId of scope.accountIds) {
    const ids = index.idsByAccountId(accountId);
    if (ids) parts.push({ size: ids.size, ids: () => ids });
  }
  return parts.length === 0 ? { size: 0, ids: () => [] } : union(parts);
}

function smallest(a: CandidateIds | undefined, b: CandidateIds): CandidateIds {
  return a !== undefined && a.size < b.size ? a : b;
}
