import type { WixSortOrder } from '../../wix/wire-types';
import type { IndexedPackage, PackageSortField } from '../store/package-index';
import type { ViolationList } from './query-request-error';
import { camelizeKeys, isPlainObject, snakeToCamel } from './request-keys';

/** One validated sort clause. */
export interface SortClause {
  readonly fieldName: PackageSortField;
  readonly order: WixSortOrder;
}

/** contract: Query Packages default order. */
export const DEFAULT_SORT: readonly SortClause[] = [{ fieldName: 'createdDate', order: 'DESC' }];

/** A position in a sort order: the sort values of one package (one per clause) and its id. */
export interface SortPosition {
  readonly values: readonly number[];
  readonly id: string;
}

/**
 * Validates `query.sort` (contract: query language): an array of `{fieldName, order}`, `order` defaulting to `ASC`
 * (case-insensitive), only `createdDate`/`updatedDate`. A repeated field adds nothing and is
 * dropped. Returns the default order when the array is absent or empty.
 */
export function parseSort(raw: unknown, violations: ViolationList, at: string): SortClause[] {
  if (raw === undefined || raw === null) return [...DEFAULT_SORT];
  if (!Array.isArray(raw)) {
    violations.add(at, 'must be an array of {fieldName, order}', 'FORMAT');
    return [...DEFAULT_SORT];
  }
  const clauses: SortClause[] = [];
  raw.forEach((item, i) => {
    const clause = parseClause(item, violations, `${at}[${i}]`);
    if (clause && !clauses.some((existing) => existing.fieldName === clause.fieldName)) {
      clauses.push(clause);
    }
  });
  return clauses.length > 0 ? clauses : [...DEFAULT_SORT];
}

function parseClause(item: unknown, violations: ViolationList, at: string): SortClause | undefined {
  if (!isPlainObject(item)) {
    violations.add(at, 'must be an object {fieldName, order}', 'FORMAT');
    return undefined;
  }
  const { fieldName, order } = camelizeKeys(item);
  let field: PackageSortField | undefined;
  if (typeof fieldName !== 'string' || fieldName === '') {
    violations.add(`${at}.fieldName`, 'is required', 'REQUIRED_FIELD');
  } else {
    const camel = snakeToCamel(fieldName);
    if (camel === 'createdDate' || camel === 'updatedDate') field = camel;
    else {
      violations.add(
        `${at}.fieldName`,
        `sorting by "${fieldName}" is not supported`,
        'NOT_SUPPORTED',
        {
          sortableFields: ['createdDate', 'updatedDate'],
        },
      );
    }
  }
  let direction: WixSortOrder = 'ASC';
  if (order !== undefined && order !== null) {
    const upper = typeof order === 'string' ? order.toUpperCase() : undefined;
    if (upper === 'ASC' || upper === 'DESC') direction = upper;
    else {
      violations.add(`${at}.order`, 'must be ASC or DESC', 'INVALID_ENUM_VALUE', {
        allowedValues: ['ASC', 'DESC'],
      });
    }
  }
  return field ? { fieldName: field, order: direction } : undefined;
}

/** The value a package sorts by for one field. */
export function sortValue(entry: IndexedPackage, field: PackageSortField): number {
  return field === 'createdDate' ? entry.createdMs : entry.updatedMs;
}

/** The position of a package in the order given by `clauses`. */
export function positionOf(entry: IndexedPackage, clauses: readonly SortClause[]): SortPosition {
  return { values: clauses.map((clause) => sortValue(entry, clause.fieldName)), id: entry.pkg.id };
}

/** Compares a package with a position: the clauses in order, then `id` ascending (stable). */
export function compareToPosition(
  entry: IndexedPackage,
  position: SortPosition,
  clauses: readonly SortClause[],
): number {
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i]!;
    const a = sortValue(entry, clause.fieldName);
    const b = position.values[i]!;
    if (a !== b) return (a < b ? -1 : 1) * (clause.order === 'DESC' ? -1 : 1);
  }
  return compareIds(entry.pkg.id, position.id);
}

/** The full order of the query: the clauses in order, then `id` ascending. */
export function comparePackages(
  a: IndexedPackage,
  b: IndexedPackage,
  clauses: readonly SortClause[],
): number {
  for (const clause of clauses) {
    const x = sortValue(a, clause.fieldName);
    const y = sortValue(b, clause.fieldName);
    if (x !== y) return (x < y ? -1 : 1) * (clause.order === 'DESC' ? -1 : 1);
  }
  return compareIds(a.pkg.id, b.pkg.id);
}

function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
