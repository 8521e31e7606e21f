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

describe("createPackage's referenceProductInstanceId", () => {
  const CREATE = `mutation M($input: CreatePackageInput!) {
    createPackage(input: $input) { ${PACKAGE_RESULT} } }`;
  const CREATE_PATH = '/resellers/v2/packages';

  /** A domain redeeming instance `reference` (each product may carry one). */
  function domainFor(reference: string) {
    return {
      catalogProductId: PRODUCTS.domainCom,
      countryCode: 'US',
      billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
      referenceProductInstanceId: reference,
    };
  }

  async function createWith(references: readonly string[]) {
    const result = await gw.graphql(
      CREATE,
      { input: { products: references.map(domainFor) } },
      auth,
    );
    const text = references.reduce(
      (body, reference) => body.split(reference).join('<reference>'),
      JSON.stringify(result.body),
    );
    return { status: result.status, body: JSON.parse(text) as unknown, raw: result.body };
  }

  function upstreamWrites(): string[] {
    return gw.emulator.control
      .requestLog()
      .filter((entry) => entry.path === CREATE_PATH)
      .map((entry) => `${entry.method} ${entry.path}`);
  }

  it.each(FOREIGN)(
    "naming %s's instance answers like an unknown reference, with no upstream write",
    async (_owner, n) => {
      const packagesBefore = gw.emulator.control.packageCount();

      const foreign = await createWith([instanceId(n)]);
      const unknown = await createWith([ABSENT_ID]);

      expect(foreign).toEqual({ ...unknown, raw: foreign.raw });
      expect(foreign.raw).toEqual({
        data: {
          createPackage: {
            package: null,
            userErrors: [
              {
                code: 'INVALID_REFERENCE_PRODUCT_INSTANCE',
                message: expect.any(String),
                field: ['input', 'products', '0', 'referenceProductInstanceId'],
              },
            ],
          },
        },
      });
      expect(upstreamWrites()).toEqual([]);
      expect(gw.emulator.control.packageCount()).toBe(packagesBefore);
      expect(new Set(upstreamAccountIds(gw))).toEqual(new Set([customerA]));
    },
  );

  it('points at each product whose reference is invisible, still with no upstream write', async () => {
    const result = await gw.graphql(
      CREATE,
      { input: { products: [domainFor(instanceId(1)), domainFor(instanceId(4))] } },
      auth,
    );

    expect(result.body.data).toEqual({
      createPackage: {
        package: null,
        userErrors: [
          {
            code: 'INVALID_REFERENCE_PRODUCT_INSTANCE',
            message: expect.any(String),
            field: ['input', 'products', '1', 'referenceProductInstanceId'],
          },
        ],
      },
    });
    expect(upstreamWrites()).toEqual([]);
  });

  it('an own instance is still accepted as a reference (the contrast)', async () => {
    const own = await createWith([instanceId(1)]);

    expect(own.raw.errors).toBeUndefined();
    const payload = (own.raw.data as { createPackage: { userErrors: unknown[] } }).createPackage;
    expect(payload.userErrors).toEqual([]);
    expect(upstreamWrites()).toEqual([`POST ${CREATE_PATH}`]);
  });
});

describe('idempotency keys', () => {
  const CANCEL = `mutation M($id: ID!, $key: String) {
    cancelPackage(id: $id, idempotencyKey: $key) { idempotencyKey ${PACKAGE_RESULT} } }`;

  /** The idempotency keys of the upstream cancels, in order. */
  function upstreamKeys(): string[] {
    return gw.emulator.control
      .requestLog()
      .filter((entry) => entry.method === 'DELETE')
      .map((entry) => (entry.body as { idempotencyKey: string }).idempotencyKey);
  }

  it("two accounts' equal keys never meet upstream; one account's retry sends the same key", async () => {
    const authB = bearer(await tokenFor(customerB, [SCOPE.read, SCOPE.write]));

    const a = await gw.graphql(CANCEL, { id: packageId(1), key: 'order-42' }, auth);
    const b = await gw.graphql(CANCEL, { id: packageId(3), key: 'order-42' }, authB);
    const again = await gw.graphql(CANCEL, { id: packageId(1), key: 'order-42' }, auth);

    for (const result of [a, b, again]) {
      expect(result.body.data).toEqual({
        cancelPackage: {
          idempotencyKey: 'order-42',
          package: { id: expect.any(String) },
          userErrors: [],
        },
      });
    }
    const [sentA, sentB, sentAgain] = upstreamKeys();
    expect(sentA).not.toBe('order-42');
    expect(sentB).not.toBe('order-42');
    expect(sentA).not.toBe(sentB);
    expect(sentAgain).toBe(sentA);
    // Within Wix's (undocumented) key length limits: the format of the keys it generates.
    expect(sentA).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
