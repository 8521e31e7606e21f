/**
 * The persisted-operation manifest, in the shape of Apollo's persisted query manifest:
 * `{ "operations": [{ "id": "<sha256 hex of body>", "body": "query …", "name"?, "type"? }] }`
 * (other top-level fields such as `format` and `version` are ignored). Ids are checked against
 * their bodies, so a manifest cannot allow one text under another's hash.
 */
import { createHash } from 'node:crypto';

export interface ManifestOperation {
  readonly id: string;
  readonly body: string;
  readonly name?: string;
  readonly type?: string;
}

export interface OperationManifest {
  readonly operations: readonly ManifestOperation[];
}

/** Lower-case hex SHA-256 of the UTF-8 text, as Apollo computes query hashes. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Checks a (parsed JSON) manifest; returns id → body. Throws `Error` naming the problem. */
export function loadOperationManifest(manifest: unknown): ReadonlyMap<string, string> {
  const operations: unknown = (manifest as { operations?: unknown } | null)?.operations;
  if (!Array.isArray(operations)) {
    throw new Error('operation manifest: "operations" must be an array');
  }
  const byId = new Map<string, string>();
  operations.forEach((operation: unknown, index) => {
    const { id, body } = (operation ?? {}) as { id?: unknown; body?: unknown };
    if (typeof id !== 'string' || typeof body !== 'string') {
      throw new Error(`operation manifest: operations[${index}] needs string "id" and "body"`);
    }
    if (sha256Hex(body) !== id.toLowerCase()) {
      throw new Error(`operation manifest: operations[${index}].id is not the SHA-256 of its body`);
    }
    byId.set(id.toLowerCase(), body);
  });
  return byId;
}
