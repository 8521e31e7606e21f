import { badUserInput, type InputViolation } from '../errors';

/**
 * Collects every problem found in a request's arguments so the client hears about all of
 * them at once, each with the path of the offending argument (`filter.and[1].id.in[0]`).
 */
export class InputProblems {
  private readonly violations: InputViolation[] = [];

  /** Records one problem at `path`. */
  add(path: string, message: string): void {
    this.violations.push({ path, message });
  }

  /** True when nothing has been recorded. */
  get isEmpty(): boolean {
    return this.violations.length === 0;
  }

  /** The problems recorded so far, in the order found. */
  list(): readonly InputViolation[] {
    return this.violations;
  }

  /** Throws one `BAD_USER_INPUT` error listing every problem, if there is any. */
  throwIfAny(): void {
    if (this.violations.length > 0) throw badUserInput(this.violations);
  }
}
