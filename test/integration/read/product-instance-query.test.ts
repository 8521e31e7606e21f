/**
 * `Query.productInstance(instanceId)` and the derived fields `ProductInstance.package` and
 * `ProductInstance.referenceProductInstance`, end to end over the emulator, acting as the
 * reseller (root) account.
 */
import { DEMO_ACCOUNTS, DEMO_SITES, PRODUCTS } from '../../../src/emulator';
import { INSTANCE_FIELDS } from '../../helpers/graphql-documents';
import { ABSENT_ID, aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { identityProblem, isScopedTo, queryOf, upstreamCalls } from '../../helpers/upstream-calls';

const ACTING = DEMO_ACCOUNTS.reseller;

/** A premium plan, and a domain in another package sold against it. */
const PLAN = aPackage({
  id: 1,
  accountId: ACTING,
  externalId: 'plan',
  instances: [
    { id: 11, catalogProductId: PRODUCTS.premiumCore, siteId: DEMO_SITES.resellerAgency },
    { id: 12, catalogProductId: PRODUCTS.mailboxBasic, status: 'AWAITING_ACTION' },
  ],
});
const DOMAIN = aPackage({
  id: 2,
  accountId: ACTING,
  instances: [
    {
      id: 21,
      catalogProductId: PRODUCTS.domainCom,
      status: 'PENDING',
      referenceProductInstanceId: instanceId(11),
    },
    // A reference to an instance of the same package.
    { id: 22, catalogProductId: PRODUCTS.seoSetup, referenceProductInstanceId: instanceId(21) },
  ],
});
/** A sub-account's instance: outside the reseller's own scope. */
const SUB_ACCOUNTS = aPackage({ id: 3, accountId: DEMO_ACCOUNTS.customerA });
/** The reseller's instance that references an instance it may not see, and one that is gone. */
const DANGLING = aPackage({
  id: 4,
  accountId: ACTING,
  instances: [
    { id: 41, referenceProductInstanceId: instanceId(3) },
    { id: 42, referenceProductInstanceId: ABSENT_ID },
  ],
});

const INSTANCE_QUERY = `
  query Instance($id: ID!) { productInstance(instanceId: $id) { ...InstanceFields } }
  ${INSTANCE_FIELDS}
`;

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { WIX_ACCOUNT_ID: ACTING } });
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  gateway.emulator.control.reset('empty');
  gateway.emulator.control.seed({ packages: [PLAN, DOMAIN, SUB_ACCOUNTS, DANGLING] });
  gateway.emulator.control.clearRequestLog();
});

afterEach(() => {
  expect(identityProblem(upstreamCalls(gateway.emulator), ACTING)).toBeUndefined();
});

describe('productInstance(instanceId)', () => {
  it('finds an instance by its id, with one scoped upstream query', async () => {
    const result = await gateway.graphql(INSTANCE_QUERY, { id: instanceId(12) });

    expect(result.body).toEqual({
      data: {
        productInstance: {
          id: instanceId(12),
          instanceId: instanceId(12),
          siteId: null,
          isFloating: true,
          catalogProductId: PRODUCTS.mailboxBasic,
          status: 'AWAITING_ACTION',
          failure: null,
          billingInfo: null,
          countryCode: null,
          discountCode: null,
          expirationDate: null,
          referenceProductInstanceId: null,
          createdDate: PLAN.createdDate,
          updatedDate: PLAN.updatedDate,
        },
      },
    });
    const calls = upstreamCalls(gateway.emulator);
    expect(calls).toHaveLength(1);
    const query = queryOf(calls[0]!);
    expect(isScopedTo(query.filter, ACTING)).toBe(true);
    expect(JSON.stringify(query.filter)).toContain(instanceId(12));
  });

  it('is null for an instance id that does not exist', async () => {
    const result = await gateway.graphql(INSTANCE_QUERY, { id: ABSENT_ID });

    expect(result.body).toEqual({ data: { productInstance: null } });
    expect(upstreamCalls(gateway.emulator)).toHaveLength(1);
  });

  it('is null for an instance of another account (a package id is not an instance id either)', async () => {
    const result = await gateway.graphql(
      `query($sub: ID!, $pkg: ID!) {
        sub: productInstance(instanceId: $sub) { id }
        pkg: productInstance(instanceId: $pkg) { id }
      }`,
      { sub: instanceId(3), pkg: packageId(1) },
    );

    expect(result.body).toEqual({ data: { sub: null, pkg: null } });
    expect(upstreamCalls(gateway.emulator)).toHaveLength(1);
  });

  it('resolves `package` from the request cache: no second upstream call', async () => {
    const result = await gateway.graphql(
      `query($id: ID!) {
        productInstance(instanceId: $id) {
          id
          package { id externalId productInstances { id package { id } } }
        }
      }`,
      { id: instanceId(11) },
    );

    expect(result.body).toEqual({
      data: {
        productInstance: {
          id: instanceId(11),
          package: {
            id: packageId(1),
            externalId: 'plan',
            productInstances: [
              { id: instanceId(11), package: { id: packageId(1) } },
              { id: instanceId(12), package: { id: packageId(1) } },
            ],
          },
        },
      },
    });
    expect(upstreamCalls(gateway.emulator)).toHaveLength(1);
  });

  it('resolves `referenceProductInstance` across packages with one more batched query', async () => {
    const result = await gateway.graphql(
      `query($id: ID!) {
        productInstance(instanceId: $id) {
          id
          referenceProductInstanceId
          referenceProductInstance { id status package { id } referenceProductInstance { id } }
        }
      }`,
      { id: instanceId(21) },
    );

    expect(result.body).toEqual({
      data: {
        productInstance: {
          id: instanceId(21),
          referenceProductInstanceId: instanceId(11),
          referenceProductInstance: {
            id: instanceId(11),
            status: 'ENABLED',
            package: { id: packageId(1) },
            referenceProductInstance: null,
          },
        },
      },
    });
    const calls = upstreamCalls(gateway.emulator);
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(queryOf(calls[1]!).filter)).toContain(instanceId(11));
  });

  it('resolves a reference inside the same package without another call', async () => {
    const result = await gateway.graphql(
      `query($id: ID!) {
        productInstance(instanceId: $id) { id referenceProductInstance { id package { id } } }
      }`,
      { id: instanceId(22) },
    );

    expect(result.body).toEqual({
      data: {
        productInstance: {
          id: instanceId(22),
          referenceProductInstance: { id: instanceId(21), package: { id: packageId(2) } },
        },
      },
    });
    expect(upstreamCalls(gateway.emulator)).toHaveLength(1);
  });

  it('gives a null reference when it is outside the scope or no longer exists', async () => {
    const result = await gateway.graphql(
      `{
        package(id: "${packageId(4)}") {
          productInstances { id referenceProductInstanceId referenceProductInstance { id } }
        }
      }`,
    );

    expect(result.body).toEqual({
      data: {
        package: {
          productInstances: [
            {
              id: instanceId(41),
              referenceProductInstanceId: instanceId(3),
              referenceProductInstance: null,
            },
            {
              id: instanceId(42),
              referenceProductInstanceId: ABSENT_ID,
              referenceProductInstance: null,
            },
          ],
        },
      },
    });
    // The package, then both references in one batch.
    expect(upstreamCalls(gateway.emulator)).toHaveLength(2);
  });

  it('refuses a malformed instance id with BAD_USER_INPUT and makes no upstream call', async () => {
    const result = await gateway.graphql(INSTANCE_QUERY, { id: 'instance-11' });

    expect(result.body.data).toEqual({ productInstance: null });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      violations: [{ path: 'instanceId' }],
    });
    expect(upstreamCalls(gateway.emulator)).toEqual([]);
  });
});
