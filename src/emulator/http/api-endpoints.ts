import type {
  WixPackage,
  WixPackageResponse,
  WixQueryPackagesResponse,
  WixUpdatedPackageResponse,
} from '../../wix/wire-types';
import { adjustInstance } from '../domain/adjust';
import { assignInstance, unassignInstance } from '../domain/assignment';
import { cancelInstance, cancelPackage } from '../domain/cancel';
import { createPackage } from '../domain/create-package';
import type { OperationContext } from '../domain/operation-context';
import { requireAccessiblePackage } from '../domain/ownership';
import { updateExternalId } from '../domain/update-external-id';
import { validationFailed } from '../errors';
import { isGuid } from '../ids';
import { executeQueryPackages } from '../query';
import { accountTreeOf } from '../state/account-tree';
import { parseAdjustRequest } from '../validation/adjust-request';
import { parseCreatePackageRequest } from '../validation/create-request';
import type { ApiRoute } from './routes';

/** A successful API answer. */
export interface ApiSuccess {
  readonly status: 200;
  readonly body: WixPackageResponse | WixUpdatedPackageResponse | WixQueryPackagesResponse;
}

/**
 * Runs one API endpoint (contract: endpoints) for the calling account.
 * @param body the request body with camelCase keys (an object)
 * @param rawBody the body as sent (the query engine reads snake_case itself)
 * @throws EmulatorApiError, QueryRequestError for refused requests
 */
export function runEndpoint(
  ctx: OperationContext,
  route: ApiRoute,
  body: Record<string, unknown>,
  rawBody: unknown,
): ApiSuccess {
  const param = (name: string): string => {
    const value = route.params[name] as string;
    if (name !== 'externalId' && !isGuid(value)) {
      throw validationFailed([
        { field: name, description: 'must be a GUID', violatedRule: 'FORMAT' },
      ]);
    }
    return value;
  };
  const packageResponse = (pkg: WixPackage): ApiSuccess => ({
    status: 200,
    body: { package: pkg },
  });
  switch (route.endpoint) {
    case 'createPackage': {
      const input = parseCreatePackageRequest(body, route.createVersion !== 'v1');
      return packageResponse(createPackage(ctx, input));
    }
    case 'getPackage':
      return packageResponse(requireAccessiblePackage(ctx, param('packageId')));
    case 'queryPackages':
      return {
        status: 200,
        body: executeQueryPackages(ctx.state.packages, rawBody, {
          accountIds: accountTreeOf(ctx.state.accounts, ctx.accountId),
        }),
      };
    case 'cancelPackage':
      return packageResponse(cancelPackage(ctx, param('packageId')));
    case 'updatePackageExternalId': {
      const pkg = updateExternalId(ctx, param('packageId'), param('externalId'));
      return { status: 200, body: { updatedPackage: pkg } };
    }
    case 'assignProductInstance':
      return packageResponse(assignInstance(ctx, param('instanceId'), param('siteId')));
    case 'unassignProductInstance':
      return packageResponse(unassignInstance(ctx, param('instanceId')));
    case 'adjustProductInstance': {
      const instanceId = param('instanceId');
      return packageResponse(adjustInstance(ctx, instanceId, parseAdjustRequest(body)));
    }
    case 'cancelProductInstance':
      return packageResponse(cancelInstance(ctx, param('instanceId')));
  }
}

/** Endpoints that accept an `idempotencyKey` (contract: idempotency): every write except Update External Id. */
export function isIdempotentEndpoint(endpoint: ApiRoute['endpoint']): boolean {
  return (
    endpoint !== 'getPackage' &&
    endpoint !== 'queryPackages' &&
    endpoint !== 'updatePackageExternalId'
  );
}
