/**
 * The route template of each upstream endpoint (contract: endpoints), with `{name}` where packages-api.ts
 * puts a path parameter: what traces record instead of the raw path, which carries ids. A test
 * checks every path packages-api.ts builds against its template.
 */
import type { WixEndpoint } from './errors';

export const ENDPOINT_ROUTES: Readonly<Record<WixEndpoint, string>> = {
  createPackage: '/resellers/v2/packages',
  getPackage: '/resellers/v1/packages/{id}',
  queryPackages: '/resellers/v1/packages/query',
  cancelPackage: '/resellers/v1/packages/{id}',
  updatePackageExternalId: '/resellers/v1/packages/update/{packageId}/{externalId}',
  assignProductInstance: '/resellers/v1/packages/product-instances/{instanceId}/{siteId}',
  unassignProductInstance: '/resellers/v1/packages/product-instances/{instanceId}/unassign',
  adjustProductInstance: '/resellers/v1/packages/product-instances/{instanceId}',
  cancelProductInstance: '/resellers/v1/packages/product-instances/{instanceId}',
};
