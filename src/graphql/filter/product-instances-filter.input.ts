import { Field, ID, InputType } from 'type-graphql';
import { CycleType } from '../product-instance/cycle-type.enum';
import { FailureCode } from '../product-instance/failure-code.enum';
import { ProductInstanceStatus } from '../product-instance/product-instance-status.enum';
import { createSetMatchInput, type SetMatch } from './set-match.input';

export const IdSetMatch = createSetMatchInput<string>('IdSetMatch', ID, 'GUID');
export const StatusSetMatch = createSetMatchInput<ProductInstanceStatus>(
  'StatusSetMatch',
  ProductInstanceStatus,
  'status',
);
export const CountryCodeSetMatch = createSetMatchInput<string>(
  'CountryCodeSetMatch',
  String,
  'ISO 3166-1 alpha-2 country code',
);
export const FailureCodeSetMatch = createSetMatchInput<FailureCode>(
  'FailureCodeSetMatch',
  FailureCode,
  'failure code',
);
export const CycleTypeSetMatch = createSetMatchInput<CycleType>(
  'CycleTypeSetMatch',
  CycleType,
  'billing type',
);

/** Predicates on a package's product instances (contract: query language `productInstances.*` paths). */
@InputType({
  description:
    "Conditions on a package's product instances; each is evaluated over all instances of " +
    'the package. Several conditions must all hold.',
})
export class ProductInstancesFilter {
  @Field(() => IdSetMatch, { nullable: true, description: 'By instance GUID.' })
  instanceId?: SetMatch<string> | null;

  @Field(() => IdSetMatch, { nullable: true, description: 'By assigned site GUID.' })
  siteId?: SetMatch<string> | null;

  @Field(() => IdSetMatch, { nullable: true, description: 'By catalog product GUID.' })
  catalogProductId?: SetMatch<string> | null;

  @Field(() => StatusSetMatch, { nullable: true, description: 'By status.' })
  status?: SetMatch<ProductInstanceStatus> | null;

  @Field(() => CountryCodeSetMatch, { nullable: true, description: 'By country code.' })
  countryCode?: SetMatch<string> | null;

  @Field(() => FailureCodeSetMatch, { nullable: true, description: 'By failure code.' })
  failureCode?: SetMatch<FailureCode> | null;

  @Field(() => CycleTypeSetMatch, { nullable: true, description: 'By billing type.' })
  billingType?: SetMatch<CycleType> | null;
}
