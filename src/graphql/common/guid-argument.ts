import { isGuid, normalizeGuid } from './guid';
import { InputProblems } from './input-problems';

/**
 * Checks a GUID argument before any upstream call: returns it normalised (lower case), or
 * throws `BAD_USER_INPUT` naming `argument`.
 */
export function requireGuidArgument(value: string, argument: string): string {
  // The problem list is built only for a refusal: fifty aliased lookups pass through here.
  if (isGuid(value)) return normalizeGuid(value);
  const problems = new InputProblems();
  problems.add(argument, 'is not a GUID');
  return problems.throwIfAny() as never;
}
