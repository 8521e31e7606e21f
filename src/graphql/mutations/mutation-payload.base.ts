/**
 * The shared shape of the write payloads (Shopify-style): the affected entity after the
 * change, the idempotency key used, and `userErrors`. A client can update its cache from
 * the payload alone. Concrete payload types extend these so each mutation can grow its own;
 * the bases are never referenced by a field, so they stay out of the schema.
 */
import { Field, ObjectType } from 'type-graphql';
import { Package } from '../package/package.type';
import { ProductInstance } from '../product-instance/product-instance.type';
import { UserError } from './user-error.type';

@ObjectType()
export abstract class PackageMutationPayload {
  @Field(() => Package, {
    nullable: true,
    description:
      'The package as it is after the change (all its instances); null when the mutation was ' +
      'refused (see `userErrors`).',
  })
  package!: Package | null;

  @Field(() => [UserError], {
    description: 'Why nothing changed: empty on success, at least one entry otherwise.',
  })
  userErrors!: UserError[];
}

@ObjectType()
export abstract class IdempotentPackageMutationPayload extends PackageMutationPayload {
  @Field(() => String, {
    description:
      'The idempotency key sent to Wix: yours, or one the gateway generated for this call. ' +
      'After a lost response or a top-level error, retry with this key and the same ' +
      'arguments to get the outcome of this call instead of applying it a second time.',
  })
  idempotencyKey!: string;
}

@ObjectType()
export abstract class ProductInstanceMutationPayload extends IdempotentPackageMutationPayload {
  @Field(() => ProductInstance, {
    nullable: true,
    description:
      'The product instance as it is after the change; null when the mutation was refused.',
  })
  productInstance!: ProductInstance | null;
}
