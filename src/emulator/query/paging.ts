import type { ViolationList } from './query-request-error';
import { camelizeKeys, isPlainObject } from './request-keys';

/** contract: Query Packages / contract: query language limits (offset-mode limits are our choice, contract: emulator rules, a decision where Wix documents nothing). */
export const CURSOR_LIMIT_DEFAULT = 100;
export const CURSOR_LIMIT_MAX = 100;
export const OFFSET_LIMIT_DEFAULT = 100;
export const OFFSET_LIMIT_MAX = 1000;

/** The validated paging part of a query. */
export type PagingRequest =
  | {
      readonly mode: 'cursor';
      /** Undefined when not sent: a cursor's own limit, else the default, applies. */
      readonly limit: number | undefined;
      readonly cursor: string | undefined;
    }
  | { readonly mode: 'offset'; readonly limit: number; readonly offset: number };

/**
 * Validates `query.paging` / `query.cursorPaging` (one of them; cursor mode by default).
 * proto3 cannot tell 0, "" or null from "not set", so those mean "use the default".
 */
export function parsePaging(
  paging: unknown,
  cursorPaging: unknown,
  violations: ViolationList,
): PagingRequest {
  const hasPaging = paging !== undefined && paging !== null;
  const hasCursorPaging = cursorPaging !== undefined && cursorPaging !== null;
  if (hasPaging && hasCursorPaging) {
    violations.add('query.paging', 'send either paging or cursorPaging, not both', 'NOT_SUPPORTED');
  }
  if (hasPaging) {
    const fields = objectFields(paging, 'query.paging', violations);
    const limit = parseCount(fields.limit, 'query.paging.limit', OFFSET_LIMIT_MAX, violations);
    const offset = parseCount(fields.offset, 'query.paging.offset', Infinity, violations);
    return { mode: 'offset', limit: limit ?? OFFSET_LIMIT_DEFAULT, offset: offset ?? 0 };
  }
  const fields = objectFields(cursorPaging ?? {}, 'query.cursorPaging', violations);
  const limit = parseCount(fields.limit, 'query.cursorPaging.limit', CURSOR_LIMIT_MAX, violations);
  let cursor: string | undefined;
  if (typeof fields.cursor === 'string' && fields.cursor !== '') cursor = fields.cursor;
  else if (fields.cursor !== undefined && fields.cursor !== null && fields.cursor !== '') {
    violations.add('query.cursorPaging.cursor', 'invalid cursor: must be a string', 'FORMAT');
  }
  return { mode: 'cursor', limit, cursor };
}

function objectFields(
  value: unknown,
  at: string,
  violations: ViolationList,
): Record<string, unknown> {
  if (isPlainObject(value)) return camelizeKeys(value);
  violations.add(at, 'must be an object', 'FORMAT');
  return {};
}

/** A non-negative integer up to `max`; undefined for "not set" (absent, null or 0). */
function parseCount(
  value: unknown,
  at: string,
  max: number,
  violations: ViolationList,
): number | undefined {
  if (value === undefined || value === null || value === 0) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    violations.add(at, 'must be an integer', 'FORMAT');
    return undefined;
  }
  if (value < 0) {
    violations.add(at, 'must not be negative', 'MIN', { min: 0 });
    return undefined;
  }
  if (value > max) {
    violations.add(at, `must be at most ${max}`, 'MAX', { max });
    return undefined;
  }
  return value;
}
