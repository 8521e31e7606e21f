/**
 * The GraphQL side of every benchmark scenario, in one place: documents, variables and the
 * check that a response really answered the scenario (run once per target before measuring).
 *
 * Two document sets exist:
 * - REFERENCE_OPERATIONS is the schema shape served by the Apollo + datasource-rest baseline (c)
 *   (see targets/baseline-schema.ts) and reproduced by the minimal proxy (b). Keep it fixed.
 * - GATEWAY_OPERATIONS is what is sent to our gateway (d). It starts as a copy of the reference
 *   set; when the gateway's schema names differ (query/mutation names, connection shape, input
 *   type names), edit ONLY this set: its documents and its checks. The fields selected should
 *   stay equivalent so that every target answers the same question with the same data.
 */
import { PRODUCTS } from '../../src/emulator/fixtures/catalog';
import type { WixCreatePackageRequest } from '../../src/wix/wire-types';
import type { BenchData } from './seed-bench-data';

/** The scenarios of the table. */
export type ScenarioKey =
  | 'singlePackage'
  | 'packagePage'
  | 'packagePageWithReferences'
  | 'aliasedPackages'
  | 'createPackage'
  | 'typename';

/** A JSON body for POST /graphql. */
export interface GraphQLRequestBody {
  readonly operationName: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

type Data = Record<string, unknown>;

/** One scenario's operation: how to ask, and how to tell a right answer ("" = fine). */
export interface ScenarioOperation {
  request(bench: BenchData): GraphQLRequestBody;
  /** Returns a problem description, or undefined when `data` answers the scenario. */
  check(data: Data, bench: BenchData): string | undefined;
}

export type OperationSet = Readonly<Record<ScenarioKey, ScenarioOperation>>;

/** Page size of the page scenarios (the upstream maximum). */
export const PAGE_SIZE = 100;
/** Number of aliased lookups. */
export const ALIAS_COUNT = 50;

const INSTANCE_FIELDS = `
fragment InstanceFields on ProductInstance {
  instanceId
  siteId
  catalogProductId
  status
  failure { code message }
  billingInfo { type cycleDuration { unit count } }
  countryCode
  expirationDate
  discountCode
  referenceProductInstanceId
  createdDate
  updatedDate
}`;

const PACKAGE_FIELDS = `
fragment PackageFields on Package {
  id
  accountId
  parentAccountId
  externalId
  createdDate
  updatedDate
  productInstances { ...InstanceFields }
}
${INSTANCE_FIELDS}`;

/** Create input: one floating yearly Premium Core plan for the demo reseller (always valid). */
export const CREATE_PACKAGE_INPUT: WixCreatePackageRequest = {
  externalId: 'bench-create',
  products: [
    {
      catalogProductId: PRODUCTS.premiumCore,
      countryCode: 'US',
      billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
    },
  ],
};

const asObject = (value: unknown): Data | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Data)
    : undefined;
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function checkPackage(value: unknown, expectedId?: string): string | undefined {
  const pkg = asObject(value);
  if (!pkg) return 'package missing';
  if (expectedId !== undefined && pkg.id !== expectedId)
    return `wrong package id ${String(pkg.id)}`;
  if (asArray(pkg.productInstances).length === 0) return 'package without productInstances';
  return undefined;
}

/** Nodes of a Relay-style `{edges {node}}` connection. */
function connectionNodes(connection: unknown): Data[] {
  return asArray(asObject(connection)?.edges).flatMap((edge) => {
    const node = asObject(asObject(edge)?.node);
    return node ? [node] : [];
  });
}

function checkPage(nodes: Data[], bench: BenchData, withReferences: boolean): string | undefined {
  if (nodes.length !== Math.min(PAGE_SIZE, bench.packageCount)) {
    return `expected ${PAGE_SIZE} packages, got ${nodes.length}`;
  }
  if (!withReferences) return undefined;
  const instances = nodes.flatMap((node) => asArray(node.productInstances).map(asObject));
  const referring = instances.filter((instance) => instance?.referenceProductInstanceId);
  const resolved = referring.filter(
    (instance) =>
      asObject(instance?.referenceProductInstance)?.instanceId ===
      instance?.referenceProductInstanceId,
  );
  if (referring.length === 0) return 'no instance on the page carries a reference';
  if (resolved.length !== referring.length) {
    return `${referring.length - resolved.length} of ${referring.length} references unresolved`;
  }
  return undefined;
}

function aliasedDocument(packageFields: string): string {
  const params = Array.from({ length: ALIAS_COUNT }, (_, i) => `$id${i}: ID!`).join(', ');
  const fields = Array.from(
    { length: ALIAS_COUNT },
    (_, i) => `  p${i}: package(id: $id${i}) { ...PackageFields }`,
  ).join('\n');
  return `query AliasedPackages(${params}) {\n${fields}\n}\n${packageFields}`;
}

function aliasedVariables(bench: BenchData): Record<string, string> {
  return Object.fromEntries(bench.aliasedPackageIds.map((id, i) => [`id${i}`, id]));
}

/** The reference operations (baseline schema; reproduced by the minimal proxy). */
export const REFERENCE_OPERATIONS: OperationSet = {
  singlePackage: {
    request: (bench) => ({
      operationName: 'SinglePackage',
      query: `query SinglePackage($id: ID!) {\n  package(id: $id) { ...PackageFields }\n}\n${PACKAGE_FIELDS}`,
      variables: { id: bench.singlePackageId },
    }),
    check: (data, bench) => checkPackage(data.package, bench.singlePackageId),
  },
  packagePage: {
    request: () => ({
      operationName: 'PackagePage',
      query: `query PackagePage($first: Int!) {
  packages(first: $first) {
    edges { node { ...PackageFields } }
    pageInfo { hasNextPage endCursor }
  }
}
${PACKAGE_FIELDS}`,
      variables: { first: PAGE_SIZE },
    }),
    check: (data, bench) => checkPage(connectionNodes(data.packages), bench, false),
  },
  packagePageWithReferences: {
    request: () => ({
      operationName: 'PackagePageWithReferences',
      query: `query PackagePageWithReferences($first: Int!) {
  packages(first: $first) {
    edges {
      node {
        ...PackageFields
        productInstances { referenceProductInstance { ...InstanceFields } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
${PACKAGE_FIELDS}`,
      variables: { first: PAGE_SIZE },
    }),
    check: (data, bench) => checkPage(connectionNodes(data.packages), bench, true),
  },
  aliasedPackages: {
    request: (bench) => ({
      operationName: 'AliasedPackages',
      query: aliasedDocument(PACKAGE_FIELDS),
      variables: aliasedVariables(bench),
    }),
    check: (data, bench) => {
      for (let i = 0; i < ALIAS_COUNT; i++) {
        const problem = checkPackage(data[`p${i}`], bench.aliasedPackageIds[i]);
        if (problem) return `p${i}: ${problem}`;
      }
      return undefined;
    },
  },
  createPackage: {
    request: () => ({
      operationName: 'CreatePackage',
      query: `mutation CreatePackage($input: CreatePackageInput!) {
  createPackage(input: $input) { package { ...PackageFields } }
}
${PACKAGE_FIELDS}`,
      variables: { input: CREATE_PACKAGE_INPUT },
    }),
    check: (data) => checkPackage(asObject(data.createPackage)?.package),
  },
  typename: {
    request: () => ({
      operationName: 'Typename',
      query: 'query Typename { __typename }',
      variables: {},
    }),
    check: (data) =>
      data.__typename === 'Query' ? undefined : `__typename ${String(data.__typename)}`,
  },
};

/**
 * The operations sent to our gateway. Same as the reference set until the gateway's schema
 * says otherwise: override single entries here, e.g.
 * `{ ...REFERENCE_OPERATIONS, createPackage: { request: …, check: … } }`.
 */
export const GATEWAY_OPERATIONS: OperationSet = { ...REFERENCE_OPERATIONS };
