import type { IndexedPackage } from '../store/package-index';
import type { FilterNode } from './filter-ast';

type DateNode = Extract<FilterNode, { kind: 'date' }>;
import { readInstancePath } from './instance-schema';

/** A compiled filter: does this stored package match? */
export type PackagePredicate = (entry: IndexedPackage) => boolean;

/** Compiles a validated filter into a predicate (closures built once per query). */
export function compileFilter(node: FilterNode): PackagePredicate {
  switch (node.kind) {
    case 'and': {
      const children = node.children.map(compileFilter);
      if (children.length === 0) return () => true;
      return (entry) => children.every((child) => child(entry));
    }
    case 'or': {
      const children = node.children.map(compileFilter);
      return (entry) => children.some((child) => child(entry));
    }
    case 'not': {
      const child = compileFilter(node.child);
      return (entry) => !child(entry);
    }
    case 'stringEq': {
      const { field, value, negate } = node;
      return (entry) => (entry.pkg[field] === value) !== negate;
    }
    case 'stringIn': {
      const { field } = node;
      const values = new Set(node.values);
      return (entry) => {
        const value = entry.pkg[field];
        return value !== undefined && values.has(value);
      };
    }
    case 'exists': {
      const { field, exists } = node;
      return (entry) => (entry.pkg[field] !== undefined) === exists;
    }
    case 'date':
      return compileDateComparison(node);
    case 'instances': {
      const { path, matchers, indexLookup } = node;
      if (node.op === '$hasSome' && indexLookup) {
        // A scalar path with plain string values: one Set lookup per instance.
        const { field, keys } = indexLookup;
        const wanted = new Set(keys);
        const upperCase = field === 'status';
        return (entry) =>
          entry.pkg.productInstances.some((instance) => {
            const value = instance[field];
            if (typeof value !== 'string') return false;
            // Stored statuses are upper case already; only other spellings pay for toUpperCase.
            return wanted.has(value) || (upperCase && wanted.has(value.toUpperCase()));
          });
      }
      if (node.op === '$hasSome') {
        return (entry) =>
          entry.pkg.productInstances.some((instance) => {
            const value = readInstancePath(instance, path);
            return matchers.some((matcher) => matcher(value));
          });
      }
      return (entry) =>
        matchers.every((matcher) =>
          entry.pkg.productInstances.some((instance) => matcher(readInstancePath(instance, path))),
        );
    }
  }
}

function compileDateComparison(node: DateNode): PackagePredicate {
  const { ms } = node;
  const read =
    node.field === 'createdDate'
      ? (entry: IndexedPackage) => entry.createdMs
      : (entry: IndexedPackage) => entry.updatedMs;
  switch (node.op) {
    case '$eq':
      return (entry) => read(entry) === ms;
    case '$ne':
      return (entry) => read(entry) !== ms;
    case '$gt':
      return (entry) => read(entry) > ms;
    case '$gte':
      return (entry) => read(entry) >= ms;
    case '$lt':
      return (entry) => read(entry) < ms;
    case '$lte':
      return (entry) => read(entry) <= ms;
  }
}
