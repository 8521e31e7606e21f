import type { WixPackage } from '../../wix/wire-types';
import { entityNotFound, preconditionFailed } from '../errors';
import { isAncestorAccount } from '../state/account-tree';
import type { OperationContext } from './operation-context';
import { findInstance } from './package-edit';
import type { WixProductInstance } from '../../wix/wire-types';

/**
 * contract: emulator rules Ownership: the header account owns the entity, or (when allowed) is an ancestor of the
 * owning account.
 */
export function mayAccess(ctx: OperationContext, ownerAccountId: string): boolean {
  if (ownerAccountId === ctx.accountId) return true;
  return (
    ctx.settings.allowParentAccess &&
    isAncestorAccount(ctx.state.accounts, ctx.accountId, ownerAccountId)
  );
}

/**
 * The package with this id, if the caller may access it.
 * @throws EmulatorApiError 404 NOT_FOUND for unknown packages and other accounts' packages alike
 */
export function requireAccessiblePackage(ctx: OperationContext, packageId: string): WixPackage {
  const pkg = ctx.state.packages.get(packageId);
  if (!pkg || !mayAccess(ctx, pkg.accountId)) throw entityNotFound('package', packageId);
  return pkg;
}

/** A package and one of its instances. */
export interface LocatedInstance {
  readonly pkg: WixPackage;
  readonly instance: WixProductInstance;
}

/**
 * The instance with this id and its package, if the caller may access it.
 * @param missing how to refuse: Adjust answers 428 PRODUCT_INSTANCE_NOT_FOUND (contract: Adjust Product Instance), the other
 *   instance endpoints 404 NOT_FOUND. Another account's instance gets the same answer as an
 *   unknown one, so existence is not revealed.
 */
export function requireAccessibleInstance(
  ctx: OperationContext,
  instanceId: string,
  missing: 'notFound' | 'precondition' = 'notFound',
): LocatedInstance {
  const pkg = ctx.state.packages.getByInstanceId(instanceId);
  const instance = pkg ? findInstance(pkg, instanceId) : undefined;
  if (pkg && instance && mayAccess(ctx, pkg.accountId)) return { pkg, instance };
  if (missing === 'precondition') {
    throw preconditionFailed(
      'PRODUCT_INSTANCE_NOT_FOUND',
      `product instance ${instanceId} not found`,
      { instanceId },
    );
  }
  throw entityNotFound('product instance', instanceId);
}
