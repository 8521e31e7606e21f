/**
 * Abuse: borrowing another account's benefits (issue 11, Medium). A sub-account's token reads
 * `null` for its parent's instances, yet Wix accepts any instance of the account tree as a
 * create's `referenceProductInstanceId`. The gateway checks every reference against the
 * caller's scope first: a create naming invisible references, however many, is refused per
 * product like an unknown reference, and nothing is written upstream.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, PRODUCTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { aPackage, instanceId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { expectStillServing } from './abuse-checks';

const PARENT_INSTANCES = 100;

let gateway: TestGateway;
let auth: Record<string, string>;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
  auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read, SCOPE.write]));
  gateway.emulator.control.seed({
    packages: [
      aPackage({
        id: 1,
        accountId: DEMO_ACCOUNTS.reseller,
        instances: Array.from({ length: PARENT_INSTANCES }, (_, n) => ({ id: 1000 + n })),
      }),
      aPackage({ id: 2, accountId: DEMO_ACCOUNTS.customerA }),
    ],
  });
});
beforeEach(() => gateway.emulator.control.clearRequestLog());
afterAll(() => gateway.close());

const CREATE = `mutation C($input: CreatePackageInput!) {
  createPackage(input: $input) { package { id } userErrors { code field } } }`;

function domainRedeeming(reference: string) {
  return {
    catalogProductId: PRODUCTS.domainCom,
    countryCode: 'US',
    billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
    referenceProductInstanceId: reference,
  };
}

it("refuses a create redeeming 100 of the parent's instances, per product, with no write", async () => {
  const packagesBefore = gateway.emulator.control.packageCount();
  const references = Array.from({ length: PARENT_INSTANCES }, (_, n) => instanceId(1000 + n));

  const result = await gateway.graphql(
    CREATE,
    { input: { products: [domainRedeeming(instanceId(2)), ...references.map(domainRedeeming)] } },
    auth,
  );

  expect(result.body.errors).toBeUndefined();
  expect(result.body.data).toEqual({
    createPackage: {
      package: null,
      userErrors: references.map((_, n) => ({
        code: 'INVALID_REFERENCE_PRODUCT_INSTANCE',
        field: ['input', 'products', String(n + 1), 'referenceProductInstanceId'],
      })),
    },
  });
  const calls = gateway.emulator.control.requestLog();
  expect(calls.filter((call) => call.method !== 'POST' || !call.path.endsWith('/query'))).toEqual(
    [],
  );
  // One batched visibility read per 100 references (the loaders' batch cap).
  expect(calls.length).toBeLessThanOrEqual(2);
  expect(gateway.emulator.control.packageCount()).toBe(packagesBefore);
  await expectStillServing(gateway, auth);
});
