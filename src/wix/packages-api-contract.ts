/**
 * The account-scoped upstream API: one method per REST endpoint of contract: endpoints (V1 create is
 * deliberately absent: deprecated). An instance is bound to one caller's account and one
 * GraphQL request (request id, deadline); it is built per request in src/context.ts.
 *
 * Implemented by src/wix/packages-api.ts over the http client; faked in tests.
 * Every method rejects with a `WixError` subclass (src/wix/errors.ts) on failure.
 * A body's `idempotencyKey` is the client's: the implementation namespaces it by the account
 * before sending it (src/wix/idempotency-namespace.ts), so callers never do.
 */
import type {
  WixAdjustInstanceRequest,
  WixCreatePackageRequest,
  WixIdempotentRequest,
  WixPackageResponse,
  WixQuery,
  WixQueryPackagesResponse,
  WixUpdatedPackageResponse,
} from './wire-types';

export interface PackagesApi {
  /** The Wix account every call is made for (`wix-account-id`). */
  readonly accountId: string;

  /**
   * contract: Create Package V2 POST /resellers/v2/packages. When an attempt fails ambiguously (5xx, reset, timeout)
   * and the write-retry policy allows a retry, a body with an `externalId` is first reconciled:
   * a package of this account with that external id and exactly these products, created since
   * shortly before the call, is returned instead of creating another one
   * (src/wix/create-package-reconciler.ts).
   */
  createPackage(body: WixCreatePackageRequest): Promise<WixPackageResponse>;
  /** contract: Get Package GET /resellers/v1/packages/{id}. */
  getPackage(id: string): Promise<WixPackageResponse>;
  /**
   * contract: Query Packages POST /resellers/v1/packages/query. A read (retried like a GET). The response is
   * normalised: `metadata` is always set (from `metadata` or `pagingMetadata`) and each
   * instance's `paymentInfo` is read as `billingInfo` (contract: documented conflicts).
   */
  queryPackages(query: WixQuery): Promise<WixQueryPackagesResponse>;
  /** contract: Cancel Package DELETE /resellers/v1/packages/{id}. */
  cancelPackage(id: string, body?: WixIdempotentRequest): Promise<WixPackageResponse>;
  /**
   * contract: Update Package External Id PATCH /resellers/v1/packages/update/{packageId}/{externalId}. No idempotency key
   * upstream, so never retried after an ambiguous failure; a caller may repeat it (setting the
   * same value again leaves the same state).
   */
  updatePackageExternalId(
    packageId: string,
    externalId: string,
  ): Promise<WixUpdatedPackageResponse>;
  /** contract: Assign Product Instance PATCH /resellers/v1/packages/product-instances/{instanceId}/{siteId} (also reassigns). */
  assignProductInstance(
    instanceId: string,
    siteId: string,
    body?: WixIdempotentRequest,
  ): Promise<WixPackageResponse>;
  /** contract: Unassign Product Instance PATCH /resellers/v1/packages/product-instances/{instanceId}/unassign. */
  unassignProductInstance(
    instanceId: string,
    body?: WixIdempotentRequest,
  ): Promise<WixPackageResponse>;
  /** contract: Adjust Product Instance PATCH /resellers/v1/packages/product-instances/{instanceId}. */
  adjustProductInstance(
    instanceId: string,
    body: WixAdjustInstanceRequest,
  ): Promise<WixPackageResponse>;
  /** contract: Cancel Product Instance DELETE /resellers/v1/packages/product-instances/{instanceId}. */
  cancelProductInstance(
    instanceId: string,
    body?: WixIdempotentRequest,
  ): Promise<WixPackageResponse>;
}
