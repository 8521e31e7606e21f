/**
 * Allowlist mode ("trusted documents"): only operations registered in the manifest run. Any
 * other document is refused with `PERSISTED_QUERY_NOT_ALLOWED` before execution. The check
 * hashes the document text that will run — sent in full, or found by its persisted-query hash
 * (the Apollo adapter serves manifest bodies for hash-only requests) — so a client cannot pair
 * an allowed hash with other text.
 */
import type { OperationCheck } from '../graphql/pipeline/operation-check';
import { loadOperationManifest, sha256Hex } from './operation-manifest';
import { RequestRejectedError } from './request-rejected-error';

export interface OperationAllowlistOptions {
  /** The parsed manifest JSON; validated at construction. */
  readonly manifest: unknown;
}

/** Returns the allowlist check; throws at construction when the manifest is invalid. */
export function createOperationAllowlistCheck(
  options: OperationAllowlistOptions,
): OperationCheck<unknown> {
  const allowed = loadOperationManifest(options.manifest);
  return ({ source }) => {
    if (!allowed.has(sha256Hex(source))) {
      throw new RequestRejectedError(
        'PERSISTED_QUERY_NOT_ALLOWED',
        'This operation is not in the list of allowed operations.',
      );
    }
  };
}
