/**
 * Acting as customer A, another account's package or instance cannot be changed, and the
 * answer is exactly the one for an id that does not exist (existence is not revealed). Every
 * upstream call carries customer A's account header.
 */
import { DEMO_ACCOUNTS, DEMO_SITES, PRODUCTS } from '../../../src/emulator';
import { aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { USER_ERRORS } from './mutation-documents';

const ABSENT_PACKAGE = packageId(999);
const ABSENT_INSTANCE = instanceId(999);
const FOREIGN_PACKAGE = packageId(1);
const FOREIGN_INSTANCE = instanceId(1);

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { WIX_ACCOUNT_ID: DEMO_ACCOUNTS.customerA } });
  gateway.emulator.control.seed({
    packages: [
      aPackage({
        id: 1,
        accountId: DEMO_ACCOUNTS.customerB,
        instances: [{ id: 1, status: 'PENDING', catalogProductId: PRODUCTS.premiumCore }],
      }),
    ],
  });
});
afterAll(() => gateway.close());

const WRITES: Record<string, (id: string) => [string, Record<string, unknown>]> = {
  cancelPackage: (id) => [
    `mutation($id: ID!) { cancelPackage(id: $id, idempotencyKey: "k") { package { id } ${USER_ERRORS} } }`,
    { id },
  ],
  cancelProductInstance: (id) => [
    `mutation($id: ID!) { cancelProductInstance(instanceId: $id, idempotencyKey: "k") {
      package { id } productInstance { instanceId } ${USER_ERRORS} } }`,
    { id },
  ],
  assignProductInstance: (id) => [
    `mutation($id: ID!, $site: ID!) { assignProductInstance(instanceId: $id, siteId: $site, idempotencyKey: "k") {
      package { id } productInstance { instanceId } ${USER_ERRORS} } }`,
    { id, site: DEMO_SITES.customerAMain },
  ],
  unassignProductInstance: (id) => [
    `mutation($id: ID!) { unassignProductInstance(instanceId: $id, idempotencyKey: "k") {
      package { id } productInstance { instanceId } ${USER_ERRORS} } }`,
    { id },
  ],
  adjustProductInstance: (id) => [
    `mutation($input: AdjustProductInstanceInput!) { adjustProductInstance(input: $input) {
      package { id } productInstance { instanceId } ${USER_ERRORS} } }`,
    { input: { instanceId: id, catalogProductId: PRODUCTS.premiumBusiness, idempotencyKey: 'k' } },
  ],
  updatePackageExternalId: (id) => [
    `mutation($id: ID!) { updatePackageExternalId(packageId: $id, externalId: "mine") {
      package { id } ${USER_ERRORS} } }`,
    { id },
  ],
};

const targets = (field: string): [string, string] =>
  field === 'cancelPackage' || field === 'updatePackageExternalId'
    ? [FOREIGN_PACKAGE, ABSENT_PACKAGE]
    : [FOREIGN_INSTANCE, ABSENT_INSTANCE];

it.each(Object.keys(WRITES))(
  '%s: another account’s entity gets the answer of a nonexistent one, and stays unchanged',
  async (field) => {
    const [foreign, absent] = targets(field);
    const before = JSON.stringify(gateway.emulator.control.getPackage(FOREIGN_PACKAGE));
    gateway.emulator.control.clearRequestLog();

    const onForeign = await gateway.graphql(...WRITES[field]!(foreign));
    const onAbsent = await gateway.graphql(...WRITES[field]!(absent));

    expect(onForeign.body).toEqual(onAbsent.body);
    const payload = (
      onForeign.body.data as Record<
        string,
        { package: unknown; userErrors: Array<{ code: string }> }
      >
    )[field]!;
    expect(payload.package).toBeNull();
    expect(payload.userErrors.map((e) => e.code)).toEqual([
      field === 'adjustProductInstance' ? 'PRODUCT_INSTANCE_NOT_FOUND' : 'NOT_FOUND',
    ]);
    expect(JSON.stringify(gateway.emulator.control.getPackage(FOREIGN_PACKAGE))).toBe(before);
    const accounts = gateway.emulator.control.requestLog().map((e) => e.headers['wix-account-id']);
    expect(accounts).toEqual([DEMO_ACCOUNTS.customerA, DEMO_ACCOUNTS.customerA]);
  },
);
