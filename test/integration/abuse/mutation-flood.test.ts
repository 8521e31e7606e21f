/**
 * Abuse: writes per operation (issue 11, Medium). Aliases let one small request carry a hundred
 * writes; the gateway caps root mutation fields (`GRAPHQL_MAX_MUTATIONS`, default 10) and
 * prices a create by its number of products, refusing before any upstream write.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, PRODUCTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { codesOf, expectStillServing, upstreamCallCount } from './abuse-checks';

let gateway: TestGateway;
let auth: Record<string, string>;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
  auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read, SCOPE.write]));
  gateway.emulator.control.seed({
    packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })],
  });
});
beforeEach(() => gateway.emulator.control.clearRequestLog());
afterAll(() => gateway.close());

const PRODUCT = `{ catalogProductId: "${PRODUCTS.mailboxBasic}", countryCode: "US",
  billingInfo: { type: RECURRING, cycleDuration: { unit: YEAR, count: 1 } } }`;

function aliasedCreates(count: number, productsEach = 1): string {
  const products = Array.from({ length: productsEach }, () => PRODUCT).join(',');
  return `mutation Flood { ${Array.from(
    { length: count },
    (_, i) => `c${i}: createPackage(input: { products: [${products}] }) { package { id } }`,
  ).join('\n')} }`;
}

async function expectRefusedWithoutWrites(
  query: string,
  code: string,
  variables?: Record<string, unknown>,
) {
  const result = await gateway.graphql(query, variables, auth);
  expect(result.status).toBe(400);
  expect(result.body.data).toBeUndefined();
  expect(codesOf(result)).toEqual([code]);
  expect(upstreamCallCount(gateway)).toBe(0);
  await expectStillServing(gateway, auth);
  return result;
}

it('refuses 100 aliased createPackage with TOO_MANY_MUTATIONS and makes no write', async () => {
  const result = await expectRefusedWithoutWrites(aliasedCreates(100), 'TOO_MANY_MUTATIONS');
  expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'TOO_MANY_MUTATIONS', limit: 10 });
});

it('refuses 11 aliased updatePackageExternalId, fragments counted each time they are spread', async () => {
  const update = (i: number) =>
    `u${i}: updatePackageExternalId(packageId: "${packageId(1)}", externalId: "x${i}") { package { id } }`;
  await expectRefusedWithoutWrites(
    `mutation { ${Array.from({ length: 11 }, (_, i) => update(i)).join('\n')} }`,
    'TOO_MANY_MUTATIONS',
  );
  const spread = `mutation { ...Six ...Six }
    fragment Six on Mutation { ${Array.from({ length: 6 }, (_, i) => update(i)).join('\n')} }`;
  await expectRefusedWithoutWrites(spread, 'TOO_MANY_MUTATIONS');
});

it('runs 10 writes in one operation (the limit itself)', async () => {
  const result = await gateway.graphql(aliasedCreates(10), undefined, auth);
  expect(result.body.errors).toBeUndefined();
  expect(Object.keys(result.body.data ?? {})).toHaveLength(10);
  expect(upstreamCallCount(gateway)).toBe(10);
});

it('prices a create by its products: two creates of 1000 are QUERY_TOO_COMPLEX, with no write', async () => {
  const products = Array.from({ length: 1000 }, () => ({
    catalogProductId: PRODUCTS.mailboxBasic,
    countryCode: 'US',
    billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
  }));
  const query = `mutation Two($a: CreatePackageInput!, $b: CreatePackageInput!) {
    a: createPackage(input: $a) { package { id } }
    b: createPackage(input: $b) { package { id } }
  }`;
  const result = await expectRefusedWithoutWrites(query, 'QUERY_TOO_COMPLEX', {
    a: { products },
    b: { products },
  });
  expect(result.body.errors?.[0]?.extensions).toMatchObject({ cost: 2002, maxCost: 2000 });
});
