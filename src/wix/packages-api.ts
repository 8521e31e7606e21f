/**
 * The account-scoped upstream API (contract: endpoints): one method per endpoint over the shared http
 * client. Built per GraphQL request in src/context.ts; it carries that request's account,
 * request id and deadline into every call, and namespaces every idempotency key by that
 * account before it is sent (idempotency-namespace.ts).
 */
import type { HttpClient, HttpMethod, HttpRequest } from './http-client';
import type { WixEndpoint } from './errors';
import { pickReconciledPackage, reconciliationQuery } from './create-package-reconciler';
import { namespacedIdempotencyKey } from './idempotency-namespace';
import type { PackagesApi } from './packages-api-contract';
import { encodePathSegment } from './path-segment';
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
  /** Clock for the create reconciliation window; default `Date.now`. */
  now?: () => number;
}

const PACKAGES = '/resellers/v1/packages';
const INSTANCES = `${PACKAGES}/product-instances`;
const seg = encodePathSegment;

/** Creates the `PackagesApi` bound to one account and one GraphQL request. */
export function createPackagesApi(client: HttpClient, scope: PackagesApiScope): PackagesApi {
  const now = scope.now ?? Date.now;

  /** Write-only details of a request. */
  type WriteOptions = Pick<HttpRequest, 'idempotencyKey' | 'reconcile'>;

  function call(
    endpoint: WixEndpoint,
    method: HttpMethod,
    path: string,
    kind: 'read' | 'write',
    body?: object,
    write: WriteOptions = {},
  ): Promise<unknown> {
    const request: HttpRequest = { endpoint, method, path, kind, accountId: scope.accountId };
    if (scope.requestId !== undefined) request.requestId = scope.requestId;
    if (scope.deadline !== undefined) request.deadline = scope.deadline;
    if (body !== undefined) request.body = body;
    if (write.idempotencyKey) request.idempotencyKey = write.idempotencyKey;
    if (write.reconcile) request.reconcile = write.reconcile;
    return client.request<unknown>(request);
  }

  /**
   * Every write that takes an idempotency key goes through here, and nowhere else is a key
   * sent: the body goes out with its key namespaced by the account (idempotency-namespace.ts).
   * `reconcileFor` builds the create's reconcile hook from the body as sent.
   */
  async function packageWrite<T extends WixIdempotentRequest>(
    endpoint: WixEndpoint,
    method: HttpMethod,
    path: string,
    body: T | undefined,
    reconcileFor?: (sent: T) => (() => Promise<unknown>) | undefined,
  ): Promise<WixPackageResponse> {
    const sent: T | undefined = body?.idempotencyKey
      ? { ...body, idempotencyKey: namespacedIdempotencyKey(scope.accountId, body.idempotencyKey) }
      : body;
    const write: WriteOptions = { reconcile: sent && reconcileFor?.(sent) };
    if (sent?.idempotencyKey) write.idempotencyKey = sent.idempotencyKey;
    return readPackageResponse(endpoint, await call(endpoint, method, path, 'write', sent, write));
  }

  async function queryPackages(query: WixQuery) {
    const endpoint = 'queryPackages';
    const body: WixQueryPackagesRequest = { query };
    return readQueryPackagesResponse(
      endpoint,
      await call(endpoint, 'POST', `${PACKAGES}/query`, 'read', body),
    );
  }

  /**
   * The reconcile hook of a create with an external id: looks for the package an ambiguous
   * attempt may have created, and answers like Create would (`{ idempotencyKey?, package }`).
   */
  function createReconciler(body: WixCreatePackageRequest): (() => Promise<unknown>) | undefined {
    if (!body.externalId) return undefined;
    const reconciliation = { accountId: scope.accountId, request: body, startedAt: now() };
    return async () => {
      const found = pickReconciledPackage(
        reconciliation,
        await queryPackages(reconciliationQuery(reconciliation)),
      );
      if (!found) return undefined;
      return body.idempotencyKey === undefined
        ? { package: found }
        : { idempotencyKey: body.idempotencyKey, package: found };
    };
  }

  return {
    accountId: scope.accountId,

    async createPackage(body: WixCreatePackageRequest) {
      return packageWrite(
        'createPackage',
        'POST',
        '/resellers/v2/packages',
        body,
        createReconciler,
      );
    },

    async getPackage(id: string) {
      const endpoint = 'getPackage';
      return readPackageResponse(
        endpoint,
        await call(endpoint, 'GET', `${PACKAGES}/${seg(id)}`, 'read'),
      );
    },

    queryPackages,

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
