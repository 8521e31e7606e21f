import { isValid as isCountryCode } from 'i18n-iso-countries';
import type { WixFilter } from '../../wix/wire-types';
import { isGuid, normalizeGuid } from '../common/guid';
import type { InputProblems } from '../common/input-problems';
import { ProductInstanceStatus } from '../product-instance/product-instance-status.enum';
import type { ProductInstancesFilter } from './product-instances-filter.input';
import type { SetMatch } from './set-match.input';

type ItemNormalizer = (value: string, problems: InputProblems, path: string) => string | undefined;

const guidItem: ItemNormalizer = (value, problems, path) => {
  if (isGuid(value)) return normalizeGuid(value);
  problems.add(path, 'is not a GUID');
  return undefined;
};

const countryItem: ItemNormalizer = (value, problems, path) => {
  if (/^[A-Za-z]{2}$/.test(value) && isCountryCode(value)) return value.toUpperCase();
  problems.add(path, 'is not an ISO 3166-1 alpha-2 country code');
  return undefined;
};

/** Enum values arrive already checked by GraphQL. */
const enumItem: ItemNormalizer = (value) => value;

/**
 * A status value: checked by GraphQL, but `UNKNOWN` is the gateway's name for statuses it does
 * not know, not one Wix stores, so it cannot be filtered by.
 */
const statusItem: ItemNormalizer = (value, problems, path) => {
  if (value !== ProductInstanceStatus.UNKNOWN) return value;
  problems.add(path, 'UNKNOWN names statuses this gateway does not know; it cannot be filtered by');
  return undefined;
};

/** Each predicate: its input key, the Wix path it filters, and how items are checked. */
const INSTANCE_PREDICATES: ReadonlyArray<
  readonly [keyof ProductInstancesFilter, string, ItemNormalizer]
> = [
  ['instanceId', 'productInstances.instanceId', guidItem],
  ['siteId', 'productInstances.siteId', guidItem],
  ['catalogProductId', 'productInstances.catalogProductId', guidItem],
  ['status', 'productInstances.status', statusItem],
  ['countryCode', 'productInstances.countryCode', countryItem],
  ['failureCode', 'productInstances.failure.code', enumItem],
  ['billingType', 'productInstances.billingInfo.type', enumItem],
];

function setClauses(
  wixPath: string,
  match: SetMatch<string> | null | undefined,
  normalize: ItemNormalizer,
  problems: InputProblems,
  path: string,
): WixFilter[] {
  if (match == null) return [];
  const clauses: WixFilter[] = [];
  for (const operator of ['hasSome', 'hasAll'] as const) {
    const list = match[operator];
    if (list == null) continue;
    if (list.length === 0) {
      problems.add(`${path}.${operator}`, 'must list at least one value');
      continue;
    }
    const values = list
      .map((value, index) => normalize(value, problems, `${path}.${operator}[${index}]`))
      .filter((value): value is string => value !== undefined);
    clauses.push({ [wixPath]: { [`$${operator}`]: [...new Set(values)] } });
  }
  return clauses;
}

/** Translates the `productInstances` predicates into `$hasSome` / `$hasAll` clauses. */
export function instanceClauses(
  filter: ProductInstancesFilter | null | undefined,
  problems: InputProblems,
  path: string,
): WixFilter[] {
  if (filter == null) return [];
  return INSTANCE_PREDICATES.flatMap(([key, wixPath, normalize]) =>
    setClauses(wixPath, filter[key], normalize, problems, `${path}.${key}`),
  );
}
