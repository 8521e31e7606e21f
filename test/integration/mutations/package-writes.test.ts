/**
 * `cancelPackage`, `updatePackageExternalId` and the instance writes end to end over the
 * emulator: payloads, loader priming (later fields of the same operation see the new state),
 * typed user errors, and validation before any upstream call.
 */
import { DEMO_ACCOUNTS, DEMO_SITES, PRODUCTS, UNKNOWN_SITE_ID } from '../../../src/emulator';
import { namespacedIdempotencyKey } from '../../../src/wix/idempotency-namespace';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import {
  createPackage,
  createPremiumOnSite,
  product,
  upstreamCalls,
  USER_ERRORS,
  type PayloadView,
} from './mutation-documents';

const ABSENT = 'f0000000-0000-4000-8000-0000000000ff';
const INSTANCE_PAYLOAD = `idempotencyKey
  package { id updatedDate productInstances { instanceId siteId status catalogProductId } }
  productInstance { instanceId siteId status catalogProductId billingInfo { cycleDuration { unit } } }
  ${USER_ERRORS}`;

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { WIX_ACCOUNT_ID: DEMO_ACCOUNTS.customerA } });
});
afterAll(() => gateway.close());
beforeEach(() => gateway.emulator.control.reset('empty'));

async function mutate(field: string, document: string, variables: Record<string, unknown>) {
  const result = await gateway.graphql<Record<string, PayloadView>>(document, variables);
  if (result.body.errors) throw new Error(JSON.stringify(result.body.errors));
  return result.body.data![field]!;
}

const cancelPackage = (id: string, idempotencyKey?: string) =>
  mutate(
    'cancelPackage',
    `mutation($id: ID!, $key: String) { cancelPackage(id: $id, idempotencyKey: $key) {
      idempotencyKey package { id updatedDate productInstances { status } } ${USER_ERRORS} } }`,
    { id, key: idempotencyKey },
  );

const instanceMutation = (field: string, withSite = false) =>
  `mutation($instanceId: ID!${withSite ? ', $siteId: ID!' : ''}, $key: String) {
    ${field}(instanceId: $instanceId${withSite ? ', siteId: $siteId' : ''}, idempotencyKey: $key) {
      ${INSTANCE_PAYLOAD} } }`;

const cancelInstance = (instanceId: string) =>
  mutate('cancelProductInstance', instanceMutation('cancelProductInstance'), { instanceId });
const unassign = (instanceId: string) =>
  mutate('unassignProductInstance', instanceMutation('unassignProductInstance'), { instanceId });
const assign =
  (field: 'assignProductInstance' | 'reassignProductInstance') =>
  (instanceId: string, siteId: string) =>
    mutate(field, instanceMutation(field, true), { instanceId, siteId });
const adjust = (input: Record<string, unknown>) =>
  mutate(
    'adjustProductInstance',
    `mutation($input: AdjustProductInstanceInput!) {
      adjustProductInstance(input: $input) { ${INSTANCE_PAYLOAD} } }`,
    { input },
  );

describe('cancelPackage', () => {
  it('cancels every instance and shows it in the payload and in later fields of the operation', async () => {
    const created = await createPackage(gateway, {
      products: [product(PRODUCTS.premiumCore), product(PRODUCTS.mailboxBasic)],
    });
    const id = created.package!.id;
    gateway.emulator.control.clearRequestLog();

    const result = await gateway.graphql<{
      cancelPackage: {
        package: {
          productInstances: Array<{
            status: string;
            package: { instanceCounts: { canceled: number; pending: number } };
          }>;
        };
      };
    }>(
      // (`package { productInstances }` under an instance list is refused as fan-out: the
      // counts, derived from the package's instances, show the same state.)
      `mutation($id: ID!) { cancelPackage(id: $id) { package { productInstances {
        status package { instanceCounts { canceled pending } } } } } }`,
      { id },
    );

    const instances = result.body.data!.cancelPackage.package.productInstances;
    expect(instances.map((i) => i.status)).toEqual(['CANCELED', 'CANCELED']);
    // `package` of an instance is read through the primed loader: no stale PENDING, no query.
    expect(instances[0]!.package.instanceCounts).toEqual({ canceled: 2, pending: 0 });
    // One read (is the package the caller's? Get Package, contract: Get Package), then the write.
    expect(upstreamCalls(gateway)).toEqual([
      `GET /resellers/v1/packages/${id}`,
      `DELETE /resellers/v1/packages/${id}`,
    ]);
    const stored = gateway.emulator.control.getPackage(id)!;
    expect(stored.productInstances.map((i) => i.status)).toEqual(['CANCELED', 'CANCELED']);
  });

  it('sends and returns the idempotency key', async () => {
    const created = await createPremiumOnSite(gateway);
    gateway.emulator.control.clearRequestLog();

    const payload = await cancelPackage(created.id, 'cancel-key');

    expect(payload.idempotencyKey).toBe('cancel-key');
    const write = gateway.emulator.control.requestLog().find((entry) => entry.method === 'DELETE');
    expect(write!.body).toEqual({
      idempotencyKey: namespacedIdempotencyKey(write!.headers['wix-account-id']!, 'cancel-key'),
    });
  });

  it('NOT_FOUND for an unknown package, pointing at `id`', async () => {
    const payload = await cancelPackage(ABSENT);
    expect(payload).toMatchObject({
      package: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['id'] }],
    });
  });
});

describe('updatePackageExternalId', () => {
  it('changes the external id (percent-encoded in the path) and returns the package', async () => {
    const created = await createPremiumOnSite(gateway);
    gateway.emulator.control.clearRequestLog();

    const payload = await mutate(
      'updatePackageExternalId',
      `mutation($id: ID!, $ext: String!) { updatePackageExternalId(packageId: $id, externalId: $ext) {
        package { id externalId } ${USER_ERRORS} } }`,
      { id: created.id, ext: 'sub/42 ü' },
    );

    expect(payload).toEqual({
      package: { id: created.id, externalId: 'sub/42 ü' },
      userErrors: [],
    });
    expect(gateway.emulator.control.getPackage(created.id)!.externalId).toBe('sub/42 ü');
    expect(upstreamCalls(gateway)).toEqual([
      `GET /resellers/v1/packages/${created.id}`,
      `PATCH /resellers/v1/packages/update/${created.id}/sub%2F42%20%C3%BC`,
    ]);
  });

  it('validates before calling: GUID and 1..100 characters', async () => {
    gateway.emulator.control.clearRequestLog();
    const result = await gateway.graphql(
      `mutation { updatePackageExternalId(packageId: "x", externalId: "${'e'.repeat(101)}") { package { id } } }`,
    );
    expect(result.body.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      violations: [
        { path: 'packageId', message: expect.any(String) },
        { path: 'externalId', message: expect.any(String) },
      ],
    });
    expect(upstreamCalls(gateway)).toEqual([]);
  });
});

describe('product-instance writes', () => {
  it('cancelProductInstance cancels only that instance', async () => {
    const created = await createPackage(gateway, {
      products: [product(PRODUCTS.premiumCore), product(PRODUCTS.mailboxBasic)],
    });
    const [first, second] = created.package!.productInstances;

    const payload = await cancelInstance(first!.instanceId);

    expect(payload.productInstance).toMatchObject({
      instanceId: first!.instanceId,
      status: 'CANCELED',
    });
    expect(payload.package!.productInstances.map((i) => [i.instanceId, i.status])).toEqual([
      [first!.instanceId, 'CANCELED'],
      [second!.instanceId, 'PENDING'],
    ]);
  });

  it('assignProductInstance assigns a floating instance; reassignProductInstance moves it', async () => {
    const created = await createPackage(gateway, { products: [product(PRODUCTS.premiumCore)] });
    const instanceId = created.package!.productInstances[0]!.instanceId;

    const assigned = await assign('assignProductInstance')(instanceId, DEMO_SITES.customerAMain);
    expect(assigned.productInstance).toMatchObject({ siteId: DEMO_SITES.customerAMain });

    const moved = await assign('reassignProductInstance')(instanceId, DEMO_SITES.customerABlog);
    expect(moved.productInstance).toMatchObject({ siteId: DEMO_SITES.customerABlog });
    expect(
      gateway.emulator.control.getPackage(created.package!.id)!.productInstances[0]!.siteId,
    ).toBe(DEMO_SITES.customerABlog);
  });

  it('unassignProductInstance makes the instance floating', async () => {
    const created = await createPremiumOnSite(gateway);
    const instanceId = created.productInstances[0]!.instanceId;

    const payload = await unassign(instanceId);

    expect(payload.productInstance).toMatchObject({ instanceId, siteId: null });
    expect(
      gateway.emulator.control.getPackage(created.id)!.productInstances[0]!.siteId,
    ).toBeUndefined();
  });

  it('adjustProductInstance changes product and cycle, keeping the instance id', async () => {
    const created = await createPremiumOnSite(gateway);
    const instanceId = created.productInstances[0]!.instanceId;

    const payload = await adjust({
      instanceId,
      catalogProductId: PRODUCTS.premiumBusiness,
      billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } },
    });

    expect(payload.userErrors).toEqual([]);
    expect(payload.productInstance).toMatchObject({
      instanceId,
      catalogProductId: PRODUCTS.premiumBusiness,
      billingInfo: { cycleDuration: { unit: 'MONTH' } },
    });
  });

  describe('typed user errors', () => {
    it('SITE_NOT_FOUND and PRODUCT_TYPE_ALREADY_ASSIGNED point at siteId', async () => {
      await createPremiumOnSite(gateway, DEMO_SITES.customerAMain);
      const floating = await createPackage(gateway, { products: [product(PRODUCTS.premiumLight)] });
      const instanceId = floating.package!.productInstances[0]!.instanceId;

      const unknownSite = await assign('assignProductInstance')(instanceId, UNKNOWN_SITE_ID);
      const taken = await assign('assignProductInstance')(instanceId, DEMO_SITES.customerAMain);

      expect([unknownSite.userErrors, taken.userErrors]).toEqual([
        [{ code: 'SITE_NOT_FOUND', message: expect.any(String), field: ['siteId'] }],
        [{ code: 'PRODUCT_TYPE_ALREADY_ASSIGNED', message: expect.any(String), field: ['siteId'] }],
      ]);
      expect([unknownSite.package, unknownSite.productInstance]).toEqual([null, null]);
    });

    it('PRODUCT_NOT_SUPPORTED_ON_SITE: a domain on a site without a Premium plan', async () => {
      const premium = await createPackage(gateway, { products: [product(PRODUCTS.premiumCore)] });
      const domain = await createPackage(gateway, {
        products: [
          product(PRODUCTS.domainCom, {
            referenceProductInstanceId: premium.package!.productInstances[0]!.instanceId,
          }),
        ],
      });
      const instanceId = domain.package!.productInstances[0]!.instanceId;

      const payload = await assign('assignProductInstance')(instanceId, DEMO_SITES.customerAShop);

      expect(payload.userErrors).toMatchObject([
        { code: 'PRODUCT_NOT_SUPPORTED_ON_SITE', field: ['siteId'] },
      ]);
    });

    it('INCOMPATIBLE_PRODUCT_INSTANCE_STATUS: assigning or adjusting a canceled instance', async () => {
      const created = await createPackage(gateway, { products: [product(PRODUCTS.premiumCore)] });
      const instanceId = created.package!.productInstances[0]!.instanceId;
      await cancelInstance(instanceId);

      const assigned = await assign('assignProductInstance')(instanceId, DEMO_SITES.customerAMain);
      const adjusted = await adjust({ instanceId, catalogProductId: PRODUCTS.premiumBusiness });

      expect(assigned.userErrors).toMatchObject([
        { code: 'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS', field: ['instanceId'] },
      ]);
      expect(adjusted.userErrors).toMatchObject([
        { code: 'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS', field: ['input', 'instanceId'] },
      ]);
    });

    it('adjust: INCOMPATIBLE_PRODUCT, PRODUCT_NOT_FOUND, INCOMPATIBLE_BILLING_CYCLE, PRODUCT_INSTANCE_NOT_FOUND', async () => {
      const created = await createPremiumOnSite(gateway);
      const instanceId = created.productInstances[0]!.instanceId;

      const outcomes = [
        await adjust({ instanceId, catalogProductId: PRODUCTS.mailboxBasic }),
        await adjust({ instanceId, catalogProductId: 'a9999999-0000-4000-8000-000000000000' }),
        await adjust({
          instanceId,
          catalogProductId: PRODUCTS.premiumBusinessElite,
          billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } },
        }),
        await adjust({ instanceId: ABSENT, catalogProductId: PRODUCTS.premiumBusiness }),
      ];

      expect(outcomes.map((payload) => payload.userErrors[0])).toEqual([
        {
          code: 'INCOMPATIBLE_PRODUCT',
          message: expect.any(String),
          field: ['input', 'catalogProductId'],
        },
        {
          code: 'PRODUCT_NOT_FOUND',
          message: expect.any(String),
          field: ['input', 'catalogProductId'],
        },
        {
          code: 'INCOMPATIBLE_BILLING_CYCLE',
          message: expect.any(String),
          field: ['input', 'billingInfo'],
        },
        {
          code: 'PRODUCT_INSTANCE_NOT_FOUND',
          message: expect.any(String),
          field: ['input', 'instanceId'],
        },
      ]);
    });

    it('NOT_FOUND for an unknown instance on cancel, assign and unassign', async () => {
      const outcomes = [
        await cancelInstance(ABSENT),
        await assign('assignProductInstance')(ABSENT, DEMO_SITES.customerAMain),
        await unassign(ABSENT),
      ];
      for (const payload of outcomes) {
        expect(payload.userErrors).toEqual([
          {
            code: 'NOT_FOUND',
            message: 'The product instance does not exist in this account.',
            field: ['instanceId'],
          },
        ]);
      }
    });
  });

  it('validates before calling: GUIDs, adjust needs a product or a cycle, RECURRING needs a unit', async () => {
    gateway.emulator.control.clearRequestLog();
    const assignResult = await gateway.graphql(
      `mutation { assignProductInstance(instanceId: "i", siteId: "s", idempotencyKey: "") { idempotencyKey } }`,
    );
    const adjustResult = await gateway.graphql(
      `mutation($input: AdjustProductInstanceInput!) { adjustProductInstance(input: $input) { idempotencyKey } }`,
      { input: { instanceId: ABSENT, discountCode: 'x'.repeat(26) } },
    );
    const recurringResult = await gateway.graphql(
      `mutation($input: AdjustProductInstanceInput!) { adjustProductInstance(input: $input) { idempotencyKey } }`,
      { input: { instanceId: ABSENT, billingInfo: { type: 'RECURRING' } } },
    );

    const paths = (result: typeof assignResult) =>
      (result.body.errors![0]!.extensions!['violations'] as Array<{ path: string }>).map(
        (v) => v.path,
      );
    expect(paths(assignResult)).toEqual(['instanceId', 'siteId', 'idempotencyKey']);
    expect(paths(adjustResult)).toEqual(['input', 'input.discountCode']);
    expect(paths(recurringResult)).toEqual(['input.billingInfo.cycleDuration']);
    expect(upstreamCalls(gateway)).toEqual([]);
  });
});
