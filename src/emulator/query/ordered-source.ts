import type { IndexedPackage, PackageIndex } from '../store/package-index';
import type { PackagePredicate } from './filter-predicate';
import { comparePackages, type SortClause, type SortPosition } from './sort';

/**
 * Walks the index's maintained ordering of the first sort clause, yielding packages in the
 * query's full order (or exactly its reverse). Runs of equal primary keys are ordered by the
 * remaining clauses and then `id` ascending. With `from`, the walk starts at the run holding
 * `from`'s primary value (the caller skips up to `from` itself). Lazy: a page stops the walk.
 */
export function* walkOrdering(
  index: PackageIndex,
  clauses: readonly SortClause[],
  reverse: boolean,
  from?: SortPosition,
): Generator<IndexedPackage> {
  const primary = clauses[0]!;
  const ordering = index.ordering(primary.fieldName);
  const ascending = (primary.order === 'ASC') !== reverse;
  const count = ordering.length;
  if (ascending) {
    let position = from ? ordering.firstAtOrAfter(from.values[0]!) : 0;
    while (position < count) {
      let end = position + 1;
      while (end < count && ordering.keyAt(end) === ordering.keyAt(position)) end++;
      yield* run(index, position, end, clauses, reverse);
      position = end;
    }
  } else {
    let position = (from ? ordering.firstAfter(from.values[0]!) : count) - 1;
    while (position >= 0) {
      let start = position;
      while (start > 0 && ordering.keyAt(start - 1) === ordering.keyAt(position)) start--;
      yield* run(index, start, position + 1, clauses, reverse);
      position = start - 1;
    }
  }
}

/** Positions `[start, end)` share a primary key; the ordering keeps them by id ascending. */
function* run(
  index: PackageIndex,
  start: number,
  end: number,
  clauses: readonly SortClause[],
  reverse: boolean,
): Generator<IndexedPackage> {
  const ordering = index.ordering(clauses[0]!.fieldName);
  if (end - start === 1) {
    const entry = index.entry(ordering.idAt(start));
    if (entry) yield entry;
    return;
  }
  const entries: IndexedPackage[] = [];
  for (let i = start; i < end; i++) {
    const entry = index.entry(ordering.idAt(i));
    if (entry) entries.push(entry);
  }
  if (clauses.length > 1) entries.sort((a, b) => comparePackages(a, b, clauses));
  if (reverse) entries.reverse();
  yield* entries;
}

/**
 * The accepted packages among `ids` (duplicates removed), sorted in the query's order or its
 * reverse. Used when an index narrows the candidates enough that sorting beats walking.
 */
export function sortCandidates(
  index: PackageIndex,
  ids: Iterable<string>,
  accept: PackagePredicate,
  clauses: readonly SortClause[],
  reverse: boolean,
): IndexedPackage[] {
  const seen = new Set<string>();
  const matches: IndexedPackage[] = [];
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const entry = index.entry(id);
    if (entry && accept(entry)) matches.push(entry);
  }
  const sign = reverse ? -1 : 1;
  matches.sort((a, b) => sign * comparePackages(a, b, clauses));
  return matches;
}
