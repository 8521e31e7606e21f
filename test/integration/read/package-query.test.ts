/**
 * `Query.package(id)` end to end over the emulator, acting as the sub-account customerA:
 * every field mapped from the wire, null outside the account's scope, and the upstream
 * calls it makes: one Get Package (contract: Get Package) for a lone lookup in the caller's own account, one
 * scoped Query Packages (contract: Query Packages) for several lookups or a multi-account caller, none for a
 * malformed id.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, DEMO_SITES, PRODUCTS, type RequestLogEntry } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { PACKAGE_FIELDS } from '../../helpers/graphql-documents';
import { ABSENT_ID, aPackage, at, instanceId, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import {
  conjunctsOf,
  identityProblem,
  isScopedTo,
  QUERY_PACKAGES_PATH,
  queryOf,
  upstreamCalls,
} from '../../helpers/upstream-calls';

const ACTING = DEMO_ACCOUNTS.customerA;

/** customerA's package with every optional field set, one assigned and one failed instance. */
const FULL = aPackage({
  id: 1,
  accountId: ACTING,
  parentAccountId: DEMO_ACCOUNTS.reseller,
  externalId: 'sub-0001',
  createdDate: at(10, 120),
  updatedDate: at(95, 7),
  instances: [
    {
      id: 11,
      status: 'ENABLED',
      catalogProductId: PRODUCTS.premiumBusiness,
      siteId: DEMO_SITES.customerAMain,
      billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 2 } },
      countryCode: 'US',
      discountCode: 'SPRING24',
      // Without fractional seconds: the DateTime scalar must still answer with milliseconds.
      expirationDate: '2026-03-01T09:00:00Z',
      createdDate: at(10, 100),
      updatedDate: at(95, 7),
    },
    {
      id: 12,
      status: 'FAILED',
      catalogProductId: PRODUCTS.seoSetup,
      failure: { code: 'DELIVERY_TIMEOUT', message: 'provider did not answer' },
      billingInfo: { type: 'ONE_TIME' },
      referenceProductInstanceId: instanceId(11),
      createdDate: at(10, 110),
    },
  ],
});
/** customerA's package with nothing optional set. */
const BARE = aPackage({ id: 2, accountId: ACTING, instances: [{ id: 21, status: 'PENDING' }] });
const SIBLINGS = aPackage({ id: 3, accountId: DEMO_ACCOUNTS.customerB });
const PARENTS = aPackage({ id: 4, accountId: DEMO_ACCOUNTS.reseller });
const OTHER_TREES = aPackage({ id: 5, accountId: DEMO_ACCOUNTS.otherReseller });

const PACKAGE_QUERY = `
  query Package($id: ID!) { package(id: $id) { ...PackageFields } }
  ${PACKAGE_FIELDS}
`;

/** `METHOD path status wix-account-id` of a logged upstream call, for compact assertions. */
function describeCall(call: RequestLogEntry): string {
  return `${call.method} ${call.path} ${call.status} ${call.headers['wix-account-id']}`;
}

/** The `accountId` conjunct of a query's filter (the account scope). */
function accountClauseOf(call: RequestLogEntry): unknown {
  return conjunctsOf(queryOf(call).filter).find((clause) => 'accountId' in clause)?.['accountId'];
}

/** The `id` conjunct of a query's filter (the looked-up ids). */
function idClauseOf(call: RequestLogEntry): unknown {
  return conjunctsOf(queryOf(call).filter).find((clause) => 'id' in clause)?.['id'];
}

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { WIX_ACCOUNT_ID: ACTING } });
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  gateway.emulator.control.reset('empty');
  gateway.emulator.control.seed({ packages: [FULL, BARE, SIBLINGS, PARENTS, OTHER_TREES] });
  gateway.emulator.control.clearRequestLog();
});

describe('package(id)', () => {
  it('maps every field of a package, its counts and its instances', async () => {
    const result = await gateway.graphql(PACKAGE_QUERY, { id: packageId(1) });

    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      package: {
        id: packageId(1),
        accountId: ACTING,
        parentAccountId: DEMO_ACCOUNTS.reseller,
        externalId: 'sub-0001',
        createdDate: '2024-03-01T09:10:00.120Z',
        updatedDate: '2024-03-01T10:35:00.007Z',
        instanceCounts: {
          total: 2,
          pending: 0,
          enabled: 1,
          canceled: 0,
          failed: 1,
          awaitingAction: 0,
        },
        productInstances: [
          {
            id: instanceId(11),
            instanceId: instanceId(11),
            siteId: DEMO_SITES.customerAMain,
            isFloating: false,
            catalogProductId: PRODUCTS.premiumBusiness,
            status: 'ENABLED',
            failure: null,
            billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 2 } },
            countryCode: 'US',
            discountCode: 'SPRING24',
            expirationDate: '2026-03-01T09:00:00.000Z',
            referenceProductInstanceId: null,
            createdDate: '2024-03-01T09:10:00.100Z',
            updatedDate: '2024-03-01T10:35:00.007Z',
          },
          {
            id: instanceId(12),
            instanceId: instanceId(12),
            siteId: null,
            isFloating: true,
            catalogProductId: PRODUCTS.seoSetup,
            status: 'FAILED',
            failure: { code: 'DELIVERY_TIMEOUT', message: 'provider did not answer' },
            billingInfo: { type: 'ONE_TIME', cycleDuration: null },
            countryCode: null,
            discountCode: null,
            expirationDate: null,
            referenceProductInstanceId: instanceId(11),
            createdDate: '2024-03-01T09:10:00.110Z',
            updatedDate: '2024-03-01T09:10:00.110Z',
          },
        ],
      },
    });
  });

  it('gives null for every optional field a package does not set', async () => {
    const result = await gateway.graphql(PACKAGE_QUERY, { id: packageId(2) });

    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      package: {
        id: packageId(2),
        accountId: ACTING,
        parentAccountId: null,
        externalId: null,
        createdDate: '2024-03-01T09:02:00.000Z',
        updatedDate: '2024-03-01T09:02:00.000Z',
        instanceCounts: {
          total: 1,
          pending: 1,
          enabled: 0,
          canceled: 0,
          failed: 0,
          awaitingAction: 0,
        },
        productInstances: [
          {
            id: instanceId(21),
            instanceId: instanceId(21),
            siteId: null,
            isFloating: true,
            catalogProductId: PRODUCTS.premiumCore,
            status: 'PENDING',
            failure: null,
            billingInfo: null,
            countryCode: null,
            discountCode: null,
            expirationDate: null,
            referenceProductInstanceId: null,
            createdDate: '2024-03-01T09:02:00.000Z',
            updatedDate: '2024-03-01T09:02:00.000Z',
          },
        ],
      },
    });
  });

  it('asks the upstream once: Get Package of that id, for the acting account only', async () => {
    const result = await gateway.graphql(PACKAGE_QUERY, { id: packageId(1) });

    expect(result.body.errors).toBeUndefined();
    const calls = upstreamCalls(gateway.emulator);
    expect(calls).toHaveLength(1);
    expect(identityProblem(calls, ACTING)).toBeUndefined();
    const [call] = calls;
    expect(call!.method).toBe('GET');
    expect(call!.path).toBe(`/resellers/v1/packages/${packageId(1)}`);
    expect(call!.headers['wix-account-id']).toBe(ACTING);
    expect(call!.body).toBeUndefined();
    expect(call!.status).toBe(200);
  });

  it('asks ONE scoped Query Packages for two aliased lookups in one operation', async () => {
    const result = await gateway.graphql(
      `query($a: ID!, $b: ID!) { a: package(id: $a) { id } b: package(id: $b) { id } }`,
      { a: packageId(2), b: packageId(1) },
    );

    expect(result.body).toEqual({ data: { a: { id: packageId(2) }, b: { id: packageId(1) } } });
    const calls = upstreamCalls(gateway.emulator);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `POST ${QUERY_PACKAGES_PATH}`,
    ]);
    expect(identityProblem(calls, ACTING)).toBeUndefined();
    const query = queryOf(calls[0]!);
    expect(isScopedTo(query.filter, ACTING)).toBe(true);
    expect(idClauseOf(calls[0]!)).toEqual({ $in: [packageId(2), packageId(1)] });
  });

  it('asks one Get Package for two aliases of the same id', async () => {
    const result = await gateway.graphql(
      `query($id: ID!) { a: package(id: $id) { id } b: package(id: $id) { accountId } }`,
      { id: packageId(1) },
    );

    expect(result.body).toEqual({ data: { a: { id: packageId(1) }, b: { accountId: ACTING } } });
    expect(upstreamCalls(gateway.emulator).map(describeCall)).toEqual([
      `GET /resellers/v1/packages/${packageId(1)} 200 ${ACTING}`,
    ]);
  });

  it('accepts an upper-case id and answers with the stored (lower-case) id', async () => {
    const result = await gateway.graphql(`query($id: ID!) { package(id: $id) { id } }`, {
      id: packageId(1).toUpperCase(),
    });

    expect(result.body).toEqual({ data: { package: { id: packageId(1) } } });
  });

  it('is null, without an error, for an id that does not exist: one Get Package, answered 404', async () => {
    const result = await gateway.graphql(PACKAGE_QUERY, { id: ABSENT_ID });

    expect(result.body).toEqual({ data: { package: null } });
    const calls = upstreamCalls(gateway.emulator);
    expect(calls.map(describeCall)).toEqual([
      `GET /resellers/v1/packages/${ABSENT_ID} 404 ${ACTING}`,
    ]);
    expect(identityProblem(calls, ACTING)).toBeUndefined();
  });

  it.each([
    ['a sibling sub-account (customerB)', 3],
    ['the parent account (reseller)', 4],
    ['another account tree (otherReseller)', 5],
  ])('is null for a package of %s, although it exists', async (_owner, n) => {
    expect(gateway.emulator.control.getPackage(packageId(n))).toBeDefined();

    const result = await gateway.graphql(PACKAGE_QUERY, { id: packageId(n) });

    // No error: another account's package looks exactly like an absent one.
    expect(result.body).toEqual({ data: { package: null } });
    const calls = upstreamCalls(gateway.emulator);
    expect(calls.map(describeCall)).toEqual([
      `GET /resellers/v1/packages/${packageId(n)} 404 ${ACTING}`,
    ]);
    expect(identityProblem(calls, ACTING)).toBeUndefined();
  });

  it.each(['not-a-guid', '', `${packageId(1)}x`, "c0000000' OR 1=1"])(
    'refuses the malformed id %j with BAD_USER_INPUT and makes no upstream call',
    async (id) => {
      const result = await gateway.graphql(PACKAGE_QUERY, { id });

      expect(result.body.data).toEqual({ package: null });
      expect(result.body.errors).toHaveLength(1);
      expect(result.body.errors?.[0]?.path).toEqual(['package']);
      expect(result.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        violations: [{ path: 'id', message: expect.any(String) }],
      });
      expect(upstreamCalls(gateway.emulator)).toEqual([]);
    },
  );
});

describe('package(id) for a token-authenticated reseller', () => {
  const RESELLER = DEMO_ACCOUNTS.reseller;
  let authed: TestGateway;

  beforeAll(async () => {
    authed = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
    authed.emulator.control.seed({ packages: [FULL, BARE, SIBLINGS, PARENTS, OTHER_TREES] });
  });

  afterAll(async () => {
    await authed.close();
  });

  beforeEach(() => {
    authed.emulator.control.clearRequestLog();
  });

  it('with packages:read:subaccounts, still asks ONE Query Packages scoped to its accounts', async () => {
    const token = await tokenFor(RESELLER, [SCOPE.read, SCOPE.readSubAccounts], {
      subAccountIds: [ACTING],
    });

    const result = await authed.graphql(
      `query($id: ID!) { package(id: $id) { id accountId } }`,
      { id: packageId(1) },
      bearer(token),
    );

    expect(result.body).toEqual({ data: { package: { id: packageId(1), accountId: ACTING } } });
    const calls = upstreamCalls(authed.emulator);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `POST ${QUERY_PACKAGES_PATH}`,
    ]);
    expect(calls[0]!.headers['wix-account-id']).toBe(RESELLER);
    const scope = accountClauseOf(calls[0]!) as { $in?: string[] };
    expect(Object.keys(scope)).toEqual(['$in']);
    expect([...scope.$in!].sort()).toEqual([ACTING, RESELLER].sort());
    expect(idClauseOf(calls[0]!)).toEqual({ $in: [packageId(1)] });
  });

  it('with packages:read:subaccounts, reads a sibling it was not given as null', async () => {
    const token = await tokenFor(RESELLER, [SCOPE.read, SCOPE.readSubAccounts], {
      subAccountIds: [ACTING],
    });

    const result = await authed.graphql(
      `query($id: ID!) { package(id: $id) { id } }`,
      { id: packageId(3) },
      bearer(token),
    );

    expect(result.body).toEqual({ data: { package: null } });
    expect(upstreamCalls(authed.emulator).map((call) => call.path)).toEqual([QUERY_PACKAGES_PATH]);
  });

  it('without it, its own package is one Get Package', async () => {
    const token = await tokenFor(RESELLER, [SCOPE.read]);

    const result = await authed.graphql(
      `query($id: ID!) { package(id: $id) { id accountId } }`,
      { id: packageId(4) },
      bearer(token),
    );

    expect(result.body).toEqual({ data: { package: { id: packageId(4), accountId: RESELLER } } });
    expect(upstreamCalls(authed.emulator).map(describeCall)).toEqual([
      `GET /resellers/v1/packages/${packageId(4)} 200 ${RESELLER}`,
    ]);
  });

  it("without it, a sub-account's package is null although Get Package lets the parent read it", async () => {
    const token = await tokenFor(RESELLER, [SCOPE.read]);

    const result = await authed.graphql(
      `query($id: ID!) { package(id: $id) { id } }`,
      { id: packageId(1) },
      bearer(token),
    );

    expect(result.body).toEqual({ data: { package: null } });
    // The emulator answers the parent with customerA's package (200); the gateway drops it.
    expect(upstreamCalls(authed.emulator).map(describeCall)).toEqual([
      `GET /resellers/v1/packages/${packageId(1)} 200 ${RESELLER}`,
    ]);
  });
});
