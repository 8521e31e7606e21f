/**
 * The Packages REST calls the benchmark makes (contract: endpoints), as plain request descriptions: used to
 * seed the emulator, as target (a) (the calls a client makes by hand), and by the minimal proxy
 * (b). These are exactly the calls a batching gateway should make for each scenario.
 */
import type { WixCreatePackageRequest, WixQuery } from '../../src/wix/wire-types';
import { DEMO_ACCOUNTS } from '../../src/emulator/fixtures/accounts';

/** Every benchmark call acts for the demo reseller (the root of the demo account tree). */
export const BENCH_ACCOUNT_ID: string = DEMO_ACCOUNTS.reseller;

/** The emulator accepts any non-empty key. */
export const BENCH_API_KEY = 'bench-api-key';

/** contract: headers required headers of every upstream call. */
export const UPSTREAM_HEADERS: Readonly<Record<string, string>> = {
  authorization: BENCH_API_KEY,
  'wix-account-id': BENCH_ACCOUNT_ID,
  'content-type': 'application/json',
};

/** One HTTP request to the Packages API (path relative to the emulator's origin). */
export interface RestCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** JSON text. */
  readonly body?: string;
}

/** Query Packages can return at most 100 packages per page (contract: Query Packages). */
export const QUERY_PAGE_LIMIT = 100;

function query(body: WixQuery): RestCall {
  return {
    method: 'POST',
    path: '/resellers/v1/packages/query',
    body: JSON.stringify({ query: body }),
  };
}

/** Get Package (contract: Get Package). */
export function getPackageCall(id: string): RestCall {
  return { method: 'GET', path: `/resellers/v1/packages/${encodeURIComponent(id)}` };
}

/** contract: Query Packages the first page of packages in the default order (createdDate DESC). */
export function firstPageCall(limit: number): RestCall {
  return query({ cursorPaging: { limit } });
}

/** contract: Query Packages packages by id: one call for up to 100 ids (`id $in`). */
export function packagesByIdsCall(ids: readonly string[]): RestCall {
  return query({ filter: { id: { $in: ids } }, cursorPaging: { limit: QUERY_PAGE_LIMIT } });
}

/** contract: Query Packages the packages holding these instances: one call for up to 100 ids (`$hasSome`). */
export function packagesByInstanceIdsCall(instanceIds: readonly string[]): RestCall {
  return query({
    filter: { 'productInstances.instanceId': { $hasSome: instanceIds } },
    cursorPaging: { limit: QUERY_PAGE_LIMIT },
  });
}

/** contract: Create Package V2 Create Package V2. */
export function createPackageCall(body: WixCreatePackageRequest): RestCall {
  return { method: 'POST', path: '/resellers/v2/packages', body: JSON.stringify(body) };
}
