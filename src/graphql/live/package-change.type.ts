import { Field, ID, ObjectType } from 'type-graphql';
import type { PackageChangeKind } from '../../live/package-change';
import { DateTimeScalar } from '../common/date-time.scalar';
import { PackageChangeKindEnum } from './package-change-kind.enum';

/**
 * One change to a package, as delivered to `packageChanged` subscribers. `package` is a field
 * resolver (package-change.resolver.ts) reading the subscriber's own loaders.
 */
@ObjectType({
  description:
    "A change to a package of the caller's visible accounts, from a Wix webhook, one of the " +
    "gateway's own writes, or the watcher that polls Wix when webhooks are not available.",
  simpleResolvers: true,
})
export class PackageChange {
  @Field(() => ID, {
    description:
      'Unique per change (the Wix DomainEvent id for webhook changes): clients may de-duplicate ' +
      'on it.',
  })
  eventId!: string;

  @Field(() => PackageChangeKindEnum, { description: 'What happened.' })
  kind!: PackageChangeKind;

  @Field(() => DateTimeScalar, {
    description: 'When it happened (the Wix event time), or when the gateway learnt of it.',
  })
  occurredAt!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'For the INSTANCE_* kinds: the product instance the change is about.',
  })
  productInstanceId!: string | null;

  /** GUID of the changed package (read by the `package` field resolver; not a field). */
  packageId!: string;
}
