import type { IndexedInstanceField, PackageSortField } from '../store/package-index';

/** Top-level string fields of a package that can be filtered (contract: query language). */
export type PackageStringField = 'id' | 'accountId' | 'externalId';

/** Comparison operators allowed on `createdDate` / `updatedDate` (contract: query language). */
export type DateOperator = '$eq' | '$ne' | '$gt' | '$lt' | '$gte' | '$lte';

/** Array operators allowed on `productInstances…` paths (contract: query language). */
export type InstanceOperator = '$hasSome' | '$hasAll';

/** Tests the value found at a `productInstances…` path of one instance. */
export type ElementMatcher = (value: unknown) => boolean;

/** A validated filter. Evaluation lives in filter-predicate.ts, index planning in filter-candidates.ts. */
export type FilterNode =
  | { readonly kind: 'and'; readonly children: readonly FilterNode[] }
  | { readonly kind: 'or'; readonly children: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly child: FilterNode }
  | {
      readonly kind: 'stringEq';
      readonly field: PackageStringField;
      readonly negate: boolean;
      readonly value: string;
    }
  | { readonly kind: 'stringIn'; readonly field: PackageStringField; readonly values: string[] }
  | { readonly kind: 'exists'; readonly field: PackageStringField; readonly exists: boolean }
  | {
      readonly kind: 'date';
      readonly field: PackageSortField;
      readonly op: DateOperator;
      readonly ms: number;
    }
  | {
      readonly kind: 'instances';
      /** Path below `productInstances` (`[]` = the whole instance). */
      readonly path: readonly string[];
      readonly op: InstanceOperator;
      readonly matchers: readonly ElementMatcher[];
      /** Set when the path is an indexed scalar: the normalized values to look up. */
      readonly indexLookup?: {
        readonly field: IndexedInstanceField | 'instanceId';
        readonly keys: readonly string[];
      };
    };

/** The filter that matches every package. */
export const MATCH_ALL: FilterNode = { kind: 'and', children: [] };
