/**
 * A lighter client: @urql/core with only its fetchExchange (no cache), against the real
 * gateway on demo data: a query with variables, cursor pagination through every page and a
 * mutation.
 *
 * urql sends queries as GET by default (`preferGetMethod: 'within-url-limit'`), and the
 * gateway's CSRF prevention refuses a GET that carries no preflight-forcing header. A urql
 * client therefore either sends POST (`preferGetMethod: false`, used here) or keeps GET and
 * adds `apollo-require-preflight` (both pinned below).
 */
import { createClient, fetchExchange, gql, type Client, type OperationResult } from '@urql/core';
import { PRODUCTS } from '../../../src/emulator';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const PACKAGES_PAGE = gql`
  query UrqlPackagesPage($first: Int!, $after: String, $filter: PackageFilter) {
    packages(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          externalId
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

const CREATE_PACKAGE = gql`
  mutation UrqlCreatePackage($input: CreatePackageInput!) {
    createPackage(input: $input) {
      idempotencyKey
      package {
        id
        productInstances {
          catalogProductId
          status
        }
      }
      userErrors {
        code
        message
      }
    }
  }
`;

interface CreatedPackage {
  createPackage: {
    idempotencyKey: string;
    package: {
      id: string;
      productInstances: { catalogProductId: string; status: string }[];
    } | null;
    userErrors: { code: string; message: string }[];
  };
}

interface PackagesPage {
  packages: {
    edges: { node: { id: string; externalId: string | null } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

let gateway: TestGateway;
let client: Client;
/** Every package of the demo account, newest first, fetched in one page without a client. */
let allPackages: PackagesPage['packages']['edges'][number]['node'][];

beforeAll(async () => {
  gateway = await startTestGateway({ seed: 'demo' });
  client = createClient({
    url: `${gateway.url}/graphql`,
    exchanges: [fetchExchange],
    preferGetMethod: false,
  });
  const truth = await gateway.graphql<PackagesPage>(
    '{ packages(first: 100) { edges { node { id externalId } } pageInfo { hasNextPage endCursor } } }',
  );
  expect(truth.body.errors).toBeUndefined();
  allPackages = (truth.body.data as PackagesPage).packages.edges.map((edge) => edge.node);
});

afterAll(async () => {
  await gateway.close();
});

describe('urql', () => {
  it('runs a query with variables (a filter on externalId)', async () => {
    const target = allPackages.find((pkg) => pkg.externalId !== null);
    expect(target).toBeDefined();
    const result = await client
      .query<PackagesPage>(PACKAGES_PAGE, {
        first: 5,
        filter: { externalId: { eq: target?.externalId } },
      })
      .toPromise();
    expect(result.error).toBeUndefined();
    const found = result.data?.packages.edges.map((edge) => edge.node) ?? [];
    expect(found).toEqual(allPackages.filter((pkg) => pkg.externalId === target?.externalId));
    expect(found).toContainEqual(target);
  });

  it('pages through every package by passing endCursor as after', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: OperationResult<PackagesPage> = await client
        .query<PackagesPage>(PACKAGES_PAGE, { first: 7, after })
        .toPromise();
      expect(result.error).toBeUndefined();
      const page: PackagesPage['packages'] = (result.data as PackagesPage).packages;
      seen.push(...page.edges.map((edge) => edge.node.id));
      pages += 1;
      if (!page.pageInfo.hasNextPage) {
        expect(page.pageInfo.endCursor).toBeNull();
        break;
      }
      expect(pages).toBeLessThan(Math.ceil(allPackages.length / 7));
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(allPackages.length / 7));
    expect(seen).toEqual(allPackages.map((pkg) => pkg.id));
  });

  it('reports a GraphQL error through CombinedError (a cursor used with another filter)', async () => {
    const first = await client.query<PackagesPage>(PACKAGES_PAGE, { first: 7 }).toPromise();
    const cursor = first.data?.packages.pageInfo.endCursor;
    expect(cursor).toEqual(expect.any(String));
    const mismatched = await client
      .query<PackagesPage>(PACKAGES_PAGE, {
        first: 7,
        after: cursor,
        filter: { externalId: { exists: true } },
      })
      .toPromise();
    expect(mismatched.error?.graphQLErrors[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  describe('urql queries sent as GET (its default)', () => {
    const query = gql`
      query UrqlFirstPackage {
        packages(first: 1) {
          edges {
            node {
              id
            }
          }
        }
      }
    `;

    it('refuses them as possible cross-site request forgery', async () => {
      const defaults = createClient({ url: `${gateway.url}/graphql`, exchanges: [fetchExchange] });
      const result = await defaults.query(query, {}).toPromise();
      expect(result.error?.response?.status).toBe(400);
      expect(result.error?.graphQLErrors[0]?.message).toContain('Cross-Site Request Forgery');
    });

    it('serves them when the client adds apollo-require-preflight', async () => {
      const methods: string[] = [];
      const withHeader = createClient({
        url: `${gateway.url}/graphql`,
        exchanges: [fetchExchange],
        fetchOptions: { headers: { 'apollo-require-preflight': 'true' } },
        fetch: async (input, init) => {
          methods.push(init?.method ?? 'GET');
          return fetch(input, init);
        },
      });
      const result = await withHeader
        .query<{ packages: PackagesPage['packages'] }>(query, {})
        .toPromise();
      expect(result.error).toBeUndefined();
      expect(methods).toEqual(['GET']);
      expect(result.data?.packages.edges[0].node.id).toBe(allPackages[0].id);
    });
  });

  describe('mutations (own gateway, so the data above stays as seeded)', () => {
    let writable: TestGateway;
    let writer: Client;

    beforeAll(async () => {
      writable = await startTestGateway({ seed: 'demo' });
      writer = createClient({
        url: `${writable.url}/graphql`,
        exchanges: [fetchExchange],
        preferGetMethod: false,
      });
    });

    afterAll(async () => {
      await writable.close();
    });

    it('creates a package and reads it back with a query', async () => {
      const created = await writer
        .mutation<CreatedPackage>(CREATE_PACKAGE, {
          input: {
            externalId: 'urql-create',
            idempotencyKey: 'urql-create-1',
            products: [
              {
                catalogProductId: PRODUCTS.mailboxBasic,
                countryCode: 'DE',
                billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } },
              },
            ],
          },
        })
        .toPromise();
      expect(created.error).toBeUndefined();
      const payload = created.data?.createPackage;
      expect(payload?.userErrors).toEqual([]);
      expect(payload?.idempotencyKey).toBe('urql-create-1');
      expect(payload?.package?.productInstances).toEqual([
        { catalogProductId: PRODUCTS.mailboxBasic, status: 'PENDING' },
      ]);

      const listed = await writer
        .query<PackagesPage>(PACKAGES_PAGE, {
          first: 5,
          filter: { externalId: { eq: 'urql-create' } },
        })
        .toPromise();
      expect(listed.data?.packages.edges.map((edge) => edge.node)).toEqual([
        { id: payload?.package?.id, externalId: 'urql-create' },
      ]);
    });
  });
});
