import { Ctx, FieldResolver, Int, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { GatewayContext } from '../context.type';
import { mapUpstreamErrors } from '../upstream-errors.middleware';
import { PackageConnection } from './package-connection.type';

/** Fields of `PackageConnection` that need work beyond the page itself. */
@Resolver(() => PackageConnection)
@UseMiddleware(mapUpstreamErrors)
export class PackageConnectionResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Number of packages matching the filter across all pages. Costs one extra upstream call ' +
      '(an offset-paged count query), made only when this field is selected. Null when the ' +
      'upstream does not report a total (e.g. too many to count).',
  })
  async totalCount(
    @Root() connection: PackageConnection,
    @Ctx() { api }: GatewayContext,
  ): Promise<number | null> {
    const response = await api.queryPackages({
      filter: connection.countFilter,
      paging: { limit: 1, offset: 0 },
    });
    const metadata = response.metadata ?? response.pagingMetadata;
    if (metadata?.tooManyToCount === true) return null;
    const total = metadata?.total;
    return typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : null;
  }
}
