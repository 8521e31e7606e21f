/**
 * The batching guard: how many upstream calls wide queries cost, read from the emulator's
 * request log. Lookups in one request are batched and derived fields are served from the
 * request cache, so the number of calls does not grow with the number of objects.
 */
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import type { WixPackage } from '../../../src/wix/wire-types';
import { PACKAGE_FIELDS } from '../../helpers/graphql-documents';
import { ABSENT_ID, aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { identityProblem, upstreamCalls } from '../../helpers/upstream-calls';

const ACTING = DEMO_ACCOUNTS.reseller;

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({
    env: {
      // Default abuse limits on purpose: these shapes are product requirements and must pass.
      WIX_ACCOUNT_ID: ACTING,
    },
  });
});

afterAll(async () => {
  await gateway.close();
});

afterEach(() => {
  expect(identityProblem(upstreamCalls(gateway.emulator), ACTING)).toBeUndefined();
});

function seed(packages: WixPackage[]): void {
  gateway.emulator.control.reset('empty');
  gateway.emulator.control.seed({ packages });
  gateway.emulator.control.clearRequestLog();
}

describe('aliased package(id) lookups', () => {
  /** Packages 1..50, each instance referencing the instance of package 500 + n. */
  const LOOKED_UP = Array.from({ length: 50 }, (_, i) =>
    aPackage({
      id: i + 1,
      accountId: ACTING,
      instances: [{ id: i + 1, referenceProductInstanceId: instanceId(501 + i) }],
    }),
  );
  const REFERENCED = Array.from({ length: 50 }, (_, i) =>
    aPackage({ id: 501 + i, accountId: ACTING }),
  );

  beforeEach(() => seed([...LOOKED_UP, ...REFERENCED]));

  function aliasedLookups(ids: readonly string[]): string {
    const fields = ids.map(
      (id, index) => `p${index}: package(id: "${id}") {
        id
        productInstances { id referenceProductInstance { id package { id } } }
      }`,
    );
    return `{ ${fields.join('\n')} }`;
  }

  it('makes at most 2 upstream calls for 50 lookups and their references', async () => {
    const ids = LOOKED_UP.map((pkg) => pkg.id);

    const result = await gateway.graphql<Record<string, unknown>>(aliasedLookups(ids));

    expect(result.body.errors).toBeUndefined();
    ids.forEach((id, index) => {
      expect(result.body.data?.[`p${index}`]).toEqual({
        id,
        productInstances: [
          {
            id: instanceId(index + 1),
            referenceProductInstance: {
              id: instanceId(501 + index),
              package: { id: packageId(501 + index) },
            },
          },
        ],
      });
    });
    const calls = upstreamCalls(gateway.emulator);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(2);
  });

  it('gives null for the missing key only', async () => {
    const ids = [packageId(1), ABSENT_ID, packageId(2), packageId(2).toUpperCase()];

    const result = await gateway.graphql(aliasedLookups(ids));

    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toMatchObject({
      p0: { id: packageId(1) },
      p1: null,
      p2: { id: packageId(2) },
      p3: { id: packageId(2) },
    });
    expect(upstreamCalls(gateway.emulator).length).toBeLessThanOrEqual(2);
  });
});

describe('a page of 100 packages', () => {
  /**
   * 100 new packages (the page) with two instances each: the first references an instance of
   * an older package outside the page, the second an instance of its own package.
   */
  const PAGE = Array.from({ length: 100 }, (_, i) =>
    aPackage({
      id: 1001 + i,
      accountId: ACTING,
      createdAt: 1000 + i,
      instances: [
        {
          id: 1001 + i,
          status: i % 3 === 0 ? 'PENDING' : 'ENABLED',
          referenceProductInstanceId: instanceId(2001 + i),
        },
        { id: 11001 + i, referenceProductInstanceId: instanceId(1001 + i) },
      ],
    }),
  );
  const OLDER = Array.from({ length: 100 }, (_, i) =>
    aPackage({ id: 2001 + i, accountId: ACTING, createdAt: i }),
  );

  beforeEach(() => seed([...PAGE, ...OLDER]));

  const PAGE_WITH_NESTED_FIELDS = `
    {
      packages(first: 100) {
        edges {
          node {
            ...PackageFields
            productInstances { package { id instanceCounts { total enabled } } }
          }
        }
      }
    }
    ${PACKAGE_FIELDS}
  `;

  it('costs exactly 1 upstream call with every nested field', async () => {
    const result = await gateway.graphql<{
      packages: {
        edges: {
          node: {
            id: string;
            instanceCounts: { total: number; pending: number };
            productInstances: { package: { id: string } }[];
          };
        }[];
      };
    }>(PAGE_WITH_NESTED_FIELDS);

    expect(result.body.errors).toBeUndefined();
    const nodes = result.body.data!.packages.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(100);
    for (const node of nodes) {
      expect(node.instanceCounts.total).toBe(2);
      for (const instance of node.productInstances) expect(instance.package.id).toBe(node.id);
    }
    expect(nodes.filter((node) => node.instanceCounts.pending === 1)).toHaveLength(34);
    expect(upstreamCalls(gateway.emulator)).toHaveLength(1);
  });

  it('costs at most 2 upstream calls with referenceProductInstance as well', async () => {
    const result = await gateway.graphql<{
      packages: {
        edges: {
          node: {
            id: string;
            productInstances: { id: string; referenceProductInstance: { id: string } | null }[];
          };
        }[];
      };
    }>(`{
      packages(first: 100) {
        edges {
          node {
            id
            instanceCounts { total }
            productInstances {
              id
              package { id }
              referenceProductInstance { id status package { id } }
            }
          }
        }
      }
    }`);

    expect(result.body.errors).toBeUndefined();
    const nodes = result.body.data!.packages.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(100);
    for (const node of nodes) {
      const n = Number(node.id.slice(-4));
      expect(
        node.productInstances.map((instance) => instance.referenceProductInstance?.id),
      ).toEqual([instanceId(n + 1000), instanceId(n)]);
    }
    const calls = upstreamCalls(gateway.emulator);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThanOrEqual(2);
  });
});
