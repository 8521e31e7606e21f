/**
 * Tolerant reading of upstream responses (contract: documented conflicts items 2 and 3): checks that the wrapper key
 * each endpoint promises is there, and settles the documented spelling conflicts so the layers
 * above see one shape: Query paging always under `metadata`, instance cycles always under
 * `billingInfo`. The parsed JSON is never mutated: what needs settling is copied, what is already
 * in the one shape is returned as parsed (no copy per request; reads joined by coalescing share
 * their packages, so what the layers above derive per package object is derived once).
 */
import { WixProtocolError } from './errors';
import type { WixEndpoint } from './errors';
import type {
  WixPackage,
  WixPackageResponse,
  WixProductInstance,
  WixQueryPackagesResponse,
  WixUpdatedPackageResponse,
} from './wire-types';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normaliseInstance(instance: WixProductInstance): WixProductInstance {
  if (!isObject(instance) || instance.paymentInfo === undefined) return instance;
  const { paymentInfo, ...rest } = instance;
  return rest.billingInfo === undefined ? { ...rest, billingInfo: paymentInfo } : rest;
}

function normalisePackage(endpoint: WixEndpoint, value: unknown, key: string): WixPackage {
  if (!isObject(value)) throw new WixProtocolError(endpoint, `missing "${key}"`);
  const pkg = value as unknown as WixPackage;
  if (!Array.isArray(pkg.productInstances)) return pkg;
  const instances = pkg.productInstances.map(normaliseInstance);
  // Already in the one shape (the usual case): the package as parsed, not a copy per request.
  if (instances.every((instance, index) => instance === pkg.productInstances[index])) return pkg;
  return { ...pkg, productInstances: instances };
}

function requireObject(endpoint: WixEndpoint, body: unknown): JsonObject {
  if (!isObject(body)) throw new WixProtocolError(endpoint, 'body is not a JSON object');
  return body;
}

/** `{ idempotencyKey?, package }` of Get and of every write but Update External Id. */
export function readPackageResponse(endpoint: WixEndpoint, body: unknown): WixPackageResponse {
  const record = requireObject(endpoint, body);
  const result: WixPackageResponse = {
    package: normalisePackage(endpoint, record.package, 'package'),
  };
  if (typeof record.idempotencyKey === 'string') result.idempotencyKey = record.idempotencyKey;
  return result;
}

/** `{ updatedPackage }` of Update Package External Id (contract: Update Package External Id). */
export function readUpdatedPackageResponse(
  endpoint: WixEndpoint,
  body: unknown,
): WixUpdatedPackageResponse {
  const record = requireObject(endpoint, body);
  return { updatedPackage: normalisePackage(endpoint, record.updatedPackage, 'updatedPackage') };
}

/** `{ packages, metadata }` of Query Packages; `pagingMetadata` is read as `metadata`. */
export function readQueryPackagesResponse(
  endpoint: WixEndpoint,
  body: unknown,
): WixQueryPackagesResponse {
  const record = requireObject(endpoint, body);
  if (!Array.isArray(record.packages)) throw new WixProtocolError(endpoint, 'missing "packages"');
  const metadata = isObject(record.metadata)
    ? record.metadata
    : isObject(record.pagingMetadata)
      ? record.pagingMetadata
      : {};
  return {
    packages: record.packages.map((pkg) => normalisePackage(endpoint, pkg, 'packages[]')),
    metadata: metadata as WixQueryPackagesResponse['metadata'],
  };
}
