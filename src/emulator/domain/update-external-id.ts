import type { WixPackage } from '../../wix/wire-types';
import { toWireTimestamp } from '../clock';
import { validationFailed } from '../errors';
import { CREATE_LIMITS } from '../validation/create-request';
import type { OperationContext } from './operation-context';
import { requireAccessiblePackage } from './ownership';

/**
 * Update Package External Id (contract: Update Package External Id): only `externalId` and the package's `updatedDate` change.
 * @throws EmulatorApiError 400 when longer than 100 characters; 404 NOT_FOUND (ownership)
 */
export function updateExternalId(
  ctx: OperationContext,
  packageId: string,
  externalId: string,
): WixPackage {
  if (externalId.length > CREATE_LIMITS.externalIdMax) {
    throw validationFailed([
      {
        field: 'externalId',
        description: `must be at most ${CREATE_LIMITS.externalIdMax} characters`,
        violatedRule: 'MAX',
      },
    ]);
  }
  const pkg = requireAccessiblePackage(ctx, packageId);
  const updated: WixPackage = {
    ...pkg,
    externalId,
    updatedDate: toWireTimestamp(ctx.state.clock.nowMs()),
  };
  ctx.state.putPackage(updated);
  return updated;
}
