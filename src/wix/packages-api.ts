/**
 * The account-scoped upstream API (spec §6): one method per endpoint over the shared http
 * client. Built per GraphQL request in src/context.ts; it carries that request's account,
 * request id and deadline into every call.
 */
import type { HttpClient, HttpMethod, HttpRequest } from './http-client';
import type { WixEndpoint } from './errors';
import type { PackagesApi } from './packages-api-contract';
import {
  readPackageResponse,
  readQueryPackagesResponse,
  readUpdatedPackageResponse,
} from './response-normalisation';
import type {
  WixAdjustInstanceRequest,
  WixCreatePackageRequest,
  WixIdempotentRequest,
  WixPackageResponse,
  WixQuery,
  WixQueryPackagesRequest,
} from './wire-types';

/** Who and when: the account every call is made for, and the GraphQL request's id/deadline. */
export interface PackagesApiScope {
  accountId: string;
  requestId?: string;
  /** Epoch ms; no upstream attempt runs past it. */
  deadline?: number;
}

const PACKAGES = '/resellers/v1/packages';
const INSTANCES = `${PACKAGES}/product-instances`;
const seg = encodeURIComponent;

/** Creates the `PackagesApi` bound to one account and one GraphQL request. */
export function createPackagesApi(client: HttpClient, scope: PackagesApiScope): PackagesApi {
  function call(
    endpoint: WixEndpoint,
    method: HttpMethod,
    path: string,
    kind: 'read' | 'write',
    body?: object,
    idempotencyKey?: string,
  ): Promise<unknown> {
    const request: HttpRequest = { endpoint, method, path, kind, accountId: scope.accountId };
    if (scope.requestId !== undefined) request.requestId = scope.requestId;
    if (scope.deadline !== undefined) request.deadline = scope.deadline;
    if (body !== undefined) request.body = body;
    if (idempotencyKey) request.idempotencyKey = idempotencyKey;
    return client.request<unknown>(request);
  }

  async function packageWrite(
    endpoint: WixEndpoint,
    method: HttpMethod,
    path: string,
    body: WixIdempotentRequest | undefined,
  ): Promise<WixPackageResponse> {
    return readPackageResponse(
      endpoint,
      await call(endpoint, method, path, 'write', body, body?.idempotencyKey),
    );
  }

  return {
    accountId: scope.accountId,

    async createPackage(body: WixCreatePackageRequest) {
      return packageWrite('createPackage', 'POST', '/resellers/v2/packages', body);
    },

    async getPackage(id: string) {
      const endpoint = 'getPackage';
      return readPackageResponse(
        endpoint,
        await call(endpoint, 'GET', `${PACKAGES}/${seg(id)}`, 'read'),
      );
    },

    async queryPackages(query: WixQuery) {
      const endpoint = 'queryPackages';
      const body: WixQueryPackagesRequest = { query };
      return readQueryPackagesResponse(
        endpoint,
        await call(endpoint, 'POST', `${PACKAGES}/query`, 'read', body),
      );
    },

    async cancelPackage(id: string, body?: WixIdempotentRequest) {
      return packageWrite('cancelPackage', 'DELETE', `${PACKAGES}/${seg(id)}`, body);
    },

    async updatePackageExternalId(packageId: string, externalId: string) {
      const endpoint = 'updatePackageExternalId';
      const path = `${PACKAGES}/update/${seg(packageId)}/${seg(externalId)}`;
      return readUpdatedPackageResponse(endpoint, await call(endpoint, 'PATCH', path, 'write'));
    },

    async assignProductInstance(instanceId: string, siteId: string, body?: WixIdempotentRequest) {
      const path = `${INSTANCES}/${seg(instanceId)}/${seg(siteId)}`;
      return packageWrite('assignProductInstance', 'PATCH', path, body);
    },

    async unassignProductInstance(instanceId: string, body?: WixIdempotentRequest) {
      const path = `${INSTANCES}/${seg(instanceId)}/unassign`;
      return packageWrite('unassignProductInstance', 'PATCH', path, body);
    },

    async adjustProductInstance(instanceId: string, body: WixAdjustInstanceRequest) {
      const path = `${INSTANCES}/${seg(instanceId)}`;
      return packageWrite('adjustProductInstance', 'PATCH', path, body);
    },

    async cancelProductInstance(instanceId: string, body?: WixIdempotentRequest) {
      const path = `${INSTANCES}/${seg(instanceId)}`;
      return packageWrite('cancelProductInstance', 'DELETE', path, body);
    },
  };
}
