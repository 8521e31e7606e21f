import { decodeCursor, type CursorDirection } from './cursor-codec';
import { MATCH_ALL, type FilterNode } from './filter-ast';
import { parseFilter } from './filter-parser';
import { CURSOR_LIMIT_DEFAULT, parsePaging } from './paging';
import { ViolationList } from './query-request-error';
import { camelizeKeys, isPlainObject } from './request-keys';
import { parseSort, type SortClause, type SortPosition } from './sort';

/** A validated cursor-mode query (the default mode). */
export interface CursorQuery {
  readonly mode: 'cursor';
  readonly filter: FilterNode;
  /** The filter as sent (or as carried by the cursor), stored in the cursors we issue. */
  readonly rawFilter: unknown;
  readonly sort: readonly SortClause[];
  readonly limit: number;
  /** Present when the request carried a cursor. */
  readonly anchor?: { readonly position: SortPosition; readonly direction: CursorDirection };
}

/** A validated offset-mode query (`query.paging`). */
export interface OffsetQuery {
  readonly mode: 'offset';
  readonly filter: FilterNode;
  readonly sort: readonly SortClause[];
  readonly limit: number;
  readonly offset: number;
}

const QUERY_KEYS: ReadonlySet<string> = new Set([
  'filter',
  'sort',
  'paging',
  'cursorPaging',
  'fields',
  'fieldsets',
]);

/**
 * Validates a Query Packages body (`{ query: QueryV2 }`, contract: Query Packages/contract: query language), camelCase or snake_case.
 * @throws QueryRequestError with every violation found; its message starts with
 *   "invalid cursor" when the cursor is the problem (contract: Query Packages).
 */
export function parseQueryRequest(body: unknown): CursorQuery | OffsetQuery {
  const violations = new ViolationList();
  const rawQuery = isPlainObject(body) ? body.query : undefined;
  if (rawQuery === undefined || rawQuery === null) {
    violations.add('query', 'is required', 'REQUIRED_FIELD');
    violations.throwIfAny();
  }
  if (!isPlainObject(rawQuery)) {
    violations.add('query', 'must be an object', 'FORMAT');
    violations.throwIfAny();
  }
  const query = camelizeKeys(rawQuery as Record<string, unknown>);
  for (const key of Object.keys(query)) {
    if (!QUERY_KEYS.has(key))
      violations.add(`query.${key}`, 'is not a QueryV2 field', 'NOT_SUPPORTED');
  }
  checkProjection(query.fields, 'query.fields', violations);
  checkProjection(query.fieldsets, 'query.fieldsets', violations);
  const paging = parsePaging(query.paging, query.cursorPaging, violations);

  if (paging.mode === 'cursor' && paging.cursor !== undefined) {
    return parseCursorContinuation(query, paging.cursor, paging.limit, violations);
  }
  const rawFilter = isGiven(query.filter) ? query.filter : null;
  const filter =
    rawFilter === null ? MATCH_ALL : parseFilter(rawFilter, violations, 'query.filter');
  const sort = parseSort(query.sort, violations, 'query.sort');
  violations.throwIfAny();
  if (paging.mode === 'offset') {
    return { mode: 'offset', filter, sort, limit: paging.limit, offset: paging.offset };
  }
  return { mode: 'cursor', filter, rawFilter, sort, limit: paging.limit ?? CURSOR_LIMIT_DEFAULT };
}

/** A follow-up request: only `cursorPaging` (with an optional new `limit`) may be sent. */
function parseCursorContinuation(
  query: Record<string, unknown>,
  cursor: string,
  limit: number | undefined,
  violations: ViolationList,
): CursorQuery {
  const cursorViolations = new ViolationList();
  // The cursor already encodes filter and sort (contract: Query Packages). Empty ones are treated as absent:
  // proto3 cannot distinguish an empty repeated `sort` from none.
  if (isGiven(query.filter)) {
    cursorViolations.add(
      'query.filter',
      'invalid cursor: filter cannot be sent with cursorPaging.cursor (the cursor carries it)',
      'NOT_SUPPORTED',
    );
  }
  if (isGiven(query.sort)) {
    cursorViolations.add(
      'query.sort',
      'invalid cursor: sort cannot be sent with cursorPaging.cursor (the cursor carries it)',
      'NOT_SUPPORTED',
    );
  }
  const state = decodeCursor(cursor);
  let result: CursorQuery | undefined;
  if (state) {
    const carried = new ViolationList();
    const filter =
      state.filter === null ? MATCH_ALL : parseFilter(state.filter, carried, 'query.filter');
    const sort = parseSort(state.sort, carried, 'query.sort');
    if (carried.isEmpty && sort.length === state.sort.length) {
      result = {
        mode: 'cursor',
        filter,
        rawFilter: state.filter,
        sort,
        limit: limit ?? state.limit,
        anchor: {
          position: { values: state.lastSortValues, id: state.lastId },
          direction: state.direction,
        },
      };
    }
  }
  if (!result) {
    cursorViolations.add('query.cursorPaging.cursor', 'invalid cursor', 'FORMAT');
  }
  if (!cursorViolations.isEmpty) {
    violations.items.push(...cursorViolations.items);
    violations.throwIfAny('invalid cursor');
  }
  violations.throwIfAny();
  return result!;
}

/** Present and not empty (`{}` / `[]` count as absent). */
function isGiven(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** `fields`/`fieldsets` are accepted and ignored: full objects are returned (contract: query language, documented conflict 13). */
function checkProjection(value: unknown, at: string, violations: ViolationList): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    violations.add(at, 'must be an array of strings', 'FORMAT');
  }
}
