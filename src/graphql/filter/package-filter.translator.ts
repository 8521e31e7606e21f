/**
 * Translates the typed `PackageFilter` into the Wix query-language filter (contract: query language), validating it
 * on the way. Pure: problems go to an `InputProblems` collector, so every one of them is
 * reported at once, and nothing reaches the upstream unless the whole filter is valid.
 */
import type { WixFilter } from '../../wix/wire-types';
import { isGuid, normalizeGuid } from '../common/guid';
import type { InputProblems } from '../common/input-problems';
import { dateRangeClauses } from './date-range-clauses';
import { equalityClauses, type ValueNormalizer } from './equality-clauses';
import { instanceClauses } from './instance-clauses';
import type { PackageFilter } from './package-filter.input';

/** Deepest `and`/`or`/`not` nesting accepted; deeper filters are almost surely generated. */
export const MAX_FILTER_DEPTH = 8;
const MAX_EXTERNAL_ID_LENGTH = 100;

const guidValue: ValueNormalizer = (value, problems, path) => {
  if (isGuid(value)) return normalizeGuid(value);
  problems.add(path, 'is not a GUID');
  return undefined;
};

const externalIdValue: ValueNormalizer = (value, problems, path) => {
  if (value.length <= MAX_EXTERNAL_ID_LENGTH) return value;
  problems.add(path, `is longer than ${MAX_EXTERNAL_ID_LENGTH} characters, so nothing can match`);
  return undefined;
};

/** `undefined` = no condition; one clause as is; several under `$and`. */
function allOf(clauses: WixFilter[]): WixFilter | undefined {
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

function translateList(
  filters: readonly PackageFilter[],
  problems: InputProblems,
  path: string,
  depth: number,
): Array<WixFilter | undefined> {
  return filters.map((child, index) => translateNode(child, problems, `${path}[${index}]`, depth));
}

function logicalClauses(
  filter: PackageFilter,
  problems: InputProblems,
  path: string,
  depth: number,
): WixFilter[] {
  const clauses: WixFilter[] = [];
  if (filter.and != null) {
    if (filter.and.length === 0) problems.add(`${path}.and`, 'must list at least one filter');
    const children = translateList(filter.and, problems, `${path}.and`, depth + 1);
    const conditions = children.filter((child): child is WixFilter => child !== undefined);
    const combined = allOf(conditions);
    if (combined !== undefined) clauses.push(combined);
  }
  if (filter.or != null) {
    if (filter.or.length === 0) problems.add(`${path}.or`, 'must list at least one filter');
    const children = translateList(filter.or, problems, `${path}.or`, depth + 1);
    // One unconditional alternative makes the whole `or` unconditional.
    if (children.length > 0 && children.every((child) => child !== undefined)) {
      clauses.push(children.length === 1 ? children[0]! : { $or: children });
    }
  }
  if (filter.not != null) {
    const known = problems.list().length;
    const child = translateNode(filter.not, problems, `${path}.not`, depth + 1);
    // Only a truly empty filter is reported here, not one already reported as invalid.
    if (child === undefined && problems.list().length === known) {
      problems.add(`${path}.not`, 'has no condition, so its negation matches nothing');
    } else if (child !== undefined) {
      clauses.push({ $not: child });
    }
  }
  return clauses;
}

function translateNode(
  filter: PackageFilter,
  problems: InputProblems,
  path: string,
  depth: number,
): WixFilter | undefined {
  if (depth > MAX_FILTER_DEPTH) {
    problems.add(path, `nests and/or/not deeper than ${MAX_FILTER_DEPTH} levels`);
    return undefined;
  }
  return allOf([
    ...equalityClauses('id', filter.id, guidValue, problems, `${path}.id`),
    ...equalityClauses('accountId', filter.accountId, guidValue, problems, `${path}.accountId`),
    ...equalityClauses(
      'externalId',
      filter.externalId,
      externalIdValue,
      problems,
      `${path}.externalId`,
    ),
    ...dateRangeClauses('createdDate', filter.createdDate, problems, `${path}.createdDate`),
    ...dateRangeClauses('updatedDate', filter.updatedDate, problems, `${path}.updatedDate`),
    ...instanceClauses(filter.productInstances, problems, `${path}.productInstances`),
    ...logicalClauses(filter, problems, path, depth),
  ]);
}

/**
 * Translates `filter` (argument path `path`) to a Wix filter, or undefined when it sets no
 * condition. Every problem is added to `problems`; when any was added the result must not be
 * used.
 */
export function translatePackageFilter(
  filter: PackageFilter | null | undefined,
  problems: InputProblems,
  path = 'filter',
): WixFilter | undefined {
  return filter == null ? undefined : translateNode(filter, problems, path, 1);
}
