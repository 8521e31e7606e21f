import type { WixPackage } from '../../wix/wire-types';
import { toWireTimestamp } from '../clock';
import { preconditionFailed } from '../errors';
import type { OperationContext } from './operation-context';
import { isActiveStatus, withUpdatedInstances } from './package-edit';
import { requireAccessibleInstance, requireAccessiblePackage } from './ownership';

/**
 * Cancel Package (contract: Cancel Package): every active instance becomes CANCELED; FAILED instances stay FAILED
 * (contract: emulator rules, a decision where Wix documents nothing); the package stays readable. When nothing is left to cancel the call is a 200
 * no-op returning the unchanged package, or 428 INCOMPATIBLE_PRODUCT_INSTANCE_STATUS when
 * `cancelTwice` is 'error'.
 */
export function cancelPackage(ctx: OperationContext, packageId: string): WixPackage {
  const pkg = requireAccessiblePackage(ctx, packageId);
  if (!pkg.productInstances.some((instance) => isActiveStatus(instance.status))) {
    if (ctx.settings.cancelTwice === 'error') {
      throw preconditionFailed(
        'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
        `package ${packageId} has no instance that can be canceled`,
        { packageId },
      );
    }
    return pkg;
  }
  const now = toWireTimestamp(ctx.state.clock.nowMs());
  const canceled = withUpdatedInstances(pkg, now, (instance) =>
    isActiveStatus(instance.status) ? { ...instance, status: 'CANCELED' } : undefined,
  );
  ctx.state.putPackage(canceled);
  ctx.emit?.({ slug: 'package_canceled', pkg: canceled });
  return canceled;
}

/**
 * Cancel Product Instance (contract: Cancel Product Instance): only that instance becomes CANCELED. An instance that is
 * already CANCELED or FAILED is left alone (200 no-op, or 428 when `cancelTwice` is 'error').
 * @returns the package containing the instance
 */
export function cancelInstance(ctx: OperationContext, instanceId: string): WixPackage {
  const { pkg, instance } = requireAccessibleInstance(ctx, instanceId);
  if (!isActiveStatus(instance.status)) {
    if (ctx.settings.cancelTwice === 'error') {
      throw preconditionFailed(
        'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
        `product instance ${instanceId} is ${instance.status}`,
        { instanceId, status: instance.status },
      );
    }
    return pkg;
  }
  const now = toWireTimestamp(ctx.state.clock.nowMs());
  const updated = withUpdatedInstances(pkg, now, (candidate) =>
    candidate.instanceId === instanceId ? { ...candidate, status: 'CANCELED' } : undefined,
  );
  ctx.state.putPackage(updated);
  ctx.emit?.({ slug: 'product_instance_canceled', pkg: updated, productInstanceId: instanceId });
  return updated;
}
