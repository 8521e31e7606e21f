/**
 * The common path of every write mutation: call the upstream once (the http client retries
 * safely), turn business refusals into `userErrors`, record the new state in the request's
 * loaders so later fields of the same operation never show stale data, and publish the change
 * to live subscribers at once (they need not wait for Wix's webhook or the watcher).
 */
import { randomUUID } from 'node:crypto';
import { primePackage } from '../../loaders/prime-package';
import type { Loaders } from '../../loaders/create-loaders';
import { ownWriteChange, type LiveChanges } from '../../live/live-changes';
import type { PackageChangeKind } from '../../live/package-change';
import { WixHttpError, type WixEndpoint } from '../../wix/errors';
import type { WixPackage } from '../../wix/wire-types';
import {
  GatewayError,
  foreignWriteResponseError,
  toClientError,
  withIdempotencyKey,
} from '../errors';
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

/**
 * The existing entity a write changes. Wix lets a parent account change its sub-accounts'
 * packages, but a caller may only touch what it may read (its own account, plus sub-accounts its
 * token names), so the write is refused unless the entity is visible through the request's
 * scoped loaders — with exactly the answer the upstream gives for an unknown id.
 */
export interface WriteSubject {
  readonly kind: 'package' | 'instance';
  readonly id: string;
  /** The upstream's own answer for an id it does not know. */
  readonly notFound: WixHttpError;
  /**
   * The argument the refusal points at, when the write's target cannot tell (a reference of
   * one of several products); absent, the target's field for the code.
   */
  readonly field?: readonly string[];
}

/** The subject of a write to package `id` through `endpoint` (unknown id: 404 NOT_FOUND). */
export function packageSubject(endpoint: WixEndpoint, id: string): WriteSubject {
  return { kind: 'package', id, notFound: unknownIdError(endpoint, 404, 'NOT_FOUND') };
}

/**
 * The subject of a write to instance `id`. Unknown instances are 404 `NOT_FOUND`, except for
 * Adjust, where Wix documents 428 `PRODUCT_INSTANCE_NOT_FOUND` (contract: Adjust Product Instance).
 */
export function instanceSubject(endpoint: WixEndpoint, id: string): WriteSubject {
  const notFound =
    endpoint === 'adjustProductInstance'
      ? unknownIdError(endpoint, 428, 'PRODUCT_INSTANCE_NOT_FOUND')
      : unknownIdError(endpoint, 404, 'NOT_FOUND');
  return { kind: 'instance', id, notFound };
}

/**
 * The reference instance of product `index` of a create (`referenceProductInstanceId`). Wix
 * accepts any instance of the caller's account tree, a parent's included, so the gateway checks
 * it against the caller's scope first; an invisible one gets the answer the upstream gives for
 * an unknown reference (428 `INVALID_REFERENCE_PRODUCT_INSTANCE`), pointing at that product.
 */
export function referenceSubject(index: number, id: string): WriteSubject {
  return {
    kind: 'instance',
    id,
    notFound: unknownIdError('createPackage', 428, 'INVALID_REFERENCE_PRODUCT_INSTANCE'),
    field: ['input', 'products', String(index), 'referenceProductInstanceId'],
  };
}

function unknownIdError(endpoint: WixEndpoint, status: number, code: string): WixHttpError {
  return new WixHttpError({ endpoint, status, applicationCode: code });
}

async function isVisible(loaders: Loaders, subject: WriteSubject): Promise<boolean> {
  const loader = subject.kind === 'package' ? loaders.packageById : loaders.packageByInstanceId;
  return (await loader.load(subject.id)) !== null;
}

/**
 * The refusals for every subject the caller cannot see, in order (none: all visible). The
 * loads are issued together, so the loaders answer them with one scoped read per kind.
 */
async function refusalsOfInvisible(
  loaders: Loaders,
  subjects: readonly WriteSubject[],
  target: UserErrorTarget,
): Promise<UserError[]> {
  const visible = await Promise.all(subjects.map((subject) => isVisible(loaders, subject)));
  return subjects.flatMap((subject, index) => {
    if (visible[index]) return [];
    const refusals = toUserErrors(subject.notFound, target) ?? [];
    const { field } = subject;
    return field === undefined
      ? refusals
      : refusals.map((error) => ({ ...error, field: [...field] }));
  });
}

/**
 * The account check reads make (src/loaders/package-batches.ts): a package outside the
 * caller's accounts is not the caller's to see, whatever the upstream answered.
 */
function isInScope(loaders: Loaders, pkg: WixPackage): boolean {
  return typeof pkg.accountId === 'string' && loaders.scope.includes(pkg.accountId);
}

/** What a write is published as when it succeeds (absent: a change Wix reports no event for). */
export interface PackageWriteChange {
  readonly kind: PackageChangeKind;
  /** The instance an INSTANCE_* change is about. */
  readonly productInstanceId?: string;
}

/** How one write is run: where its refusals point, and the key it is sent with (if any). */
export interface PackageWrite {
  readonly target: UserErrorTarget;
  readonly idempotencyKey?: string;
  /** The existing entity changed (absent for creates): checked against the caller's scope. */
  readonly subject?: WriteSubject;
  /**
   * Existing entities the write refers to without changing them (a create's reference
   * instances): checked against the caller's scope together with `subject`.
   */
  readonly references?: readonly WriteSubject[];
  readonly change?: PackageWriteChange;
}

/** The parts of the request context a write uses. */
export interface WriteContext {
  readonly loaders: Loaders;
  readonly changes: Pick<LiveChanges, 'publish'>;
}

/**
 * Runs `write`. On success the returned package primes `loaders` (by id and by every instance
 * id) and, with `change`, is published as that change; a package outside the caller's accounts
 * is not a success but a top-level `UPSTREAM_PROTOCOL_ERROR`. A business refusal, or a subject
 * or reference the caller cannot see, resolves as `userErrors` (per `target`); any other
 * failure rejects with the client-facing top-level error, carrying the write's idempotency key
 * in `extensions.idempotencyKey` (the payload, and with it the key, is lost with the error).
 */
export async function runPackageWrite(
  { loaders, changes }: WriteContext,
  { target, idempotencyKey, subject, references = [], change }: PackageWrite,
  write: () => Promise<WixPackage>,
): Promise<PackageWriteOutcome> {
  let pkg: WixPackage;
  try {
    // One batched, scoped read first: out-of-scope entities answer like unknown ones.
    const subjects = subject === undefined ? references : [subject, ...references];
    if (subjects.length > 0) {
      const refusals = await refusalsOfInvisible(loaders, subjects, target);
      if (refusals.length > 0) return { userErrors: refusals };
    }
    pkg = await write();
    // Checked like a read: a foreign package is never returned, primed or published.
    if (!isInScope(loaders, pkg)) throw foreignWriteResponseError();
  } catch (error) {
    const userErrors = toUserErrors(error, target);
    if (userErrors) return { userErrors };
    const clientError = toClientError(error);
    throw clientError instanceof GatewayError && idempotencyKey !== undefined
      ? withIdempotencyKey(clientError, idempotencyKey)
      : clientError;
  }
  primePackage(loaders, pkg);
  if (change !== undefined) {
    changes.publish(ownWriteChange(change.kind, pkg, change.productInstanceId));
  }
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
