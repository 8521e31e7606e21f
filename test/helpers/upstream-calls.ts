/**
 * Reading the emulator's request log in integration tests: which upstream calls the gateway
 * made, for which account, with which Query Packages filter.
 */
import type { RequestLogEntry, RunningEmulator } from '../../src/emulator';
import type { WixFilter, WixQuery } from '../../src/wix/wire-types';

export const QUERY_PACKAGES_PATH = '/resellers/v1/packages/query';

/** Every logged API call since the last `clearRequestLog()`, oldest first. */
export function upstreamCalls(emulator: RunningEmulator): RequestLogEntry[] {
  return emulator.control.requestLog();
}

/** The `query` of a logged Query Packages call (throws for any other call). */
export function queryOf(entry: RequestLogEntry): WixQuery {
  if (entry.path !== QUERY_PACKAGES_PATH) throw new Error(`not a query call: ${entry.path}`);
  return (entry.body as { query: WixQuery }).query;
}

/** The top-level conjuncts of a filter: nested `$and`s flattened, anything else as is. */
export function conjunctsOf(filter: WixFilter | undefined): WixFilter[] {
  if (filter === undefined) return [];
  const and = filter['$and'];
  if (Array.isArray(and) && Object.keys(filter).length === 1) {
    return (and as WixFilter[]).flatMap(conjunctsOf);
  }
  return [filter];
}

/** True when `filter` can only match packages of `accountId` (a top-level `$eq` conjunct). */
export function isScopedTo(filter: WixFilter | undefined, accountId: string): boolean {
  return conjunctsOf(filter).some(
    (clause) =>
      Object.keys(clause).length === 1 &&
      JSON.stringify(clause['accountId']) === JSON.stringify({ $eq: accountId }),
  );
}

/** Why `calls` were not all made for `accountId` alone, or undefined when they were. */
export function identityProblem(
  calls: readonly RequestLogEntry[],
  accountId: string,
): string | undefined {
  for (const call of calls) {
    if (call.headers['wix-account-id'] !== accountId) {
      return `${call.method} ${call.path} sent wix-account-id ${call.headers['wix-account-id']}`;
    }
    if ('wix-site-id' in call.headers) return `${call.method} ${call.path} sent wix-site-id`;
    if (call.path === QUERY_PACKAGES_PATH && !isScopedTo(queryOf(call).filter, accountId)) {
      const cursor = queryOf(call).cursorPaging?.cursor;
      // A continuation carries only the upstream cursor, which encodes the scoped filter.
      if (cursor === undefined) return `query filter is not scoped to ${accountId}`;
    }
  }
  return undefined;
}
