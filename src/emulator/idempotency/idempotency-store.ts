import { createHash } from 'node:crypto';

/** A stored first final response for one idempotency key. */
export interface IdempotencyRecord {
  readonly scopeKey: string;
  readonly bodyHash: string;
  readonly status: number;
  readonly responseBody: unknown;
  /** Epoch ms when stored; the record expires `ttlMs` later. */
  readonly storedAt: number;
}

/** Outcome of looking a request up. */
export type IdempotencyLookup =
  | { readonly kind: 'miss' }
  | { readonly kind: 'replay'; readonly record: IdempotencyRecord }
  | { readonly kind: 'conflict' };

/** Identity of one keyed request (contract: emulator rules: account, method, path, key). */
export interface IdempotencyScope {
  readonly accountId: string;
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string;
}

/**
 * contract: idempotency, emulator rules: the first final (2xx/4xx) response for `(account, method, path, key)` is
 * remembered with a hash of the request body for `ttlMs`. A replay with the same body gets the
 * stored response; the same key with another body is a conflict.
 */
export class IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly onChange: () => void = () => undefined,
  ) {}

  lookup(scope: IdempotencyScope, body: unknown): IdempotencyLookup {
    const scopeKey = scopeKeyOf(scope);
    const record = this.records.get(scopeKey);
    if (!record) return { kind: 'miss' };
    if (this.now() - record.storedAt >= this.ttlMs) {
      this.records.delete(scopeKey);
      this.onChange();
      return { kind: 'miss' };
    }
    return record.bodyHash === hashBody(body) ? { kind: 'replay', record } : { kind: 'conflict' };
  }

  remember(scope: IdempotencyScope, body: unknown, status: number, responseBody: unknown): void {
    this.sweepExpired();
    const scopeKey = scopeKeyOf(scope);
    this.records.set(scopeKey, {
      scopeKey,
      bodyHash: hashBody(body),
      status,
      responseBody,
      storedAt: this.now(),
    });
    this.onChange();
  }

  /** Forget every key (tests simulate "upstream forgot the key"). */
  clear(): void {
    this.records.clear();
    this.onChange();
  }

  get size(): number {
    return this.records.size;
  }

  /** Unexpired records, for persistence. */
  snapshot(): IdempotencyRecord[] {
    this.sweepExpired();
    return [...this.records.values()];
  }

  /** Replaces all records (loading persisted state); expired ones are dropped. */
  restore(records: readonly IdempotencyRecord[]): void {
    this.records.clear();
    for (const record of records) this.records.set(record.scopeKey, record);
    this.sweepExpired();
  }

  private sweepExpired(): void {
    const now = this.now();
    for (const [key, record] of this.records) {
      if (now - record.storedAt >= this.ttlMs) this.records.delete(key);
    }
  }
}

function scopeKeyOf(scope: IdempotencyScope): string {
  return JSON.stringify([scope.accountId, scope.method, scope.path, scope.idempotencyKey]);
}

/** SHA-256 of a canonical JSON form (object keys sorted), so key order does not matter. */
export function hashBody(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
