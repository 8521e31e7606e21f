import {
  WIX_CYCLE_TYPES,
  WIX_FAILURE_CODES,
  WIX_INSTANCE_STATUSES,
  WIX_INTERVAL_UNITS,
} from '../../wix/wire-types';

/** Shape of the product-instance fields that Query Packages can filter on (contract: query language table). */
export type InstanceSchemaNode =
  | { readonly kind: 'string' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'int' }
  | { readonly kind: 'date' }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, InstanceSchemaNode>> };

const STRING = { kind: 'string' } as const;
const DATE = { kind: 'date' } as const;

/**
 * Every node of this tree is one filterable path of the contract: query language table: `productInstances` is the
 * root, `productInstances.billingInfo.cycleDuration.count` a leaf. Fields missing here
 * (`expirationDate`, `discountCode`, …) are not filterable.
 */
export const PRODUCT_INSTANCE_SCHEMA: InstanceSchemaNode = {
  kind: 'object',
  fields: {
    instanceId: STRING,
    siteId: STRING,
    catalogProductId: STRING,
    status: { kind: 'enum', values: WIX_INSTANCE_STATUSES },
    failure: {
      kind: 'object',
      fields: { code: { kind: 'enum', values: WIX_FAILURE_CODES }, message: STRING },
    },
    billingInfo: {
      kind: 'object',
      fields: {
        type: { kind: 'enum', values: WIX_CYCLE_TYPES },
        cycleDuration: {
          kind: 'object',
          fields: { unit: { kind: 'enum', values: WIX_INTERVAL_UNITS }, count: { kind: 'int' } },
        },
      },
    },
    createdDate: DATE,
    updatedDate: DATE,
    countryCode: STRING,
  },
};

/** The schema node at a path below `productInstances` (`[]` is the instance itself). */
export function instanceSchemaAt(path: readonly string[]): InstanceSchemaNode | undefined {
  let node: InstanceSchemaNode | undefined = PRODUCT_INSTANCE_SCHEMA;
  for (const segment of path) {
    if (node?.kind !== 'object') return undefined;
    node = Object.prototype.hasOwnProperty.call(node.fields, segment)
      ? node.fields[segment]
      : undefined;
  }
  return node;
}

/** Every filterable `productInstances…` path, for error messages. */
export function instanceFilterPaths(): string[] {
  const paths: string[] = [];
  const visit = (node: InstanceSchemaNode, path: string): void => {
    paths.push(path);
    if (node.kind === 'object') {
      for (const [name, child] of Object.entries(node.fields)) visit(child, `${path}.${name}`);
    }
  };
  visit(PRODUCT_INSTANCE_SCHEMA, 'productInstances');
  return paths;
}

/**
 * Reads one field of an instance (or of a nested object). `billingInfo` falls back to
 * `paymentInfo`, the spelling some official examples use (contract: documented conflict 3).
 */
export function readInstanceField(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (key === 'billingInfo') return record.billingInfo ?? record.paymentInfo;
  return record[key];
}

/** Reads a dotted path below an instance. */
export function readInstancePath(instance: unknown, path: readonly string[]): unknown {
  let value = instance;
  for (const segment of path) value = readInstanceField(value, segment);
  return value;
}
