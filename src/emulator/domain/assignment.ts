import type { WixPackage, WixProductInstance } from '../../wix/wire-types';
import { toWireTimestamp } from '../clock';
import { applicationError, preconditionFailed } from '../errors';
import { findCatalogProduct } from '../fixtures/catalog';
import type { OperationContext } from './operation-context';
import { isActiveStatus, withUpdatedInstances } from './package-edit';
import { requireAccessibleInstance } from './ownership';
import { checkSiteAccepts, requireOwnedSite } from './site-rules';

function requireAssignable(instance: WixProductInstance): void {
  if (!isActiveStatus(instance.status)) {
    throw preconditionFailed(
      'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
      `product instance ${instance.instanceId} is ${instance.status}`,
      { instanceId: instance.instanceId, status: instance.status },
    );
  }
}

/**
 * contract: Assign Product Instance Assign (also reassign): sets `siteId`; status unchanged. The site must belong to the
 * package's account (404 SITE_NOT_FOUND), must not already hold an active product of the same
 * type (428 PRODUCT_TYPE_ALREADY_ASSIGNED) and must have the prerequisite
 * (428 PRODUCT_NOT_SUPPORTED_ON_SITE). CANCELED/FAILED instances → 428
 * INCOMPATIBLE_PRODUCT_INSTANCE_STATUS. Assigning to the current site is a 200 no-op.
 */
export function assignInstance(
  ctx: OperationContext,
  instanceId: string,
  siteId: string,
): WixPackage {
  const { pkg, instance } = requireAccessibleInstance(ctx, instanceId);
  requireAssignable(instance);
  requireOwnedSite(ctx.state, siteId, pkg.accountId, { instanceId });
  if (instance.siteId === siteId) return pkg;
  const product = findCatalogProduct(instance.catalogProductId);
  if (!product) {
    throw applicationError(
      404,
      'PRODUCT_NOT_FOUND',
      `product ${instance.catalogProductId} not found`,
      {
        instanceId,
        productId: instance.catalogProductId,
      },
    );
  }
  checkSiteAccepts(ctx.state, siteId, product, { instanceId }, instanceId);
  const now = toWireTimestamp(ctx.state.clock.nowMs());
  const updated = withUpdatedInstances(pkg, now, (candidate) =>
    candidate.instanceId === instanceId ? { ...candidate, siteId } : undefined,
  );
  ctx.state.putPackage(updated);
  ctx.emit?.({
    slug: 'assigned_product_instance_to_site',
    pkg: updated,
    productInstanceId: instanceId,
    siteId,
  });
  return updated;
}

/**
 * contract: Unassign Product Instance Unassign: removes `siteId` (the instance becomes floating); status unchanged.
 * Unassigning a floating instance is a 200 no-op (contract: emulator rules, a decision where Wix documents nothing); CANCELED/FAILED → 428.
 */
export function unassignInstance(ctx: OperationContext, instanceId: string): WixPackage {
  const { pkg, instance } = requireAccessibleInstance(ctx, instanceId);
  requireAssignable(instance);
  const previousSiteId = instance.siteId;
  if (previousSiteId === undefined) return pkg;
  const now = toWireTimestamp(ctx.state.clock.nowMs());
  const updated = withUpdatedInstances(pkg, now, (candidate) => {
    if (candidate.instanceId !== instanceId) return undefined;
    const { siteId: _removed, ...floating } = candidate;
    return floating;
  });
  ctx.state.putPackage(updated);
  ctx.emit?.({
    slug: 'unassigned_product_instance_from_site',
    pkg: updated,
    productInstanceId: instanceId,
    metaSiteId: previousSiteId,
  });
  return updated;
}
