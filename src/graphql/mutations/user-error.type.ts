import { Field, ObjectType } from 'type-graphql';
import { UserErrorCode } from './user-error-code.enum';

/** A business refusal of a mutation, returned in its payload's `userErrors`. */
@ObjectType({
  description:
    'Why a mutation changed nothing: Wix refused it for a business reason. Transport and ' +
    'availability problems are top-level errors instead.',
  simpleResolvers: true,
})
export class UserError {
  @Field(() => UserErrorCode, { description: 'Stable, machine-readable reason.' })
  code!: UserErrorCode;

  @Field(() => String, { description: 'What went wrong, written for people.' })
  message!: string;

  @Field(() => [String], {
    nullable: true,
    description:
      'Path of the argument at fault, from the mutation field down, e.g. ' +
      '`["input", "products", "0", "countryCode"]`; null when it concerns no single argument.',
  })
  field!: string[] | null;
}
