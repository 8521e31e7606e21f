import type { IndexedInstanceField } from '../store/package-index';
import { compileElementMatcher } from './element-matcher';
import {
  MATCH_ALL,
  type DateOperator,
  type FilterNode,
  type InstanceOperator,
  type PackageStringField,
} from './filter-ast';
import { instanceFilterPaths, instanceSchemaAt } from './instance-schema';
import type { ViolationList } from './query-request-error';
import { camelizePath, isPlainObject } from './request-keys';
import { parseRfc3339 } from './rfc3339';

const STRING_FIELDS: readonly PackageStringField[] = ['id', 'accountId', 'externalId'];
const STRING_OPERATORS = ['$eq', '$ne', '$in', '$exists'] as const;
const DATE_OPERATORS: readonly DateOperator[] = ['$eq', '$ne', '$gt', '$lt', '$gte', '$lte'];
const INSTANCE_OPERATORS: readonly InstanceOperator[] = ['$hasSome', '$hasAll'];
const INDEXED_INSTANCE_PATHS: ReadonlySet<string> = new Set([
  'instanceId',
  'siteId',
  'catalogProductId',
  'status',
]);

/**
 * Validates a Query Packages `filter` (contract: query language) and turns it into a {@link FilterNode}.
 * Every problem found is added to `violations` (the returned node is then meaningless).
 * Field paths may be camelCase or snake_case.
 */
export function parseFilter(raw: unknown, violations: ViolationList, at: string): FilterNode {
  if (!isPlainObject(raw)) {
    violations.add(at, 'must be an object', 'FORMAT');
    return MATCH_ALL;
  }
  const children: FilterNode[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('$')) {
      children.push(parseLogical(key, value, violations, `${at}.${key}`));
    } else {
      const field = camelizePath(key);
      children.push(parseField(field, value, violations, `${at}.${field}`));
    }
  }
  return children.length === 1 ? children[0]! : { kind: 'and', children };
}

function parseLogical(
  operator: string,
  value: unknown,
  violations: ViolationList,
  at: string,
): FilterNode {
  if (operator === '$and' || operator === '$or') {
    if (!Array.isArray(value)) {
      violations.add(at, `${operator} takes an array of filters`, 'FORMAT');
      return MATCH_ALL;
    }
    const children = value.map((item, i) => parseFilter(item, violations, `${at}[${i}]`));
    return { kind: operator === '$and' ? 'and' : 'or', children };
  }
  if (operator === '$not') {
    return { kind: 'not', child: parseFilter(value, violations, at) };
  }
  violations.add(at, `${operator} is not a logical operator ($and, $or, $not)`, 'NOT_SUPPORTED');
  return MATCH_ALL;
}

function parseField(
  field: string,
  value: unknown,
  violations: ViolationList,
  at: string,
): FilterNode {
  const kind = fieldKind(field);
  if (kind === undefined) {
    violations.add(at, `filtering on "${field}" is not supported`, 'NOT_SUPPORTED', {
      supportedFields: [...STRING_FIELDS, 'createdDate', 'updatedDate', ...instanceFilterPaths()],
    });
    return MATCH_ALL;
  }
  const operations = splitOperators(value);
  if (operations === 'mixed') {
    violations.add(at, 'cannot mix $operators and plain values in one object', 'FORMAT');
    return MATCH_ALL;
  }
  if (operations === 'equality' && kind === 'instances') {
    // Plain equality on the array paths is undocumented (contract: query language): only $hasSome/$hasAll are listed.
    violations.add(
      at,
      `plain equality is not supported on "${field}"; use $hasSome or $hasAll`,
      'NOT_SUPPORTED',
      { supportedOperators: [...INSTANCE_OPERATORS] },
    );
    return MATCH_ALL;
  }
  const pairs: Array<[string, unknown]> = operations === 'equality' ? [['$eq', value]] : operations;
  const children = pairs.map(([operator, operand]) => {
    const opAt = operations === 'equality' ? at : `${at}.${operator}`;
    switch (kind) {
      case 'string':
        return parseStringOperation(
          field as PackageStringField,
          operator,
          operand,
          violations,
          opAt,
        );
      case 'date':
        return parseDateOperation(
          field as 'createdDate' | 'updatedDate',
          operator,
          operand,
          violations,
          opAt,
        );
      case 'instances':
        return parseInstanceOperation(field, operator, operand, violations, opAt);
    }
  });
  return children.length === 1 ? children[0]! : { kind: 'and', children };
}

type FieldKind = 'string' | 'date' | 'instances';

function fieldKind(field: string): FieldKind | undefined {
  if ((STRING_FIELDS as readonly string[]).includes(field)) return 'string';
  if (field === 'createdDate' || field === 'updatedDate') return 'date';
  if (field === 'productInstances') return 'instances';
  if (field.startsWith('productInstances.')) {
    const path = field.split('.').slice(1);
    return instanceSchemaAt(path) ? 'instances' : undefined;
  }
  return undefined;
}

/** `{ $op: v, … }` → its pairs; any other value is an implicit `$eq`. */
function splitOperators(value: unknown): Array<[string, unknown]> | 'equality' | 'mixed' {
  if (!isPlainObject(value)) return 'equality';
  const entries = Object.entries(value);
  const operatorCount = entries.filter(([key]) => key.startsWith('$')).length;
  if (operatorCount === 0) return 'equality';
  if (operatorCount < entries.length) return 'mixed';
  return entries;
}

function unsupportedOperator(
  field: string,
  operator: string,
  supported: readonly string[],
  violations: ViolationList,
  at: string,
): FilterNode {
  violations.add(
    at,
    `operator ${operator} is not supported on "${field}" (supported: ${supported.join(', ')})`,
    'NOT_SUPPORTED',
    { supportedOperators: [...supported] },
  );
  return MATCH_ALL;
}

function parseStringOperation(
  field: PackageStringField,
  operator: string,
  operand: unknown,
  violations: ViolationList,
  at: string,
): FilterNode {
  switch (operator) {
    case '$eq':
    case '$ne':
      if (typeof operand !== 'string') break;
      return { kind: 'stringEq', field, negate: operator === '$ne', value: operand };
    case '$in':
      if (!Array.isArray(operand) || !operand.every((item) => typeof item === 'string')) {
        violations.add(at, '$in takes an array of strings', 'FORMAT');
        return MATCH_ALL;
      }
      return { kind: 'stringIn', field, values: operand as string[] };
    case '$exists':
      if (typeof operand !== 'boolean') {
        violations.add(at, '$exists takes true or false', 'FORMAT');
        return MATCH_ALL;
      }
      return { kind: 'exists', field, exists: operand };
    default:
      return unsupportedOperator(field, operator, STRING_OPERATORS, violations, at);
  }
  violations.add(at, 'must be a string', 'FORMAT');
  return MATCH_ALL;
}

function parseDateOperation(
  field: 'createdDate' | 'updatedDate',
  operator: string,
  operand: unknown,
  violations: ViolationList,
  at: string,
): FilterNode {
  if (!(DATE_OPERATORS as readonly string[]).includes(operator)) {
    return unsupportedOperator(field, operator, DATE_OPERATORS, violations, at);
  }
  const ms = typeof operand === 'string' ? parseRfc3339(operand) : undefined;
  if (ms === undefined) {
    violations.add(at, 'must be an RFC 3339 date-time, e.g. 2024-05-01T10:00:00Z', 'FORMAT');
    return MATCH_ALL;
  }
  return { kind: 'date', field, op: operator as DateOperator, ms };
}

function parseInstanceOperation(
  field: string,
  operator: string,
  operand: unknown,
  violations: ViolationList,
  at: string,
): FilterNode {
  if (operator !== '$hasSome' && operator !== '$hasAll') {
    return unsupportedOperator(field, operator, INSTANCE_OPERATORS, violations, at);
  }
  if (!Array.isArray(operand)) {
    violations.add(at, `${operator} takes an array`, 'FORMAT');
    return MATCH_ALL;
  }
  const path = field.split('.').slice(1);
  const schema = instanceSchemaAt(path)!;
  const matchers = operand.map((item, i) =>
    compileElementMatcher(schema, item, `${at}[${i}]`, violations),
  );
  const pathName = path.join('.');
  const indexable =
    INDEXED_INSTANCE_PATHS.has(pathName) && operand.every((item) => typeof item === 'string');
  if (!indexable) return { kind: 'instances', path, op: operator, matchers };
  const indexField = pathName as IndexedInstanceField | 'instanceId';
  const keys = (operand as string[]).map((key) =>
    indexField === 'status' ? key.toUpperCase() : key,
  );
  return {
    kind: 'instances',
    path,
    op: operator,
    matchers,
    indexLookup: { field: indexField, keys },
  };
}
