import { firstAfter, firstAtOrAfter } from '../store/index-sorted-keys';
import type { IndexedPackage, PackageIndex } from '../store/package-index';
import type { FilterNode } from './filter-ast';
import type { PackagePredicate } from './filter-predicate';
import { keyRangeOf } from './key-range';
import { comparePackages, type SortClause, type SortPosition } from './sort';

/** Receives packages in order; returns false to stop the walk. */
export type PackageVisitor = (entry: IndexedPackage) => boolean;

/**
 * Walks the index's maintained ordering of the first sort clause, visiting packages in the
 * query's full order (or exactly its reverse). Runs of equal primary keys are ordered by the
 * remaining clauses and then `id` ascending. With `from`, the walk starts at the run holding
 * `from`'s primary value (the visitor skips up to `from` itself), and it never leaves the
 * range the filter's own conditions on the primary field allow. Stops when the visitor
 * returns false, so a page costs about what it returns. A plain loop with a callback rather
 * than generators: it runs up to once per stored package.
 */
export function walkOrdering(
  index: PackageIndex,
  clauses: readonly SortClause[],
  reverse: boolean,
  from: SortPosition | undefined,
  filter: FilterNode,
  visit: PackageVisitor,
): void {
  const primary = clauses[0]!;
  const { keys, items } = index.ordering(primary.fieldName);
  const ascending = (primary.order === 'ASC') !== reverse;
  const range = keyRangeOf(filter, primary.fieldName, keys);
  const ordered = clauses.length > 1;
  if (ascending) {
    let position = Math.max(range.start, from ? firstAtOrAfter(keys, from.values[0]!) : 0);
    while (position < range.end) {
      const key = keys[position]!;
      let end = position + 1;
      while (end < range.end && keys[end] === key) end++;
      if (end - position === 1) {
        if (!visit(items[position]!)) return;
      } else if (!visitRun(items.slice(position, end), clauses, ordered, reverse, visit)) return;
      position = end;
    }
  } else {
    let position = Math.min(range.end, from ? firstAfter(keys, from.values[0]!) : range.end) - 1;
    while (position >= range.start) {
      const key = keys[position]!;
      let start = position;
      while (start > range.start && keys[start - 1] === key) start--;
      if (start === position) {
        if (!visit(items[position]!)) return;
      } else if (!visitRun(items.slice(start, position + 1), clauses, ordered, reverse, visit)) {
        return;
      }
      position = start - 1;
    }
  }
}

/** A run shares its primary key and arrives by id ascending. */
function visitRun(
  run: IndexedPackage[],
  clauses: readonly SortClause[],
  ordered: boolean,
  reverse: boolean,
  visit: PackageVisitor,
): boolean {
  if (ordered) run.sort((a, b) => comparePackages(a, b, clauses));
  if (reverse) run.reverse();
  for (const entry of run) if (!visit(entry)) return false;
  return true;
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
