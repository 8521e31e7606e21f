/**
 * Account isolation over real HTTP. The upstream's Query Packages answers with the caller's whole
 * account tree (contract: Query Packages), so sibling sub-accounts and the parent share one upstream scope: the
 * gateway alone keeps a token to its own account (plus the sub-accounts it names with
 * `packages:read:subaccounts`). Another account's package must look exactly like one that does
 * not exist, and no upstream call may ever act for an account the token does not name.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { errorCodes, upstreamAccountIds } from '../../helpers/gateway-http';
import { ABSENT_ID, aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const { reseller, customerA, customerB, otherReseller } = DEMO_ACCOUNTS;

/**
 * customerA: packages 1, 2 and 5 (5's instance references customerB's instance 3);
 * customerB: 3; reseller: 4; otherReseller: 6. Each package holds the instance of its number.
 */
const SEED = [
  aPackage({ id: 1, accountId: customerA }),
  aPackage({ id: 2, accountId: customerA }),
  aPackage({ id: 3, accountId: customerB }),
  aPackage({ id: 4, accountId: reseller }),
  aPackage({
    id: 5,
    accountId: customerA,
    instances: [{ id: 5, referenceProductInstanceId: instanceId(3) }],
  }),
  aPackage({ id: 6, accountId: otherReseller }),
];

const LIST = `query List($filter: PackageFilter, $after: String, $first: Int) {
  packages(first: $first, filter: $filter, after: $after) {
    edges { node { id accountId } }
    totalCount
    pageInfo { endCursor hasNextPage }
  }
}`;

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
  gw.emulator.control.seed({ packages: SEED });
});
beforeEach(() => gw.emulator.control.clearRequestLog());
afterAll(async () => {
  await gw.close();
});

async function as(
  accountId: string,
  query: string,
  variables?: Record<string, unknown>,
  scopes: readonly string[] = [SCOPE.read],
  subAccountIds?: readonly string[],
) {
  const token = await tokenFor(accountId, scopes, subAccountIds ? { subAccountIds } : {});
  return gw.graphql<Record<string, unknown>>(query, variables, bearer(token));
}

/** Ids of the listed packages, from a `LIST` response. */
function listedIds(data: Record<string, unknown> | null | undefined): string[] {
  const connection = data?.['packages'] as { edges: { node: { id: string } }[] } | undefined;
  return (connection?.edges ?? []).map((edge) => edge.node.id);
}

/** Every upstream call since the last clear acted for `accountId` and nobody else. */
function expectUpstreamActedOnlyFor(accountId: string): void {
  const accounts = upstreamAccountIds(gw);
  expect(accounts.length).toBeGreaterThan(0);
  expect(new Set(accounts)).toEqual(new Set([accountId]));
}

describe('a customerA token', () => {
  it.each([
    ["a sibling sub-account's", packageId(3)],
    ["the parent reseller's", packageId(4)],
    ["another reseller's", packageId(6)],
  ])('reads %s package as null, exactly like a nonexistent id', async (_name, foreignId) => {
    const query = 'query One($id: ID!) { package(id: $id) { id accountId } }';
    const foreign = await as(customerA, query, { id: foreignId });
    const absent = await as(customerA, query, { id: ABSENT_ID });
    expect(foreign.status).toBe(absent.status);
    expect(foreign.body).toEqual(absent.body);
    expect(foreign.body).toEqual({ data: { package: null } });
    expectUpstreamActedOnlyFor(customerA);
  });

  it('sees its own package by id', async () => {
    const result = await as(customerA, '{ package(id: "' + packageId(1) + '") { id } }');
    expect(result.body).toEqual({ data: { package: { id: packageId(1) } } });
  });

  it('lists only its own packages, though the upstream answers with the whole tree', async () => {
    const result = await as(customerA, LIST);
    expect(result.body.errors).toBeUndefined();
    expect(listedIds(result.body.data)).toEqual([packageId(5), packageId(2), packageId(1)]);
    expect(result.body.data?.['packages']).toMatchObject({ totalCount: 3 });
    expectUpstreamActedOnlyFor(customerA);
  });

  it.each([
    ['accountId eq a sibling', { accountId: { eq: customerB } }],
    ['accountId in the parent and a sibling', { accountId: { in: [reseller, customerB] } }],
    ['accountId ne itself', { accountId: { ne: customerA } }],
    ['not its own account', { not: { accountId: { eq: customerA } } }],
    [
      'or over foreign accounts',
      { or: [{ accountId: { eq: customerB } }, { id: { eq: packageId(4) } }] },
    ],
    ['a sibling package id', { id: { in: [packageId(3), packageId(6)] } }],
  ])('cannot widen its list with a filter on %s', async (_name, filter) => {
    const result = await as(customerA, LIST, { filter });
    expect(result.body.errors).toBeUndefined();
    expect(listedIds(result.body.data)).toEqual([]);
    expect(result.body.data?.['packages']).toMatchObject({ totalCount: 0 });
    expectUpstreamActedOnlyFor(customerA);
  });

  it("looks up a sibling's product instance as null, like a nonexistent one", async () => {
    const query = 'query I($id: ID!) { productInstance(instanceId: $id) { id status } }';
    const foreign = await as(customerA, query, { id: instanceId(3) });
    const absent = await as(customerA, query, { id: ABSENT_ID });
    expect(foreign.body).toEqual(absent.body);
    expect(foreign.body).toEqual({ data: { productInstance: null } });
    expectUpstreamActedOnlyFor(customerA);
  });

  it('does not follow a reference into a sibling account', async () => {
    const result = await as(
      customerA,
      `{ package(id: "${packageId(5)}") {
          productInstances { id referenceProductInstanceId referenceProductInstance { id } } } }`,
    );
    expect(result.body).toEqual({
      data: {
        package: {
          productInstances: [
            {
              id: instanceId(5),
              referenceProductInstanceId: instanceId(3),
              referenceProductInstance: null,
            },
          ],
        },
      },
    });
    expectUpstreamActedOnlyFor(customerA);
  });
});

describe('sub-accounts and their parent', () => {
  it("never list a sibling's packages", async () => {
    const result = await as(customerB, LIST);
    expect(listedIds(result.body.data)).toEqual([packageId(3)]);
    expectUpstreamActedOnlyFor(customerB);
  });

  it('cannot replay a cursor of another account to page through its packages', async () => {
    const firstPage = await as(customerA, LIST, { first: 1 });
    const cursor = (firstPage.body.data?.['packages'] as { pageInfo: { endCursor: string } })
      .pageInfo.endCursor;
    expect(typeof cursor).toBe('string');
    gw.emulator.control.clearRequestLog();

    const replayed = await as(customerB, LIST, { first: 1, after: cursor });
    const customerAIds = [packageId(1), packageId(2), packageId(5)];
    expect(listedIds(replayed.body.data).filter((id) => customerAIds.includes(id))).toEqual([]);
    expect(errorCodes(replayed.body)).toEqual(['BAD_USER_INPUT']);
    expect(upstreamAccountIds(gw).filter((id) => id !== customerB)).toEqual([]);
  });

  it('a reseller without packages:read:subaccounts sees only its own packages', async () => {
    const result = await as(reseller, LIST, undefined, [SCOPE.read], [customerA]);
    expect(listedIds(result.body.data)).toEqual([packageId(4)]);
    const lookup = await as(reseller, `{ package(id: "${packageId(1)}") { id } }`, undefined, [
      SCOPE.read,
    ]);
    expect(lookup.body).toEqual({ data: { package: null } });
    expectUpstreamActedOnlyFor(reseller);
  });

  it('a reseller with packages:read:subaccounts lists the named sub-accounts only', async () => {
    const scopes = [SCOPE.read, SCOPE.readSubAccounts];
    const result = await as(reseller, LIST, undefined, scopes, [customerA]);
    expect(result.body.errors).toBeUndefined();
    expect(listedIds(result.body.data)).toEqual([
      packageId(5),
      packageId(4),
      packageId(2),
      packageId(1),
    ]);
    expect(result.body.data?.['packages']).toMatchObject({ totalCount: 4 });

    const sibling = await as(
      reseller,
      'query One($id: ID!) { package(id: $id) { id } }',
      { id: packageId(3) },
      scopes,
      [customerA],
    );
    expect(sibling.body).toEqual({ data: { package: null } });
    // Calls act for the reseller; the sub-account scope travels in the filter.
    expectUpstreamActedOnlyFor(reseller);
  });
});
