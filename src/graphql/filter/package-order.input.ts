import { Field, InputType } from 'type-graphql';
import { SortDirection } from '../common/sort-direction.enum';
import { PackageOrderField } from './package-order-field.enum';

/** One sort clause for packages. */
@InputType({ description: 'One sort clause; clauses apply in list order.' })
export class PackageOrder {
  @Field(() => PackageOrderField, { description: 'Field to sort by.' })
  field!: PackageOrderField;

  @Field(() => SortDirection, {
    defaultValue: SortDirection.DESC,
    description: 'Direction; newest first by default.',
  })
  direction!: SortDirection;
}
