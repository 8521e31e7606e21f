import type { WixFilter } from '../../wix/wire-types';
import type { InputProblems } from '../common/input-problems';

/** `eq` / `ne` / `in` / `exists` on one field (IdFilter, StringFilter). */
export interface EqualityConditions {
  eq?: string | null;
  ne?: string | null;
  in?: string[] | null;
  exists?: boolean | null;
}

/** Checks one value; returns it as sent upstream, or undefined after recording a problem. */
export type ValueNormalizer = (
  value: string,
  problems: InputProblems,
  path: string,
) => string | undefined;

/**
 * Translates the equality operators on `field` into one Wix clause per operator, and reports
 * bad values and contradictions (`exists: false` with `eq`/`in`, `eq` equal to `ne`, `eq`
 * outside `in`).
 */
export function equalityClauses(
  field: string,
  conditions: EqualityConditions | null | undefined,
  normalize: ValueNormalizer,
  problems: InputProblems,
  path: string,
): WixFilter[] {
  if (conditions == null) return [];
  const clauses: WixFilter[] = [];
  const eq = conditions.eq == null ? undefined : normalize(conditions.eq, problems, `${path}.eq`);
  const ne = conditions.ne == null ? undefined : normalize(conditions.ne, problems, `${path}.ne`);
  if (eq !== undefined) clauses.push({ [field]: { $eq: eq } });
  if (ne !== undefined) clauses.push({ [field]: { $ne: ne } });

  let inValues: string[] | undefined;
  if (conditions.in != null) {
    if (conditions.in.length === 0) {
      problems.add(`${path}.in`, 'must list at least one value');
    } else {
      const normalized = conditions.in.map((value, index) =>
        normalize(value, problems, `${path}.in[${index}]`),
      );
      inValues = [...new Set(normalized.filter((value) => value !== undefined))];
      clauses.push({ [field]: { $in: inValues } });
    }
  }
  if (conditions.exists != null) clauses.push({ [field]: { $exists: conditions.exists } });

  if (conditions.exists === false && (conditions.eq != null || conditions.in != null)) {
    problems.add(path, 'exists: false contradicts eq/in (an unset field equals nothing)');
  }
  if (eq !== undefined && eq === ne) {
    problems.add(path, 'eq and ne name the same value, so nothing can match');
  }
  if (eq !== undefined && inValues !== undefined && !inValues.includes(eq)) {
    problems.add(path, 'eq is not one of the in values, so nothing can match');
  }
  return clauses;
}
