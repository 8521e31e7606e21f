import type { WixFieldViolation } from '../../wix/wire-types';
import { validationFailed } from '../errors';

/** Rule names used in `violatedRule` (contract: error envelope lists `CUSTOM`, `MAX`, `FORMAT`; `REQUIRED_FIELD` is ours). */
export type ViolatedRule = 'REQUIRED_FIELD' | 'FORMAT' | 'MAX' | 'MIN' | 'TYPE' | 'CUSTOM';

/** Collects every violation of one request so that all of them are reported at once. */
export class ViolationCollector {
  private readonly violations: WixFieldViolation[] = [];

  add(field: string, violatedRule: ViolatedRule, description: string): void {
    this.violations.push({ field, description, violatedRule });
  }

  get isEmpty(): boolean {
    return this.violations.length === 0;
  }

  /** Number of violations so far (lets a parser tell whether its own part added any). */
  get count(): number {
    return this.violations.length;
  }

  /** @throws EmulatorApiError 400 when at least one violation was collected. */
  throwIfAny(): void {
    if (!this.isEmpty) throw validationFailed(this.violations);
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an optional string field: absent/null → undefined; wrong type → violation.
 * @returns the string, or undefined when absent or invalid
 */
export function optionalString(
  source: Record<string, unknown>,
  key: string,
  path: string,
  violations: ViolationCollector,
  maxLength?: number,
): string | undefined {
  const value = source[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    violations.add(path, 'TYPE', 'must be a string');
    return undefined;
  }
  if (maxLength !== undefined && value.length > maxLength) {
    violations.add(path, 'MAX', `must be at most ${maxLength} characters`);
    return undefined;
  }
  return value;
}
