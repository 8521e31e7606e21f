import { firstAfter, firstAtOrAfter } from '../store/index-sorted-keys';
import type { PackageSortField } from '../store/package-index';
import type { FilterNode } from './filter-ast';

/** A half-open range `[start, end)` of positions in an ordering. */
export interface PositionRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The positions of `keys` (an ordering by `field`) that the filter's top-level date
 * conditions on `field` allow, e.g. `createdDate: {$gte: a, $lt: b}` → the keys in [a, b).
 * Conditions under `$or`/`$not` do not narrow. Lets a walk skip straight to the matches.
 */
export function keyRangeOf(
  node: FilterNode,
  field: PackageSortField,
  keys: readonly number[],
): PositionRange {
  let start = 0;
  let end = keys.length;
  const narrow = (condition: FilterNode): void => {
    if (condition.kind === 'and') {
      condition.children.forEach(narrow);
      return;
    }
    if (condition.kind !== 'date' || condition.field !== field) return;
    const { ms } = condition;
    switch (condition.op) {
      case '$gt':
        start = Math.max(start, firstAfter(keys, ms));
        break;
      case '$gte':
        start = Math.max(start, firstAtOrAfter(keys, ms));
        break;
      case '$lt':
        end = Math.min(end, firstAtOrAfter(keys, ms));
        break;
      case '$lte':
        end = Math.min(end, firstAfter(keys, ms));
        break;
      case '$eq':
        start = Math.max(start, firstAtOrAfter(keys, ms));
        end = Math.min(end, firstAfter(keys, ms));
        break;
      case '$ne':
        break;
    }
  };
  narrow(node);
  return { start, end: Math.max(start, end) };
}
