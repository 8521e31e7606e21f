/**
 * Writes follow the same account scope as reads. Wix lets a parent account change its
 * sub-accounts' packages, but a caller may only change what it may read: its own account, plus
 * the sub-accounts its token names with `packages:read:subaccounts`.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const CANCEL = `mutation($id: ID!) { cancelPackage(id: $id) {
  package { id productInstances { status } } userErrors { code field } } }`;

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
});
afterAll(() => gateway.close());

beforeEach(() => {
  gateway.emulator.control.reset('empty');
  gateway.emulator.control.seed({
    packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })],
  });
  gateway.emulator.control.clearRequestLog();
});

/** A read: Query Packages (contract: Query Packages) or Get Package (contract: Get Package). */
const isRead = (entry: { method: string; path: string }): boolean =>
  entry.method === 'GET' || (entry.method === 'POST' && entry.path.endsWith('/query'));

const writes = (): string[] =>
  gateway.emulator.control
    .requestLog()
    .filter((entry) => !isRead(entry))
    .map((entry) => `${entry.method} ${entry.path}`);

it("refuses a reseller's write to a sub-account package it may not read, like an unknown id", async () => {
  const token = await tokenFor(DEMO_ACCOUNTS.reseller, [SCOPE.read, SCOPE.write]);

  const sub = await gateway.graphql(CANCEL, { id: packageId(1) }, bearer(token));
  const unknown = await gateway.graphql(CANCEL, { id: packageId(2) }, bearer(token));

  expect(sub.body).toEqual({
    data: { cancelPackage: { package: null, userErrors: [{ code: 'NOT_FOUND', field: ['id'] }] } },
  });
  expect(sub.body).toEqual(unknown.body);
  // Each check is one Get Package for the reseller. The emulator lets the parent read its
  // sub-account's package (200), but the token does not name customerA, so it counts as absent.
  expect(
    gateway.emulator.control
      .requestLog()
      .map(
        (entry) =>
          `${entry.method} ${entry.path} ${entry.status} ${entry.headers['wix-account-id']}`,
      ),
  ).toEqual([
    `GET /resellers/v1/packages/${packageId(1)} 200 ${DEMO_ACCOUNTS.reseller}`,
    `GET /resellers/v1/packages/${packageId(2)} 404 ${DEMO_ACCOUNTS.reseller}`,
  ]);
  expect(writes()).toEqual([]);
  const stored = gateway.emulator.control.getPackage(packageId(1))!;
  expect(stored.productInstances.every((instance) => instance.status !== 'CANCELED')).toBe(true);
});

it('lets a reseller write to a sub-account its token names', async () => {
  const token = await tokenFor(
    DEMO_ACCOUNTS.reseller,
    [SCOPE.read, SCOPE.write, SCOPE.readSubAccounts],
    { subAccountIds: [DEMO_ACCOUNTS.customerA] },
  );

  const result = await gateway.graphql<{
    cancelPackage: { package: { productInstances: { status: string }[] }; userErrors: [] };
  }>(CANCEL, { id: packageId(1) }, bearer(token));

  expect(result.body.data?.cancelPackage.userErrors).toEqual([]);
  expect(result.body.data?.cancelPackage.package.productInstances.map((i) => i.status)).toEqual(
    gateway.emulator.control.getPackage(packageId(1))!.productInstances.map(() => 'CANCELED'),
  );
  expect(writes()).toEqual([`DELETE /resellers/v1/packages/${packageId(1)}`]);
});
