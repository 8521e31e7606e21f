import type { WixFilter } from '../../wix/wire-types';
import type { InputProblems } from '../common/input-problems';

/** Comparison operators on one timestamp (DateTimeFilter); values are normalised ISO strings. */
export interface DateConditions {
  eq?: string | null;
  ne?: string | null;
  gt?: string | null;
  gte?: string | null;
  lt?: string | null;
  lte?: string | null;
}

const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;
type Operator = (typeof OPERATORS)[number];

/** Pairs whose values leave nothing in between when `bad(first, second)` holds. */
const EMPTY_WHEN: ReadonlyArray<readonly [Operator, Operator, (a: number, b: number) => boolean]> =
  [
    ['gt', 'lt', (a, b) => a >= b],
    ['gt', 'lte', (a, b) => a >= b],
    ['gte', 'lt', (a, b) => a >= b],
    ['gte', 'lte', (a, b) => a > b],
    ['eq', 'ne', (a, b) => a === b],
    ['gt', 'eq', (a, b) => a >= b],
    ['gte', 'eq', (a, b) => a > b],
    ['eq', 'lt', (a, b) => a >= b],
    ['eq', 'lte', (a, b) => a > b],
  ];

/**
 * Translates the comparisons on `field` into one Wix clause per operator, and rejects
 * combinations that can match nothing (an empty range, `eq` outside the range or equal to
 * `ne`).
 */
export function dateRangeClauses(
  field: string,
  conditions: DateConditions | null | undefined,
  problems: InputProblems,
  path: string,
): WixFilter[] {
  if (conditions == null) return [];
  const clauses: WixFilter[] = [];
  const instants = new Map<Operator, number>();
  for (const operator of OPERATORS) {
    const value = conditions[operator];
    if (value == null) continue;
    const instant = Date.parse(value);
    if (Number.isNaN(instant)) {
      problems.add(`${path}.${operator}`, 'is not an RFC 3339 date-time');
      continue;
    }
    instants.set(operator, instant);
    clauses.push({ [field]: { [`$${operator}`]: new Date(instant).toISOString() } });
  }
  for (const [first, second, isEmpty] of EMPTY_WHEN) {
    const a = instants.get(first);
    const b = instants.get(second);
    if (a !== undefined && b !== undefined && isEmpty(a, b)) {
      problems.add(path, `${first} and ${second} leave no instant that can match`);
    }
  }
  return clauses;
}
