import type { WixPackage, WixProductInstance } from '../../wix/wire-types';

/** Statuses that still hold a product (count for site-type rules, limits, and can be canceled). */
export function isActiveStatus(status: WixProductInstance['status']): boolean {
  return status !== 'CANCELED' && status !== 'FAILED';
}

/** Terminal statuses (contract: emulator rules, a decision where Wix documents nothing: no way back). */
export function isTerminalStatus(status: WixProductInstance['status']): boolean {
  return !isActiveStatus(status);
}

/** The instance with this id inside `pkg`. */
export function findInstance(pkg: WixPackage, instanceId: string): WixProductInstance | undefined {
  return pkg.productInstances.find((instance) => instance.instanceId === instanceId);
}

/**
 * A NEW package in which the instances selected by `update` are replaced; both the package's
 * and each touched instance's `updatedDate` become `nowIso` (contract: emulator rules: every mutation bumps them).
 * `update` returns undefined to leave an instance untouched.
 */
export function withUpdatedInstances(
  pkg: WixPackage,
  nowIso: string,
  update: (instance: WixProductInstance) => WixProductInstance | undefined,
): WixPackage {
  const productInstances = pkg.productInstances.map((instance) => {
    const changed = update(instance);
    return changed ? { ...changed, updatedDate: nowIso } : instance;
  });
  return { ...pkg, productInstances, updatedDate: nowIso };
}

/** Copy of `value` without keys whose value is `undefined` (the wire never carries them). */
export function withoutUndefined<T extends object>(value: T): T {
  const result = {} as Record<string, unknown>;
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== undefined) result[key] = inner;
  }
  return result as T;
}
