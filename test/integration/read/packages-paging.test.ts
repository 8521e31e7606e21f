/**
 * `Query.packages` paging, `totalCount`, argument validation and the account scope, end to
 * end over the emulator, acting as the sub-account customerA.
 */
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import type { WixQuery } from '../../../src/wix/wire-types';
import { queryAllDirectly } from '../../helpers/direct-emulator';
import { aPackage, at, idsOf, packageId, packageNumber } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { identityProblem, isScopedTo, queryOf, upstreamCalls } from '../../helpers/upstream-calls';
import { ACTING, DECOYS, DEFAULT_ORDER, OWN_PACKAGES } from './packages-seed';

const PAGE_QUERY = `
  query Page($first: Int, $after: String, $filter: PackageFilter, $orderBy: [PackageOrder!]) {
    packages(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

interface PageData {
  packages: {
    edges: { cursor: string | null; node: { id: string } }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  };
}

type PageArgs = { first?: number; filter?: unknown; orderBy?: unknown };

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { WIX_ACCOUNT_ID: ACTING } });
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  gateway.emulator.control.reset('empty');
  gateway.emulator.control.seed({ packages: [...OWN_PACKAGES, ...DECOYS] });
  gateway.emulator.control.clearRequestLog();
});

afterEach(() => {
  expect(identityProblem(upstreamCalls(gateway.emulator), ACTING)).toBeUndefined();
});

async function page(args: PageArgs & { after?: string | null }) {
  return gateway.graphql<PageData>(PAGE_QUERY, args);
}

/** Follows `endCursor` to the last page; checks each page's shape; returns the pages' ids. */
async function walkPages(args: PageArgs): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | null = null;
  do {
    const result = await page({ ...args, after });
    expect(result.body.errors).toBeUndefined();
    const { edges, pageInfo } = result.body.data!.packages;
    expect(pageInfo.hasPreviousPage).toBe(after !== null);
    expect(pageInfo.hasNextPage).toBe(pageInfo.endCursor !== null);
    // Only the last edge of a page with a successor carries the cursor.
    edges.forEach((edge, index) =>
      expect(edge.cursor).toBe(index === edges.length - 1 ? pageInfo.endCursor : null),
    );
    if (pageInfo.hasNextPage) expect(edges).toHaveLength(args.first ?? 20);
    pages.push(edges.map((edge) => edge.node.id));
    after = pageInfo.endCursor;
  } while (after !== null && pages.length < 50);
  return pages;
}

/** Decodes a gateway cursor token, lets `change` edit it, encodes it again. */
/** Edits a token's payload and keeps its (now wrong) signature: `<payload>.<signature>`. */
function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [body, signature] = token.split('.') as [string, string];
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  change(payload);
  return `${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}.${signature}`;
}

async function firstEndCursor(args: PageArgs): Promise<string> {
  const result = await page(args);
  const cursor = result.body.data?.packages.pageInfo.endCursor;
  if (!cursor) throw new Error('expected a next page');
  gateway.emulator.control.clearRequestLog();
  return cursor;
}

function expectBadUserInput(
  result: Awaited<ReturnType<typeof page>>,
  paths: readonly string[],
): void {
  expect(result.body.data).toBeNull();
  expect(result.body.errors).toHaveLength(1);
  expect(result.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  const violations = result.body.errors?.[0]?.extensions?.['violations'] as { path: string }[];
  expect(violations.map((violation) => violation.path).sort()).toEqual([...paths].sort());
  expect(upstreamCalls(gateway.emulator)).toEqual([]);
}

describe('packages paging', () => {
  it('walks every page once, in the upstream order, one upstream call per page', async () => {
    const pages = await walkPages({ first: 3 });

    expect(pages.map((ids) => ids.map(packageNumber))).toEqual([
      [7, 8, 6],
      [5, 4, 3],
      [2, 1],
    ]);
    const direct = await queryAllDirectly(gateway.emulator.url, ACTING, {
      filter: { accountId: { $eq: ACTING } },
      sort: [{ fieldName: 'createdDate', order: 'DESC' }],
    });
    expect(pages.flat()).toEqual(idsOf(direct));

    const calls = upstreamCalls(gateway.emulator).slice(0, 3);
    const [firstQuery, ...continuations] = calls.map(queryOf);
    expect(firstQuery).toEqual({
      filter: { accountId: { $eq: ACTING } },
      sort: [{ fieldName: 'createdDate', order: 'DESC' }],
      cursorPaging: { limit: 3 },
    });
    // The upstream refuses filter or sort next to a cursor: continuations send only paging.
    for (const query of continuations) {
      expect(Object.keys(query)).toEqual(['cursorPaging']);
      expect(query.cursorPaging).toEqual({ limit: 3, cursor: expect.any(String) });
    }
  });

  it('walks a filtered, re-ordered listing in the same order as the upstream', async () => {
    const filter = { productInstances: { status: { hasSome: ['PENDING', 'ENABLED'] } } };
    const orderBy = [{ field: 'UPDATED_DATE', direction: 'ASC' }];

    const pages = await walkPages({ first: 2, filter, orderBy });

    const direct: WixQuery = {
      filter: {
        $and: [
          { accountId: { $eq: ACTING } },
          { 'productInstances.status': { $hasSome: ['PENDING', 'ENABLED'] } },
        ],
      },
      sort: [{ fieldName: 'updatedDate', order: 'ASC' }],
    };
    expect(pages.flat()).toEqual(
      idsOf(await queryAllDirectly(gateway.emulator.url, ACTING, direct)),
    );
    expect(pages.flat().map(packageNumber)).toEqual([2, 3, 1, 6, 8, 7, 5]);
    expect(pages).toHaveLength(4);
  });

  it('walks 230 packages in pages of the maximum size 100', async () => {
    gateway.emulator.control.seed({
      packages: Array.from({ length: 222 }, (_, i) =>
        aPackage({ id: 1000 + i, accountId: ACTING, createdAt: 200 + (i % 50) }),
      ),
    });
    gateway.emulator.control.clearRequestLog();

    const pages = await walkPages({ first: 100 });

    expect(pages.map((ids) => ids.length)).toEqual([100, 100, 30]);
    expect(upstreamCalls(gateway.emulator)).toHaveLength(3);
    const all = pages.flat();
    expect(new Set(all).size).toBe(230);
    const direct = await queryAllDirectly(gateway.emulator.url, ACTING, {
      filter: { accountId: { $eq: ACTING } },
    });
    expect(all).toEqual(idsOf(direct));
  });

  it('answers a first page that is also the last without cursors', async () => {
    const result = await page({ first: 100 });

    expect(result.body.data?.packages.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
    expect(result.body.data?.packages.edges.every((edge) => edge.cursor === null)).toBe(true);
  });

  it('never lists a sibling or parent package, although the upstream returns the whole tree', async () => {
    const wholeTree = await queryAllDirectly(gateway.emulator.url, ACTING, {});
    const owners = new Set(wholeTree.map((pkg) => pkg.accountId));
    expect(owners).toEqual(new Set([ACTING, DEMO_ACCOUNTS.customerB, DEMO_ACCOUNTS.reseller]));
    gateway.emulator.control.clearRequestLog();

    const pages = await walkPages({ first: 5 });

    expect(pages.flat().map(packageNumber)).toEqual(DEFAULT_ORDER);
    expect(isScopedTo(queryOf(upstreamCalls(gateway.emulator)[0]!).filter, ACTING)).toBe(true);
  });
});

describe('packages totalCount', () => {
  const COUNT_QUERY = `
    query Count($filter: PackageFilter, $after: String) {
      packages(first: 2, filter: $filter, after: $after) { totalCount pageInfo { endCursor } }
    }
  `;

  it('counts every matching package of the account with one extra offset-paged call', async () => {
    const result = await gateway.graphql(COUNT_QUERY, {});

    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toMatchObject({ packages: { totalCount: 8 } });
    const queries = upstreamCalls(gateway.emulator).map(queryOf);
    expect(queries).toHaveLength(2);
    const count = queries.find((query) => query.paging !== undefined);
    expect(count).toEqual({
      filter: { accountId: { $eq: ACTING } },
      paging: { limit: 1, offset: 0 },
    });
  });

  it('counts with the filter, on a continuation page too', async () => {
    const filter = { externalId: { in: ['sub-001', 'sub-002', 'sub-005'] } };
    const first = await gateway.graphql<{
      packages: { totalCount: number; pageInfo: { endCursor: string } };
    }>(COUNT_QUERY, { filter });
    expect(first.body.data?.packages.totalCount).toBe(4);

    const second = await gateway.graphql(COUNT_QUERY, {
      filter,
      after: first.body.data?.packages.pageInfo.endCursor,
    });

    expect(second.body.errors).toBeUndefined();
    expect(second.body.data).toEqual({
      packages: { totalCount: 4, pageInfo: { endCursor: null } },
    });
  });

  it('makes no count call when totalCount is not selected', async () => {
    await page({ first: 2 });

    const queries = upstreamCalls(gateway.emulator).map(queryOf);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.paging).toBeUndefined();
  });
});

describe('packages argument validation (BAD_USER_INPUT, no upstream call)', () => {
  it.each([0, 101, -1])('refuses first: %d', async (first) => {
    expectBadUserInput(await page({ first }), ['first']);
  });

  it.each([
    ['not a token', '!!!'],
    ['base64 of text', Buffer.from('hello').toString('base64url')],
    ['base64 of other JSON', Buffer.from('{"v":1}').toString('base64url')],
    ['too long', 'A'.repeat(5000)],
  ])('refuses an after that is %s', async (_name, after) => {
    expectBadUserInput(await page({ first: 2, after }), ['after']);
  });

  it('refuses an after whose fingerprint was edited', async () => {
    const cursor = await firstEndCursor({ first: 2 });
    const after = tamper(cursor, (payload) => {
      payload['q'] = 'AAAAAAAAAAAAAAAAAAAAAA';
    });

    expectBadUserInput(await page({ first: 2, after }), ['after']);
  });

  it('refuses an after issued for another filter or order', async () => {
    const cursor = await firstEndCursor({ first: 2 });

    expectBadUserInput(
      await page({ first: 2, after: cursor, filter: { externalId: { exists: true } } }),
      ['after'],
    );
    expectBadUserInput(
      await page({ first: 2, after: cursor, orderBy: [{ field: 'UPDATED_DATE' }] }),
      ['after'],
    );
  });

  // Tokens are signed: an edited upstream cursor inside a well-formed token is refused locally.
  it('refuses an after whose upstream cursor was edited', async () => {
    const cursor = await firstEndCursor({ first: 2 });
    const after = tamper(cursor, (payload) => {
      payload['c'] = `${String(payload['c']).slice(0, -4)}AAAA`;
    });

    expectBadUserInput(await page({ first: 2, after }), ['after']);
  });

  it('reports every filter and order problem at once', async () => {
    const result = await page({
      first: 2,
      filter: {
        id: { in: [] },
        externalId: { eq: 'x'.repeat(101) },
        createdDate: { gte: at(50), lt: at(10) },
        productInstances: { siteId: { hasSome: ['site-1'] } },
        or: [],
      },
      orderBy: [{ field: 'CREATED_DATE' }, { field: 'CREATED_DATE', direction: 'ASC' }],
    });

    expectBadUserInput(result, [
      'filter.id.in',
      'filter.externalId.eq',
      'filter.createdDate',
      'filter.productInstances.siteId.hasSome[0]',
      'filter.or',
      'orderBy[1].field',
    ]);
  });

  it('refuses a malformed GUID in a filter', async () => {
    expectBadUserInput(await page({ filter: { id: { eq: packageId(1).slice(1) } } }), [
      'filter.id.eq',
    ]);
  });
});
