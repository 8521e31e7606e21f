/**
 * A recording fake of the account-scoped `PackagesApi`, backed by an in-memory array of wire
 * packages. Every call is recorded (method + arguments) so tests can assert batch shapes.
 * `queryPackages` evaluates the filter shapes the gateway emits (`$and`/`$or`/`$not`, the
 * contract: query language field operators, `productInstances.*` `$hasSome`/`$hasAll`), sorts, and pages by cursor
 * or offset; like Wix it rejects filter/sort next to a cursor and limits above 100. It does
 * NOT scope by account on its own: the account filter the gateway sends does that.
 */
import { WixError, WixHttpError } from '../../src/wix/errors';
import type { PackagesApi } from '../../src/wix/packages-api-contract';
import type {
  WixFilter,
  WixPackage,
  WixPackageResponse,
  WixProductInstance,
  WixQuery,
  WixQueryPackagesResponse,
  WixSort,
  WixUpdatedPackageResponse,
} from '../../src/wix/wire-types';

export const FAKE_ACCOUNT_ID = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';
export const OTHER_ACCOUNT_ID = '0f0f0f0f-0000-4000-8000-000000000001';

type ApiMethod = Exclude<keyof PackagesApi, 'accountId'>;

export interface RecordedCall {
  readonly method: ApiMethod;
  readonly args: readonly unknown[];
}

/** A GUID whose last block is `n`, under a recognisable prefix. */
export function guid(prefix: 'pkg' | 'ins' | 'site' | 'prod', n: number): string {
  const head = { pkg: 'aaaaaaaa', ins: 'bbbbbbbb', site: 'cccccccc', prod: 'dddddddd' }[prefix];
  return `${head}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** A wire instance with every required field; override the rest. */
export function buildInstance(
  n: number,
  overrides: Partial<WixProductInstance> = {},
): WixProductInstance {
  return {
    instanceId: guid('ins', n),
    catalogProductId: guid('prod', 1),
    status: 'PENDING',
    createdDate: '2024-05-01T10:00:00.120Z',
    updatedDate: '2024-05-01T10:00:00.120Z',
    ...overrides,
  };
}

/** A wire package `n` of FAKE_ACCOUNT_ID, created `n` seconds after a fixed instant. */
export function buildPackage(n: number, overrides: Partial<WixPackage> = {}): WixPackage {
  const created = new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + n * 1000).toISOString();
  return {
    id: guid('pkg', n),
    accountId: FAKE_ACCOUNT_ID,
    productInstances: [buildInstance(n, { createdDate: created, updatedDate: created })],
    createdDate: created,
    updatedDate: created,
    ...overrides,
  };
}

function badRequest(message: string): WixHttpError {
  return new WixHttpError({
    endpoint: 'queryPackages',
    status: 400,
    upstreamMessage: message,
    requestId: 'fake-req',
  });
}

function fieldValue(pkg: WixPackage, field: string): unknown {
  return (pkg as unknown as Record<string, unknown>)[field];
}

function instanceValue(instance: WixProductInstance, path: string[]): unknown {
  let value: unknown = instance;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function sameValue(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string'
    ? a.toLowerCase() === b.toLowerCase()
    : a === b;
}

function matchesOperator(pkg: WixPackage, field: string, op: string, operand: unknown): boolean {
  if (field.startsWith('productInstances.')) {
    const path = field.split('.').slice(1);
    const values = pkg.productInstances.map((instance) => instanceValue(instance, path));
    const wanted = operand as unknown[];
    if (op === '$hasSome') return wanted.some((w) => values.some((v) => sameValue(v, w)));
    if (op === '$hasAll') return wanted.every((w) => values.some((v) => sameValue(v, w)));
    throw badRequest(`unsupported operator ${op} on ${field}`);
  }
  const value = fieldValue(pkg, field);
  switch (op) {
    case '$eq':
      return value === operand;
    case '$ne':
      return value !== operand;
    case '$in':
      return (operand as unknown[]).includes(value);
    case '$exists':
      return (value !== undefined) === operand;
    case '$gt':
      return Date.parse(String(value)) > Date.parse(String(operand));
    case '$gte':
      return Date.parse(String(value)) >= Date.parse(String(operand));
    case '$lt':
      return Date.parse(String(value)) < Date.parse(String(operand));
    case '$lte':
      return Date.parse(String(value)) <= Date.parse(String(operand));
    default:
      throw badRequest(`unsupported operator ${op} on ${field}`);
  }
}

/** Evaluates a Wix filter against one package. */
export function matchesFilter(pkg: WixPackage, filter: WixFilter): boolean {
  return Object.entries(filter).every(([key, value]) => {
    if (key === '$and') return (value as WixFilter[]).every((f) => matchesFilter(pkg, f));
    if (key === '$or') return (value as WixFilter[]).some((f) => matchesFilter(pkg, f));
    if (key === '$not') return !matchesFilter(pkg, value as WixFilter);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return matchesOperator(pkg, key, '$eq', value);
    }
    return Object.entries(value as Record<string, unknown>).every(([op, operand]) =>
      matchesOperator(pkg, key, op, operand),
    );
  });
}

function compareBy(sort: readonly WixSort[]): (a: WixPackage, b: WixPackage) => number {
  return (a, b) => {
    for (const clause of sort) {
      const left = Date.parse(String(fieldValue(a, clause.fieldName)));
      const right = Date.parse(String(fieldValue(b, clause.fieldName)));
      if (left !== right) return (left - right) * (clause.order === 'DESC' ? -1 : 1);
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

interface FakeCursor {
  filter: WixFilter;
  sort: WixSort[];
  offset: number;
}

const DEFAULT_SORT: WixSort[] = [{ fieldName: 'createdDate', order: 'DESC' }];

export class FakePackagesApi implements PackagesApi {
  readonly calls: RecordedCall[] = [];
  private failures: WixError[] = [];
  private failAlways: WixError | undefined;

  constructor(
    public packages: WixPackage[] = [],
    readonly accountId: string = FAKE_ACCOUNT_ID,
  ) {}

  /** Every query sent to `queryPackages`, in order. */
  get queries(): WixQuery[] {
    return this.calls
      .filter((call) => call.method === 'queryPackages')
      .map((call) => call.args[0] as WixQuery);
  }

  /** The next call (of any method) rejects with `error`; queue several by calling again. */
  failNext(error: WixError): this {
    this.failures.push(error);
    return this;
  }

  /** Every call rejects with `error` until `recover()`. */
  failWith(error: WixError): this {
    this.failAlways = error;
    return this;
  }

  recover(): this {
    this.failAlways = undefined;
    this.failures = [];
    return this;
  }

  private async record<T>(method: ApiMethod, args: unknown[], run: () => T): Promise<T> {
    this.calls.push({ method, args: structuredClone(args) });
    await Promise.resolve();
    const failure = this.failures.shift() ?? this.failAlways;
    if (failure) throw failure;
    return run();
  }

  queryPackages(query: WixQuery): Promise<WixQueryPackagesResponse> {
    return this.record('queryPackages', [query], () => this.runQuery(query));
  }

  getPackage(id: string): Promise<WixPackageResponse> {
    return this.record('getPackage', [id], () => {
      const pkg = this.packages.find((p) => p.id === id && p.accountId === this.accountId);
      if (!pkg) {
        throw new WixHttpError({
          endpoint: 'getPackage',
          status: 404,
          upstreamMessage: 'not found',
          requestId: 'fake-req',
        });
      }
      return { package: structuredClone(pkg) };
    });
  }

  createPackage(): Promise<WixPackageResponse> {
    return this.unsupported('createPackage');
  }
  cancelPackage(): Promise<WixPackageResponse> {
    return this.unsupported('cancelPackage');
  }
  updatePackageExternalId(): Promise<WixUpdatedPackageResponse> {
    return this.unsupported('updatePackageExternalId');
  }
  assignProductInstance(): Promise<WixPackageResponse> {
    return this.unsupported('assignProductInstance');
  }
  unassignProductInstance(): Promise<WixPackageResponse> {
    return this.unsupported('unassignProductInstance');
  }
  adjustProductInstance(): Promise<WixPackageResponse> {
    return this.unsupported('adjustProductInstance');
  }
  cancelProductInstance(): Promise<WixPackageResponse> {
    return this.unsupported('cancelProductInstance');
  }

  private unsupported<T>(method: ApiMethod): Promise<T> {
    return this.record(method, [], () => {
      throw new Error(`FakePackagesApi.${method} is not implemented`);
    });
  }

  private runQuery(query: WixQuery): WixQueryPackagesResponse {
    if (query.paging && query.cursorPaging) throw badRequest('paging and cursorPaging together');
    const cursorText = query.cursorPaging?.cursor;
    if (cursorText !== undefined && (query.filter !== undefined || query.sort !== undefined)) {
      throw badRequest('invalid cursor: filter/sort sent with a cursor');
    }
    let state: FakeCursor;
    if (cursorText !== undefined) {
      try {
        state = JSON.parse(Buffer.from(cursorText, 'base64url').toString('utf8')) as FakeCursor;
      } catch {
        throw badRequest('invalid cursor');
      }
    } else {
      state = { filter: query.filter ?? {}, sort: query.sort ?? DEFAULT_SORT, offset: 0 };
    }
    const matching = this.packages
      .filter((pkg) => matchesFilter(pkg, state.filter))
      .sort(compareBy(state.sort));

    if (query.paging) {
      const limit = query.paging.limit ?? 100;
      const offset = query.paging.offset ?? 0;
      const page = matching.slice(offset, offset + limit);
      return {
        packages: structuredClone(page),
        metadata: { count: page.length, offset, total: matching.length },
      };
    }
    const limit = query.cursorPaging?.limit ?? 100;
    if (limit > 100 || limit < 1) throw badRequest('cursorPaging.limit must be 1..100');
    const page = matching.slice(state.offset, state.offset + limit);
    const nextOffset = state.offset + page.length;
    const next =
      nextOffset < matching.length
        ? Buffer.from(JSON.stringify({ ...state, offset: nextOffset })).toString('base64url')
        : undefined;
    return {
      packages: structuredClone(page),
      metadata: { count: page.length, cursors: next === undefined ? {} : { next } },
    };
  }
}
