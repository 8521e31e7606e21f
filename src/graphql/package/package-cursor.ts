/**
 * The connection's `after` cursor: an opaque gateway token wrapping the upstream's page
 * cursor and a fingerprint of the query (filter incl. account scope, and sort) it continues.
 * Wix pages by page, not by item, and rejects filter/sort next to a cursor (contract: Query Packages), so a
 * token is only valid for the query that produced it.
 *
 * Tokens are signed (HMAC-SHA256 with a key the gateway derives from its secrets), so an
 * edited token — say, one carrying a hand-made upstream cursor — is refused as
 * `BAD_USER_INPUT` before any upstream call. Every replica sharing the secrets accepts it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { WixFilter, WixSort } from '../../wix/wire-types';

export interface ConnectionCursor {
  /** The upstream's `metadata.cursors.next`. */
  readonly wixCursor: string;
  /** `queryFingerprint` of the query the cursor continues. */
  readonly fingerprint: string;
}

const VERSION = 1;
/** 128-bit truncated HMAC: plenty against forgery, short in URLs. */
const SIGNATURE_BYTES = 16;
/** Far above any real Wix cursor; bounds the work a hostile `after` can cause. */
const MAX_TOKEN_LENGTH = 4096;

/** JSON with object keys sorted, so equal queries give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Remembers up to `maxEntries` values by key, then starts afresh. Fingerprints and tokens are
 * pure functions of their inputs, and the same few pages are asked for again and again: a
 * SHA-256 and an HMAC per page cost more than mapping a page of 100 packages.
 */
function boundedMemo(maxEntries: number): (key: string, compute: () => string) => string {
  const values = new Map<string, string>();
  return (key, compute) => {
    let value = values.get(key);
    if (value === undefined) {
      value = compute();
      if (values.size >= maxEntries) values.clear();
      values.set(key, value);
    }
    return value;
  };
}

/** Distinct queries (filter and sort) and distinct tokens remembered. */
const MEMO_ENTRIES = 1_000;
const fingerprints = boundedMemo(MEMO_ENTRIES);
const tokensByKey = new WeakMap<Uint8Array, ReturnType<typeof boundedMemo>>();

/** A short digest naming a query's filter and sort. */
export function queryFingerprint(filter: WixFilter, sort: readonly WixSort[]): string {
  // Keyed by the plain JSON text: the same query written with keys in another order gets an
  // entry of its own, with the same canonical fingerprint.
  return fingerprints(JSON.stringify([filter, sort]), () =>
    createHash('sha256').update(canonicalJson({ filter, sort })).digest('base64url').slice(0, 22),
  );
}

function signatureOf(body: string, key: Uint8Array): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, SIGNATURE_BYTES);
}

/** Builds the token handed to clients: `<base64url payload>.<base64url signature>`. */
export function encodeConnectionCursor(cursor: ConnectionCursor, key: Uint8Array): string {
  let tokens = tokensByKey.get(key);
  if (tokens === undefined) {
    tokens = boundedMemo(MEMO_ENTRIES);
    tokensByKey.set(key, tokens);
  }
  return tokens(`${cursor.fingerprint}\u0000${cursor.wixCursor}`, () => {
    const payload = JSON.stringify({ v: VERSION, c: cursor.wixCursor, q: cursor.fingerprint });
    const body = Buffer.from(payload, 'utf8').toString('base64url');
    return `${body}.${signatureOf(body, key).toString('base64url')}`;
  });
}

/** Reads a token; undefined when it is not one this gateway issued (format or signature). */
export function decodeConnectionCursor(
  token: string,
  key: Uint8Array,
): ConnectionCursor | undefined {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (match === null) return undefined;
  const body = match[1] as string;
  const signature = Buffer.from(match[2] as string, 'base64url');
  const expected = signatureOf(body, key);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    return undefined;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (payload === null || typeof payload !== 'object') return undefined;
  const { v, c, q } = payload as Record<string, unknown>;
  if (v !== VERSION || typeof c !== 'string' || c.length === 0 || typeof q !== 'string') {
    return undefined;
  }
  return { wixCursor: c, fingerprint: q };
}
