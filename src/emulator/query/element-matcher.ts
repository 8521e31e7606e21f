import type { ElementMatcher } from './filter-ast';
import { readInstanceField, type InstanceSchemaNode } from './instance-schema';
import type { ViolationList } from './query-request-error';
import { isPlainObject, snakeToCamel } from './request-keys';
import { parseRfc3339 } from './rfc3339';

const NEVER: ElementMatcher = () => false;

/**
 * Compiles one element of a `$hasSome`/`$hasAll` list for the schema node of its path.
 * Scalars match by equality (enums case-insensitively, dates by instant); objects match
 * partially: every given key must match, keys not given are ignored.
 * Problems are added to `violations` (and a never-matching matcher is returned).
 */
export function compileElementMatcher(
  node: InstanceSchemaNode,
  raw: unknown,
  at: string,
  violations: ViolationList,
): ElementMatcher {
  switch (node.kind) {
    case 'string':
      if (typeof raw !== 'string') return reject(violations, at, 'must be a string');
      return (value) => value === raw;
    case 'enum': {
      if (typeof raw !== 'string') return reject(violations, at, 'must be a string');
      const wanted = raw.toUpperCase();
      if (!node.values.includes(wanted)) {
        violations.add(
          at,
          `"${raw}" is not one of ${node.values.join(', ')}`,
          'INVALID_ENUM_VALUE',
          { allowedValues: [...node.values] },
        );
        return NEVER;
      }
      return (value) => typeof value === 'string' && value.toUpperCase() === wanted;
    }
    case 'int': {
      const wanted = parseInteger(raw);
      if (wanted === undefined) return reject(violations, at, 'must be an integer');
      return (value) => value === wanted;
    }
    case 'date': {
      const wanted = typeof raw === 'string' ? parseRfc3339(raw) : undefined;
      if (wanted === undefined) {
        return reject(violations, at, 'must be an RFC 3339 date-time, e.g. 2024-05-01T10:00:00Z');
      }
      return (value) => typeof value === 'string' && Date.parse(value) === wanted;
    }
    case 'object':
      return compileObjectMatcher(node.fields, raw, at, violations);
  }
}

function compileObjectMatcher(
  fields: Readonly<Record<string, InstanceSchemaNode>>,
  raw: unknown,
  at: string,
  violations: ViolationList,
): ElementMatcher {
  if (!isPlainObject(raw)) return reject(violations, at, 'must be an object');
  const parts: Array<[string, ElementMatcher]> = [];
  for (const [rawKey, rawValue] of Object.entries(raw)) {
    const key = snakeToCamel(rawKey);
    const child = Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
    if (!child) {
      violations.add(`${at}.${key}`, `"${key}" cannot be filtered on here`, 'NOT_SUPPORTED', {
        supportedFields: Object.keys(fields),
      });
      continue;
    }
    parts.push([key, compileElementMatcher(child, rawValue, `${at}.${key}`, violations)]);
  }
  return (value) =>
    isPlainObject(value) && parts.every(([key, matcher]) => matcher(readInstanceField(value, key)));
}

/** proto3 JSON accepts int32 values as numbers or as decimal strings. */
function parseInteger(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw)) return Number(raw);
  return undefined;
}

function reject(violations: ViolationList, at: string, description: string): ElementMatcher {
  violations.add(at, description, 'FORMAT');
  return NEVER;
}
