import { Field, ObjectType } from 'type-graphql';
import { Package } from './package.type';

/** One package of a `PackageConnection` page. */
@ObjectType({ description: 'One package in a page of packages.', simpleResolvers: true })
export class PackageEdge {
  @Field(() => Package, { description: 'The package.' })
  node!: Package;

  @Field(() => String, {
    nullable: true,
    description:
      'Cursor to continue after this edge. The upstream pages by whole pages, so only the last ' +
      'edge of a page that has a next page carries one (equal to `pageInfo.endCursor`); null ' +
      'elsewhere.',
  })
  cursor!: string | null;
}
