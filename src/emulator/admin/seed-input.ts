import type { WixPackage, WixProductInstance } from '../../wix/wire-types';
import { WIX_INSTANCE_STATUSES } from '../../wix/wire-types';
import { toWireTimestamp } from '../clock';
import type { EmulatorAccount } from '../fixtures/accounts';
import type { EmulatorSite } from '../fixtures/sites';
import { isGuid, newGuid } from '../ids';
import { isJsonObject, ViolationCollector } from '../validation/field-violations';

/** Data added by the `seed` admin hook / `control.seed()`. */
export interface SeedInput {
  accounts?: EmulatorAccount[];
  sites?: EmulatorSite[];
  /** Raw packages, stored as given (no business rules). Missing ids/dates/status are filled in. */
  packages?: Array<Partial<WixPackage> & Pick<WixPackage, 'accountId'>>;
}

/** Validated seed data. */
export interface ValidSeed {
  accounts: EmulatorAccount[];
  sites: EmulatorSite[];
  packages: WixPackage[];
}

/**
 * Checks untrusted seed data and fills defaults (ids, `PENDING`, timestamps = now).
 * @throws EmulatorApiError 400 listing every problem
 */
export function parseSeedInput(input: unknown, nowMs: number): ValidSeed {
  const violations = new ViolationCollector();
  if (!isJsonObject(input)) {
    violations.add('body', 'TYPE', 'must be an object');
    violations.throwIfAny();
  }
  const body = input as Record<string, unknown>;
  const accounts = listOf(body, 'accounts', violations).flatMap((raw, i) => {
    const path = `accounts[${i}]`;
    if (!isJsonObject(raw) || !isGuid(raw.id)) {
      violations.add(`${path}.id`, 'FORMAT', 'must be a GUID');
      return [];
    }
    if (raw.parentAccountId !== undefined && !isGuid(raw.parentAccountId)) {
      violations.add(`${path}.parentAccountId`, 'FORMAT', 'must be a GUID');
      return [];
    }
    return [raw as unknown as EmulatorAccount];
  });
  const sites = listOf(body, 'sites', violations).flatMap((raw, i) => {
    const path = `sites[${i}]`;
    if (!isJsonObject(raw) || !isGuid(raw.id) || !isGuid(raw.accountId)) {
      violations.add(path, 'FORMAT', 'needs GUIDs id and accountId');
      return [];
    }
    return [raw as unknown as EmulatorSite];
  });
  const now = toWireTimestamp(nowMs);
  const packages = listOf(body, 'packages', violations).flatMap((raw, i) => {
    const parsed = parsePackage(raw, `packages[${i}]`, now, violations);
    return parsed ? [parsed] : [];
  });
  violations.throwIfAny();
  return { accounts, sites, packages };
}

function listOf(
  body: Record<string, unknown>,
  key: string,
  violations: ViolationCollector,
): unknown[] {
  const value = body[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    violations.add(key, 'TYPE', 'must be an array');
    return [];
  }
  return value;
}

function parsePackage(
  raw: unknown,
  path: string,
  now: string,
  violations: ViolationCollector,
): WixPackage | undefined {
  if (!isJsonObject(raw)) {
    violations.add(path, 'TYPE', 'must be an object');
    return undefined;
  }
  const before = violations.count;
  if (!isGuid(raw.accountId)) violations.add(`${path}.accountId`, 'FORMAT', 'must be a GUID');
  if (raw.id !== undefined && !isGuid(raw.id))
    violations.add(`${path}.id`, 'FORMAT', 'must be a GUID');
  const created = timestampOr(raw.createdDate, now, `${path}.createdDate`, violations);
  const updated = timestampOr(raw.updatedDate, created, `${path}.updatedDate`, violations);
  const rawInstances = raw.productInstances;
  if (!Array.isArray(rawInstances) || rawInstances.length === 0) {
    violations.add(`${path}.productInstances`, 'MIN', 'must be a non-empty array');
    return undefined;
  }
  const productInstances = rawInstances.map((instance, j) =>
    parseInstance(instance, `${path}.productInstances[${j}]`, created, violations),
  );
  if (violations.count !== before) return undefined;
  return {
    ...(raw as unknown as WixPackage),
    id: (raw.id as string | undefined) ?? newGuid(),
    productInstances: productInstances as WixProductInstance[],
    createdDate: created,
    updatedDate: updated,
  };
}

function parseInstance(
  raw: unknown,
  path: string,
  fallbackDate: string,
  violations: ViolationCollector,
): WixProductInstance | undefined {
  if (!isJsonObject(raw)) {
    violations.add(path, 'TYPE', 'must be an object');
    return undefined;
  }
  if (!isGuid(raw.catalogProductId)) {
    violations.add(`${path}.catalogProductId`, 'FORMAT', 'must be a GUID');
  }
  if (raw.instanceId !== undefined && !isGuid(raw.instanceId)) {
    violations.add(`${path}.instanceId`, 'FORMAT', 'must be a GUID');
  }
  const status = raw.status ?? 'PENDING';
  if (!WIX_INSTANCE_STATUSES.includes(status as WixProductInstance['status'])) {
    violations.add(
      `${path}.status`,
      'FORMAT',
      `must be one of ${WIX_INSTANCE_STATUSES.join(', ')}`,
    );
  }
  if ((status === 'FAILED') !== (raw.failure !== undefined)) {
    violations.add(`${path}.failure`, 'CUSTOM', 'must be present exactly when status is FAILED');
  }
  const created = timestampOr(raw.createdDate, fallbackDate, `${path}.createdDate`, violations);
  return {
    ...(raw as unknown as WixProductInstance),
    instanceId: (raw.instanceId as string | undefined) ?? newGuid(),
    status: status as WixProductInstance['status'],
    createdDate: created,
    updatedDate: timestampOr(raw.updatedDate, created, `${path}.updatedDate`, violations),
  };
}

function timestampOr(
  value: unknown,
  fallback: string,
  path: string,
  violations: ViolationCollector,
): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    violations.add(path, 'FORMAT', 'must be an ISO-8601 timestamp');
    return fallback;
  }
  return toWireTimestamp(Date.parse(value));
}
