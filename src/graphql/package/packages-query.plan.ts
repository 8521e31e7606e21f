/**
 * Turns `Query.packages` arguments into the upstream query, validating everything first so
 * a bad request costs no upstream call and reports every problem at once.
 */
import type { AccountScope } from '../../loaders/account-scope';
import type { WixFilter, WixQuery } from '../../wix/wire-types';
import { InputProblems } from '../common/input-problems';
import { translatePackageFilter } from '../filter/package-filter.translator';
import { translatePackageOrder } from '../filter/package-order.translator';
import { decodeConnectionCursor, encodeConnectionCursor, queryFingerprint } from './package-cursor';
import type { PackagesArgs } from './packages.args';

export const DEFAULT_PAGE_SIZE = 20;
/** The upstream's cursor-paging maximum (contract: Query Packages). */
export const MAX_PAGE_SIZE = 100;

export interface PackagesQueryPlan {
  /** What to send to Query Packages. */
  readonly query: WixQuery;
  /** The full filter (account scope + client filter), for `totalCount`. */
  readonly countFilter: WixFilter;
  /** Fingerprint that tokens minted for this page must carry. */
  readonly fingerprint: string;
  /** True when the request continues from `after`. */
  readonly isContinuation: boolean;
  /** Mints the signed token that continues this query after the upstream's `next` cursor. */
  readonly cursorAfter: (wixCursor: string) => string;
}

/**
 * Validates and plans one page. Throws `BAD_USER_INPUT` listing every problem: `first` out
 * of range, filter/orderBy problems, an `after` that is malformed or belongs to another
 * filter/orderBy/account. With `after`, only `cursorPaging {limit, cursor}` is sent: the
 * upstream cursor already encodes filter and sort.
 */
export function planPackagesQuery(
  args: Pick<PackagesArgs, 'filter' | 'orderBy' | 'first' | 'after'>,
  scope: AccountScope,
  cursorKey: Uint8Array,
): PackagesQueryPlan {
  const problems = new InputProblems();
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    problems.add('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const clientFilter = translatePackageFilter(args.filter, problems, 'filter');
  const sort = translatePackageOrder(args.orderBy, problems, 'orderBy');
  const countFilter: WixFilter =
    clientFilter === undefined ? scope.filter : { $and: [scope.filter, clientFilter] };
  const fingerprint = queryFingerprint(countFilter, sort);

  let wixCursor: string | undefined;
  if (args.after != null) {
    const cursor = decodeConnectionCursor(args.after, cursorKey);
    if (cursor === undefined) {
      problems.add('after', 'is not a cursor issued by this API');
    } else if (cursor.fingerprint !== fingerprint) {
      // With other problems the fingerprint is meaningless; those are reported instead.
      if (problems.isEmpty) {
        problems.add(
          'after',
          'belongs to a different filter, orderBy or account; repeat the arguments of the ' +
            'page it came from',
        );
      }
    } else {
      wixCursor = cursor.wixCursor;
    }
  }
  problems.throwIfAny();

  const query: WixQuery =
    wixCursor === undefined
      ? { filter: countFilter, sort, cursorPaging: { limit: first } }
      : { cursorPaging: { limit: first, cursor: wixCursor } };
  return {
    query,
    countFilter,
    fingerprint,
    isContinuation: wixCursor !== undefined,
    cursorAfter: (next) => encodeConnectionCursor({ wixCursor: next, fingerprint }, cursorKey),
  };
}
