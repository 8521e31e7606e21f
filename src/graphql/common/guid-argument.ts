import { isGuid, normalizeGuid } from './guid';
import { InputProblems } from './input-problems';

/**
 * Checks a GUID argument before any upstream call: returns it normalised (lower case), or
 * throws `BAD_USER_INPUT` naming `argument`.
 */
export function requireGuidArgument(value: string, argument: string): string {
  const problems = new InputProblems();
  if (!isGuid(value)) problems.add(argument, 'is not a GUID');
  problems.throwIfAny();
  return normalizeGuid(value);
}
