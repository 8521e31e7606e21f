import type { WixPagingMetadata, WixQueryPackagesResponse } from '../../wix/wire-types';
import type { IndexedPackage, PackageIndex } from '../store/package-index';
import { encodeCursor, type CursorDirection } from './cursor-codec';
import { filterCandidates, union, type CandidateIds } from './filter-candidates';
import { compileFilter, type PackagePredicate } from './filter-predicate';
import { sortCandidates, walkOrdering, type PackageVisitor } from './ordered-source';
import { parseQueryRequest, type CursorQuery, type OffsetQuery } from './query-request';
import { compareToPosition, positionOf } from './sort';

/** Accounts whose packages are visible (the header account's root parent and all its sub-accounts, per contract: Query Packages). */
export interface QueryScope {
  readonly accountIds: ReadonlySet<string>;
}

/**
 * Runs a Query Packages request body (the raw parsed JSON, `{ query: {...} }`, contract: Query Packages).
 * Only packages whose `accountId` is in `scope` are visible; filters only narrow that.
 * Returned package objects are the stored (immutable) ones.
 * @throws QueryRequestError on any invalid input (a 400 with the contract: error envelope validation envelope).
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
  const from = query.anchor?.position;

  const page: IndexedPackage[] = [];
  let hasMore = false;
  let pastAnchor = from === undefined;
  visitMatches(index, query, scope, accept, reverse, query.limit + 1, (entry) => {
    if (!pastAnchor) {
      // The walk is in order, so once one package lies beyond the anchor all later ones do.
      const side = compareToPosition(entry, from!, query.sort);
      if (reverse ? side >= 0 : side <= 0) return true;
      pastAnchor = true;
    }
    if (page.length === query.limit) {
      hasMore = true;
      return false;
    }
    page.push(entry);
    return true;
  });
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
  const page: IndexedPackage[] = [];
  const end = query.offset + query.limit;
  // Without a filter the total is the scope's size (each package has one account), so the
  // walk can stop at the page's end; otherwise every match is visited once to count it.
  const unfiltered = query.filter.kind === 'and' && query.filter.children.length === 0;
  let seen = 0;
  visitMatches(index, query, scope, accept, false, unfiltered ? end : Infinity, (entry) => {
    if (seen >= query.offset && seen < end) page.push(entry);
    seen++;
    return !unfiltered || seen < end;
  });
  const total = unfiltered ? scopeCandidates(index, scope).size : seen;
  const metadata: WixPagingMetadata = { count: page.length, offset: query.offset, total };
  return { packages: page.map((entry) => entry.pkg), metadata };
}

/**
 * Visits the visible packages matching the filter in the query's order (or its reverse),
 * choosing the cheaper plan: sort the candidates an index gives for the filter or the scope,
 * or walk the maintained ordering, which stops once `rowsWanted` matches were visited. The
 * walk is costed assuming matches are spread evenly over the ordering.
 */
function visitMatches(
  index: PackageIndex,
  query: CursorQuery | OffsetQuery,
  scope: QueryScope,
  accept: PackagePredicate,
  reverse: boolean,
  rowsWanted: number,
  visit: PackageVisitor,
): void {
  const candidates = smallest(filterCandidates(index, query.filter), scopeCandidates(index, scope));
  const k = candidates.size;
  const sortCost = k === 0 ? 0 : k * (2 + 2 * Math.log2(k));
  const walkCost = k === 0 ? Infinity : Math.min(index.size, (rowsWanted * index.size) / k);
  if (sortCost <= walkCost) {
    for (const entry of sortCandidates(index, candidates.ids(), accept, query.sort, reverse)) {
      if (!visit(entry)) return;
    }
    return;
  }
  const from = query.mode === 'cursor' ? query.anchor?.position : undefined;
  walkOrdering(index, query.sort, reverse, from, query.filter, (entry) => {
    return !accept(entry) || visit(entry);
  });
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
