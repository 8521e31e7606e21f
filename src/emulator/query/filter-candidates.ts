import type { PackageIndex } from '../store/package-index';
import type { FilterNode } from './filter-ast';

/**
 * A superset of the ids of the packages a filter can match, read from the indexes.
 * `size` is an upper bound (unions may repeat ids); `ids()` may yield duplicates.
 */
export interface CandidateIds {
  readonly size: number;
  ids(): Iterable<string>;
}

const NONE: CandidateIds = { size: 0, ids: () => [] };

/**
 * The cheapest index-backed candidate set for `node`, or undefined when the filter cannot be
 * answered from an index (the caller then walks an ordering). Only conditions that constrain
 * the result (equality, `$in`, `$hasSome`/`$hasAll` on indexed instance fields, and `$and`/`$or`
 * of those) are used; every candidate is still checked against the full predicate.
 */
export function filterCandidates(index: PackageIndex, node: FilterNode): CandidateIds | undefined {
  switch (node.kind) {
    case 'and': {
      let best: CandidateIds | undefined;
      for (const child of node.children) {
        const candidates = filterCandidates(index, child);
        if (candidates && (!best || candidates.size < best.size)) best = candidates;
      }
      return best;
    }
    case 'or': {
      const parts: CandidateIds[] = [];
      for (const child of node.children) {
        const candidates = filterCandidates(index, child);
        if (!candidates) return undefined;
        parts.push(candidates);
      }
      return union(parts);
    }
    case 'stringEq':
      return node.negate ? undefined : stringLookup(index, node.field, node.value);
    case 'stringIn':
      return union(node.values.map((value) => stringLookup(index, node.field, value)));
    case 'instances': {
      const lookup = node.indexLookup;
      if (!lookup) return undefined;
      const parts = lookup.keys.map((key) => instanceLookup(index, lookup.field, key));
      if (node.op === '$hasSome') return union(parts);
      // $hasAll: every match holds each value, so the smallest single set is a superset.
      let best: CandidateIds | undefined;
      for (const part of parts) if (!best || part.size < best.size) best = part;
      return best;
    }
    default:
      return undefined;
  }
}

function stringLookup(
  index: PackageIndex,
  field: 'id' | 'accountId' | 'externalId',
  value: string,
): CandidateIds {
  switch (field) {
    case 'id':
      return index.entry(value) ? single(value) : NONE;
    case 'accountId':
      return fromSet(index.idsByAccountId(value));
    case 'externalId':
      return fromSet(index.idsByExternalId(value));
  }
}

function instanceLookup(
  index: PackageIndex,
  field: 'instanceId' | 'siteId' | 'catalogProductId' | 'status',
  key: string,
): CandidateIds {
  if (field === 'instanceId') {
    const packageId = index.packageIdOfInstance(key);
    return packageId === undefined ? NONE : single(packageId);
  }
  return fromSet(index.idsByInstanceField(field, key));
}

function single(id: string): CandidateIds {
  return { size: 1, ids: () => [id] };
}

function fromSet(set: ReadonlySet<string> | undefined): CandidateIds {
  return set ? { size: set.size, ids: () => set } : NONE;
}

/** Lazily concatenates candidate sets; duplicates are removed by the consumer. */
export function union(parts: readonly CandidateIds[]): CandidateIds {
  if (parts.length === 1) return parts[0]!;
  return {
    size: parts.reduce((sum, part) => sum + part.size, 0),
    *ids() {
      for (const part of parts) yield* part.ids();
    },
  };
}
