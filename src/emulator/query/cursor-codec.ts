import { createHash } from 'node:crypto';
import { CURSOR_LIMIT_MAX } from './paging';
import type { SortClause } from './sort';

/** Which way a cursor pages from its anchor. */
export type CursorDirection = 'next' | 'prev';

/**
 * What a cursor carries (contract: emulator rules: opaque, encodes the filter and sort). Paging is keyset-based:
 * `next` returns the packages strictly after the anchor (`lastSortValues` + `lastId`) in
 * the query's order, `prev` those strictly before it, so pages stay correct when packages are
 * inserted or updated between requests.
 */
export interface CursorState {
  /** The filter exactly as first sent (re-validated on every use); null when none. */
  readonly filter: unknown;
  readonly sort: readonly SortClause[];
  readonly lastSortValues: readonly number[];
  readonly lastId: string;
  readonly direction: CursorDirection;
  /** The page size in force when the cursor was issued; a later request may change it. */
  readonly limit: number;
}

/**
 * Encodes a cursor as base64url JSON plus a short checksum, so that an edited or truncated
 * token is recognised as tampered rather than silently paging from a wrong place.
 */
export function encodeCursor(state: CursorState): string {
  const json = JSON.stringify(state);
  return `${Buffer.from(json, 'utf8').toString('base64url')}.${checksum(json)}`;
}

/**
 * Decodes a token made by {@link encodeCursor}, checking its structure. The filter and sort
 * inside are still raw: the caller validates them as if they had been sent.
 * @returns undefined for anything malformed or tampered with.
 */
export function decodeCursor(token: string): CursorState | undefined {
  const [payload, digest, extra] = token.split('.');
  if (payload === undefined || digest === undefined || extra !== undefined) return undefined;
  const json = Buffer.from(payload, 'base64url').toString('utf8');
  if (checksum(json) !== digest) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  return isCursorState(parsed) ? parsed : undefined;
}

function checksum(json: string): string {
  return createHash('sha256').update(json).digest('base64url').slice(0, 16);
}

function isCursorState(value: unknown): value is CursorState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Record<string, unknown>;
  const sort = state.sort;
  const values = state.lastSortValues;
  return (
    Array.isArray(sort) &&
    sort.length > 0 &&
    Array.isArray(values) &&
    values.length === sort.length &&
    values.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    typeof state.lastId === 'string' &&
    (state.direction === 'next' || state.direction === 'prev') &&
    typeof state.limit === 'number' &&
    Number.isInteger(state.limit) &&
    state.limit >= 1 &&
    state.limit <= CURSOR_LIMIT_MAX &&
    'filter' in state
  );
}
