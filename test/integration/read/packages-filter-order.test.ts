/**
 * `Query.packages` filters and orderings end to end over the emulator, acting as the
 * sub-account customerA: each returns exactly the expected packages of that account, in the
 * expected order, with one scoped upstream call.
 */
import { DEMO_ACCOUNTS, DEMO_SITES, PRODUCTS } from '../../../src/emulator';
import { at, packageId, packageNumber } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { identityProblem, isScopedTo, queryOf, upstreamCalls } from '../../helpers/upstream-calls';
import { ACTING, DECOYS, DEFAULT_ORDER, OWN_PACKAGES } from './packages-seed';

const LIST_QUERY = `
  query List($filter: PackageFilter, $orderBy: [PackageOrder!]) {
    packages(first: 100, filter: $filter, orderBy: $orderBy) {
      edges { node { id accountId } }
      pageInfo { hasNextPage }
    }
  }
`;

interface ListData {
  packages: {
    edges: { node: { id: string; accountId: string } }[];
    pageInfo: { hasNextPage: boolean };
  };
}

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { WIX_ACCOUNT_ID: ACTING } });
  gateway.emulator.control.seed({ packages: [...OWN_PACKAGES, ...DECOYS] });
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  gateway.emulator.control.clearRequestLog();
});

/** Lists with `variables`; returns the fixture numbers in the order given, after checking the call. */
async function listNumbers(variables: Record<string, unknown>): Promise<number[]> {
  const result = await gateway.graphql<ListData>(LIST_QUERY, variables);
  expect(result.body.errors).toBeUndefined();
  const packages = result.body.data!.packages;
  expect(packages.pageInfo.hasNextPage).toBe(false);
  for (const edge of packages.edges) expect(edge.node.accountId).toBe(ACTING);

  const calls = upstreamCalls(gateway.emulator);
  expect(calls).toHaveLength(1);
  expect(identityProblem(calls, ACTING)).toBeUndefined();
  expect(isScopedTo(queryOf(calls[0]!).filter, ACTING)).toBe(true);
  return packages.edges.map((edge) => packageNumber(edge.node.id));
}

describe('packages(filter)', () => {
  it('with no filter lists only the acting account, newest first', async () => {
    expect(await listNumbers({})).toEqual(DEFAULT_ORDER);
  });

  it.each<[string, Record<string, unknown>, number[]]>([
    [
      'id in (decoy ids ignored)',
      { id: { in: [packageId(1), packageId(3), packageId(101), packageId(102)] } },
      [3, 1],
    ],
    ['id eq, upper case', { id: { eq: packageId(6).toUpperCase() } }, [6]],
    ['id ne', { id: { ne: packageId(7) } }, [8, 6, 5, 4, 3, 2, 1]],
    ['externalId eq (not unique)', { externalId: { eq: 'sub-001' } }, [3, 1]],
    ['externalId in', { externalId: { in: ['sub-002', 'sub-006', 'nope'] } }, [6, 2]],
    ['externalId exists: false', { externalId: { exists: false } }, [4]],
    ['createdDate range gte/lt', { createdDate: { gte: at(20), lt: at(60) } }, [5, 4, 3, 2]],
    [
      'createdDate gt/lte with offset and no millis',
      { createdDate: { gt: '2024-03-01T10:20:00+01:00', lte: '2024-03-01T09:40:00Z' } },
      [4, 3],
    ],
    ['createdDate eq (a tie)', { createdDate: { eq: at(70) } }, [7, 8]],
    ['updatedDate gt', { updatedDate: { gt: at(60) } }, [7, 8, 5]],
    [
      'instance status hasSome',
      { productInstances: { status: { hasSome: ['FAILED', 'AWAITING_ACTION'] } } },
      [5, 3],
    ],
    [
      'instance status hasAll',
      { productInstances: { status: { hasAll: ['ENABLED', 'FAILED'] } } },
      [3],
    ],
    [
      'instance siteId hasSome (a sibling site matches nothing)',
      {
        productInstances: {
          siteId: { hasSome: [DEMO_SITES.customerABlog, DEMO_SITES.customerBMain] },
        },
      },
      [6, 3],
    ],
    [
      'catalogProductId hasSome',
      { productInstances: { catalogProductId: { hasSome: [PRODUCTS.premiumCore] } } },
      [8, 6, 1],
    ],
    [
      'instanceId hasSome',
      { productInstances: { instanceId: { hasSome: [`d0000000-0000-4000-8000-000000000052`] } } },
      [5],
    ],
    [
      'failure code hasSome',
      { productInstances: { failureCode: { hasSome: ['EXTERNAL_FAILURE'] } } },
      [3],
    ],
    [
      'countryCode hasSome (lower case accepted)',
      { productInstances: { countryCode: { hasSome: ['us'] } } },
      [1],
    ],
    [
      'accountId of a sibling (the scope still applies)',
      { accountId: { eq: DEMO_ACCOUNTS.customerB } },
      [],
    ],
    [
      'and',
      {
        and: [
          { createdDate: { gte: at(30) } },
          { productInstances: { status: { hasSome: ['PENDING'] } } },
        ],
      },
      [8, 5],
    ],
    [
      'or',
      {
        or: [
          { externalId: { eq: 'sub-002' } },
          { productInstances: { siteId: { hasSome: [DEMO_SITES.customerAShop] } } },
        ],
      },
      [4, 2],
    ],
    ['not', { not: { productInstances: { status: { hasSome: ['ENABLED'] } } } }, [8, 5, 4, 2]],
    [
      'nested and/or/not with an implicit and',
      {
        externalId: { exists: true },
        or: [
          { and: [{ createdDate: { lt: at(35) } }, { not: { externalId: { eq: 'sub-002' } } }] },
          { productInstances: { status: { hasAll: ['AWAITING_ACTION', 'PENDING'] } } },
        ],
      },
      [5, 3, 1],
    ],
  ])('%s', async (_name, filter, expected) => {
    expect(await listNumbers({ filter })).toEqual(expected);
  });
});

describe('packages(orderBy)', () => {
  it.each<[string, unknown[], number[]]>([
    [
      'createdDate ASC (ties by id)',
      [{ field: 'CREATED_DATE', direction: 'ASC' }],
      [1, 2, 3, 4, 5, 6, 7, 8],
    ],
    [
      'createdDate DESC (ties by id)',
      [{ field: 'CREATED_DATE', direction: 'DESC' }],
      DEFAULT_ORDER,
    ],
    ['createdDate, default direction DESC', [{ field: 'CREATED_DATE' }], DEFAULT_ORDER],
    ['updatedDate ASC', [{ field: 'UPDATED_DATE', direction: 'ASC' }], [2, 4, 3, 1, 6, 8, 7, 5]],
    ['updatedDate DESC', [{ field: 'UPDATED_DATE', direction: 'DESC' }], [5, 7, 8, 6, 1, 3, 4, 2]],
    [
      'createdDate DESC then updatedDate ASC',
      [
        { field: 'CREATED_DATE', direction: 'DESC' },
        { field: 'UPDATED_DATE', direction: 'ASC' },
      ],
      [8, 7, 6, 5, 4, 3, 2, 1],
    ],
  ])('%s', async (_name, orderBy, expected) => {
    expect(await listNumbers({ orderBy })).toEqual(expected);
  });

  it('sends the sort upstream as given', async () => {
    await listNumbers({ orderBy: [{ field: 'UPDATED_DATE', direction: 'ASC' }] });

    expect(queryOf(upstreamCalls(gateway.emulator)[0]!).sort).toEqual([
      { fieldName: 'updatedDate', order: 'ASC' },
    ]);
  });

  it('combines a filter and an order', async () => {
    const numbers = await listNumbers({
      filter: { productInstances: { status: { hasSome: ['PENDING', 'ENABLED'] } } },
      orderBy: [{ field: 'UPDATED_DATE', direction: 'DESC' }],
    });

    expect(numbers).toEqual([5, 7, 8, 6, 1, 3, 2]);
  });
});
