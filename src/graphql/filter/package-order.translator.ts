import type { WixSort } from '../../wix/wire-types';
import { SortDirection } from '../common/sort-direction.enum';
import type { InputProblems } from '../common/input-problems';
import { PackageOrderField } from './package-order-field.enum';
import type { PackageOrder } from './package-order.input';

const WIX_FIELD: Readonly<Record<PackageOrderField, string>> = {
  [PackageOrderField.CREATED_DATE]: 'createdDate',
  [PackageOrderField.UPDATED_DATE]: 'updatedDate',
};

/** The upstream's documented default (contract: Query Packages), sent explicitly so cursors name their order. */
export const DEFAULT_PACKAGE_SORT: readonly WixSort[] = [
  { fieldName: 'createdDate', order: 'DESC' },
];

/**
 * Translates `orderBy` to Wix sort clauses (default: createdDate DESC). A field named twice
 * is a problem.
 */
export function translatePackageOrder(
  orderBy: readonly PackageOrder[] | null | undefined,
  problems: InputProblems,
  path = 'orderBy',
): WixSort[] {
  if (orderBy == null || orderBy.length === 0) return [...DEFAULT_PACKAGE_SORT];
  const seen = new Set<PackageOrderField>();
  return orderBy.map((clause, index) => {
    if (seen.has(clause.field)) problems.add(`${path}[${index}].field`, 'is already sorted on');
    seen.add(clause.field);
    return {
      fieldName: WIX_FIELD[clause.field],
      order: clause.direction === SortDirection.ASC ? 'ASC' : 'DESC',
    };
  });
}
