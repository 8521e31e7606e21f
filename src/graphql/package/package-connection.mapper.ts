import type { WixQueryPackagesResponse } from '../../wix/wire-types';
import type { PackageConnection } from './package-connection.type';
import type { PackagesQueryPlan } from './packages-query.plan';
import { mapPackage } from './package.mapper';

/** The upstream's next-page cursor, read from `metadata` or the `pagingMetadata` spelling. */
function nextWixCursor(response: WixQueryPackagesResponse): string | undefined {
  const next = (response.metadata ?? response.pagingMetadata)?.cursors?.next;
  return typeof next === 'string' && next.length > 0 ? next : undefined;
}

/** Maps one Query Packages page to the connection; only the last edge gets a cursor. */
export function mapPackageConnection(
  response: WixQueryPackagesResponse,
  plan: Pick<PackagesQueryPlan, 'countFilter' | 'fingerprint' | 'isContinuation' | 'cursorAfter'>,
): PackageConnection {
  const next = nextWixCursor(response);
  const endCursor = next === undefined ? null : plan.cursorAfter(next);
  const lastIndex = response.packages.length - 1;
  const edges = response.packages.map((pkg, index) => ({
    node: mapPackage(pkg),
    cursor: index === lastIndex ? endCursor : null,
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: next !== undefined,
      hasPreviousPage: plan.isContinuation,
      startCursor: lastIndex === 0 ? endCursor : null,
      endCursor,
    },
    countFilter: plan.countFilter,
  };
}
