import type {
  WixPackage,
  WixProductInstance,
  WixQuery,
  WixQueryPackagesResponse,
} from '../../../../src/wix/wire-types';
import type { WixFieldViolation } from '../../../../src/wix/wire-types';
import { executeQueryPackages, QueryRequestError } from '../../../../src/emulator/query';
import { PackageIndex } from '../../../../src/emulator/store/package-index';

export const ROOT = 'acc-root';
export const SUB = 'acc-sub';
export const OTHER = 'acc-other';
/** The header account's tree: root parent plus sub-account. */
export const TREE_SCOPE = { accountIds: new Set([ROOT, SUB]) };

/** `2024-05-01T10:00:<seconds>.000Z`, so fixture dates order by the number given. */
export function at(seconds: number): string {
  return new Date(Date.UTC(2024, 4, 1, 10, 0, seconds)).toISOString();
}

export function instance(
  instanceId: string,
  fields: Partial<WixProductInstance> = {},
): WixProductInstance {
  return {
    instanceId,
    catalogProductId: 'prod-premium',
    status: 'PENDING',
    countryCode: 'BR',
    createdDate: at(0),
    updatedDate: at(0),
    ...fields,
  };
}

export function pkg(
  id: string,
  created: number,
  fields: Partial<WixPackage> & { updated?: number } = {},
): WixPackage {
  const { updated, ...rest } = fields;
  return {
    id,
    accountId: ROOT,
    productInstances: [instance(`${id}-i1`)],
    createdDate: at(created),
    updatedDate: at(updated ?? created),
    ...rest,
  };
}

export function indexOf(packages: readonly WixPackage[]): PackageIndex {
  const index = new PackageIndex();
  for (const p of packages) index.put(p);
  return index;
}

export function run(
  index: PackageIndex,
  query: WixQuery | Record<string, unknown>,
  scope = TREE_SCOPE,
): WixQueryPackagesResponse {
  return executeQueryPackages(index, { query }, scope);
}

export function ids(response: WixQueryPackagesResponse): string[] {
  return response.packages.map((p) => p.id);
}

/** Runs the body and returns the QueryRequestError it must throw. */
export function rejection(
  index: PackageIndex,
  body: unknown,
  scope = TREE_SCOPE,
): QueryRequestError {
  try {
    executeQueryPackages(index, body, scope);
  } catch (error) {
    if (error instanceof QueryRequestError) return error;
    throw error;
  }
  throw new Error('expected a QueryRequestError');
}

/** The violations of a rejected `{ query }`. */
export function violationsOf(
  index: PackageIndex,
  query: Record<string, unknown>,
): WixFieldViolation[] {
  return rejection(index, { query }).fieldViolations;
}
