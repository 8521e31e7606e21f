/**
 * Account isolation of writes over real HTTP: a customerA token aiming a mutation at a package
 * or instance of another account (its sibling, its parent, another reseller) gets exactly the
 * answer a nonexistent id gets, nothing changes, and no upstream call acts for another account.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, DEMO_SITES, PRODUCTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { upstreamAccountIds } from '../../helpers/gateway-http';
import { ABSENT_ID, aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const { reseller, customerA, customerB, otherReseller } = DEMO_ACCOUNTS;

/** Package n holds instance n: 1 customerA, 3 customerB, 4 reseller, 6 otherReseller. */
const OWNERS: Record<number, string> = {
  1: customerA,
  3: customerB,
  4: reseller,
  6: otherReseller,
};

const PACKAGE_RESULT = 'package { id } userErrors { code field message }';
const INSTANCE_RESULT = `productInstance { id } ${PACKAGE_RESULT}`;

interface MutationCase {
  readonly name: string;
  readonly query: string;
  /** Variables aimed at package/instance number `n`, or at an id that exists nowhere. */
  readonly variables: (target: { packageId: string; instanceId: string }) => object;
  readonly notFoundCode: string;
}

const MUTATIONS: MutationCase[] = [
  {
    name: 'cancelPackage',
    query: `mutation M($id: ID!) { cancelPackage(id: $id) { ${PACKAGE_RESULT} } }`,
    variables: (target) => ({ id: target.packageId }),
    notFoundCode: 'NOT_FOUND',
  },
  {
    name: 'updatePackageExternalId',
    query: `mutation M($id: ID!) {
      updatePackageExternalId(packageId: $id, externalId: "hijacked") { ${PACKAGE_RESULT} } }`,
    variables: (target) => ({ id: target.packageId }),
    notFoundCode: 'NOT_FOUND',
  },
  {
    name: 'cancelProductInstance',
    query: `mutation M($id: ID!) { cancelProductInstance(instanceId: $id) { ${INSTANCE_RESULT} } }`,
    variables: (target) => ({ id: target.instanceId }),
    notFoundCode: 'NOT_FOUND',
  },
  {
    name: 'assignProductInstance',
    query: `mutation M($id: ID!, $site: ID!) {
      assignProductInstance(instanceId: $id, siteId: $site) { ${INSTANCE_RESULT} } }`,
    variables: (target) => ({ id: target.instanceId, site: DEMO_SITES.customerAMain }),
    notFoundCode: 'NOT_FOUND',
  },
  {
    name: 'unassignProductInstance',
    query: `mutation M($id: ID!) { unassignProductInstance(instanceId: $id) { ${INSTANCE_RESULT} } }`,
    variables: (target) => ({ id: target.instanceId }),
    notFoundCode: 'NOT_FOUND',
  },
  {
    name: 'adjustProductInstance',
    query: `mutation M($id: ID!, $product: ID!) {
      adjustProductInstance(input: { instanceId: $id, catalogProductId: $product }) {
        ${INSTANCE_RESULT} } }`,
    variables: (target) => ({ id: target.instanceId, product: PRODUCTS.premiumBusiness }),
    notFoundCode: 'PRODUCT_INSTANCE_NOT_FOUND',
  },
];

let gw: TestGateway;
let auth: Record<string, string>;

beforeAll(async () => {
  gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
  auth = bearer(await tokenFor(customerA, [SCOPE.read, SCOPE.write]));
});
beforeEach(() => {
  gw.emulator.control.reset('empty');
  gw.emulator.control.seed({
    packages: Object.entries(OWNERS).map(([n, accountId]) =>
      aPackage({
        id: Number(n),
        accountId,
        instances: [{ id: Number(n), siteId: DEMO_SITES.customerAShop }],
      }),
    ),
  });
  gw.emulator.control.clearRequestLog();
});
afterAll(async () => {
  await gw.close();
});

/** The response body with the targeted ids replaced, so two targets' answers can be compared. */
async function runAgainst(
  mutation: MutationCase,
  target: { packageId: string; instanceId: string },
) {
  const result = await gw.graphql(
    mutation.query,
    mutation.variables(target) as Record<string, unknown>,
    auth,
  );
  const text = JSON.stringify(result.body)
    .split(target.packageId)
    .join('<package>')
    .split(target.instanceId)
    .join('<instance>');
  return { status: result.status, body: JSON.parse(text) as unknown, raw: result.body };
}

const FOREIGN: [string, number][] = [
  ['a sibling sub-account', 3],
  ['the parent reseller', 4],
  ['another reseller', 6],
];

describe.each(MUTATIONS.map((mutation) => [mutation.name, mutation] as const))(
  '%s',
  (_name, mutation) => {
    it.each(FOREIGN)(
      "on %s's package answers like a nonexistent id, and changes nothing",
      async (_owner, n) => {
        const before = gw.emulator.control.getPackage(packageId(n));
        const foreign = await runAgainst(mutation, {
          packageId: packageId(n),
          instanceId: instanceId(n),
        });
        const absent = await runAgainst(mutation, { packageId: ABSENT_ID, instanceId: ABSENT_ID });

        expect(foreign).toEqual({ ...absent, raw: foreign.raw });
        const payload = (foreign.raw.data as Record<string, { userErrors: { code: string }[] }>)[
          mutation.name
        ];
        expect(payload?.userErrors.map((error) => error.code)).toEqual([mutation.notFoundCode]);
        expect(payload).toMatchObject({ package: null });
        expect(gw.emulator.control.getPackage(packageId(n))).toEqual(before);
        expect(new Set(upstreamAccountIds(gw))).toEqual(new Set([customerA]));
      },
    );
  },
);

it('a write-scoped token still changes its own package (the contrast)', async () => {
  const own = await runAgainst(MUTATIONS[0] as MutationCase, {
    packageId: packageId(1),
    instanceId: instanceId(1),
  });
  expect(own.body).toEqual({
    data: { cancelPackage: { package: { id: '<package>' }, userErrors: [] } },
  });
  expect(gw.emulator.control.getPackage(packageId(1))?.productInstances[0]?.status).toBe(
    'CANCELED',
  );
});
