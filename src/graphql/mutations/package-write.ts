/**
 * The common path of every write mutation: call the upstream once (the http client retries
 * safely), turn business refusals into `userErrors`, and record the new state in the
 * request's loaders so later fields of the same operation never show stale data.
 */
import { randomUUID } from 'node:crypto';
import { primePackage } from '../../loaders/prime-package';
import type { Loaders } from '../../loaders/create-loaders';
import type { WixPackage } from '../../wix/wire-types';
import { GatewayError, toClientError, withIdempotencyKey } from '../errors';
import { mapPackage } from '../package/package.mapper';
import type { Package } from '../package/package.type';
import type { ProductInstance } from '../product-instance/product-instance.type';
import type { UserErrorTarget } from './user-error-target';
import type { UserError } from './user-error.type';
import { toUserErrors } from './user-errors.mapper';

/** What a write came to: the package after it, or the reasons it was refused. */
export type PackageWriteOutcome =
  | { readonly package: WixPackage; readonly userErrors?: undefined }
  | { readonly package?: undefined; readonly userErrors: UserError[] };

/** The key a write is sent with: the client's, or a new UUID for this mutation call. */
export function idempotencyKeyFor(clientKey: string | null | undefined): string {
  return clientKey ?? randomUUID();
}

/** How one write is run: where its refusals point, and the key it is sent with (if any). */
export interface PackageWrite {
  readonly target: UserErrorTarget;
  readonly idempotencyKey?: string;
}

/**
 * Runs `write`. On success the returned package primes `loaders` (by id and by every instance
 * id). A business refusal resolves as `userErrors` (per `target`); any other failure rejects
 * with the client-facing top-level error, carrying the write's idempotency key in
 * `extensions.idempotencyKey` (the payload, and with it the key, is lost with the error).
 */
export async function runPackageWrite(
  loaders: Loaders,
  { target, idempotencyKey }: PackageWrite,
  write: () => Promise<WixPackage>,
): Promise<PackageWriteOutcome> {
  let pkg: WixPackage;
  try {
    pkg = await write();
  } catch (error) {
    const userErrors = toUserErrors(error, target);
    if (userErrors) return { userErrors };
    const clientError = toClientError(error);
    throw clientError instanceof GatewayError && idempotencyKey !== undefined
      ? withIdempotencyKey(clientError, idempotencyKey)
      : clientError;
  }
  // Primed even when the package's account lies outside the caller's read scope: the upstream
  // let this caller change it and returned it, so this request may show it.
  primePackage(loaders, pkg);
  return { package: pkg };
}

/** `package` and `userErrors` of a payload. */
export function packagePayload(outcome: PackageWriteOutcome): {
  package: Package | null;
  userErrors: UserError[];
} {
  return outcome.package
    ? { package: mapPackage(outcome.package), userErrors: [] }
    : { package: null, userErrors: outcome.userErrors };
}

/** `package`, `productInstance` and `userErrors` of a payload about instance `instanceId`. */
export function productInstancePayload(
  outcome: PackageWriteOutcome,
  instanceId: string,
): { package: Package | null; productInstance: ProductInstance | null; userErrors: UserError[] } {
  const fields = packagePayload(outcome);
  const wanted = instanceId.toLowerCase();
  const productInstance =
    fields.package?.productInstances.find(
      (instance) => instance.instanceId.toLowerCase() === wanted,
    ) ?? null;
  return { ...fields, productInstance };
}
