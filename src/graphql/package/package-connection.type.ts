import { Field, ObjectType } from 'type-graphql';
import type { WixFilter } from '../../wix/wire-types';
import { PageInfo } from '../common/page-info.type';
import { PackageEdge } from './package-edge.type';

/**
 * A Relay connection over packages. `totalCount` is a field resolver
 * (package-connection.resolver.ts) that makes its own upstream call only when selected.
 */
@ObjectType({ description: 'A page of packages (Relay connection).', simpleResolvers: true })
export class PackageConnection {
  @Field(() => [PackageEdge], { description: 'The packages of this page, in sort order.' })
  edges!: PackageEdge[];

  @Field(() => PageInfo, { description: 'Where this page sits and how to fetch the next one.' })
  pageInfo!: PageInfo;

  /** Filter the page was drawn from (account scope included); feeds `totalCount`. */
  countFilter!: WixFilter;
}
