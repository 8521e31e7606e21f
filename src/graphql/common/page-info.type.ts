import { Field, ObjectType } from 'type-graphql';

/** Relay page information for a forward-paginated connection. */
@ObjectType({
  description:
    'Relay page information. The upstream pages by whole pages, so only the last edge of a ' +
    'page that has a successor carries a cursor.',
  simpleResolvers: true,
})
export class PageInfo {
  @Field(() => Boolean, { description: 'True when another page follows this one.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, {
    description:
      'True when this page was requested with `after`, i.e. at least one page precedes it.',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Cursor of the first edge. Null unless the first edge is also the last edge of a page ' +
      'that has a successor: pages cannot be resumed from the middle.',
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor to pass as `after` for the next page; null when there is no next page.',
  })
  endCursor!: string | null;
}
