/**
 * Apollo Client 3 (core, InMemoryCache, HttpLink over the global fetch) against the real
 * gateway on demo data, with the type policies the README recommends: queries with
 * variables, Relay pagination with fetchMore through every page, and cache redirects that
 * answer from objects normalized by `id` without a network request.
 */
import { createRecordingApolloClient } from '../../helpers/apollo-test-client';
import { EmissionRecorder } from '../../helpers/emission-recorder';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import {
  INSTANCE_BY_ID,
  PACKAGE_BY_ID,
  PACKAGES_PAGE,
  type PackageFields,
  type PackagesPageData,
} from './apollo-operations';

interface GroundTruth {
  packages: { edges: { node: { id: string; productInstances: { instanceId: string }[] } }[] };
}

let gateway: TestGateway;
/** Every package of the demo account, newest first, fetched in one page without a client. */
let allPackages: GroundTruth['packages']['edges'][number]['node'][];

beforeAll(async () => {
  gateway = await startTestGateway({ seed: 'demo' });
  const truth = await gateway.graphql<GroundTruth>(
    '{ packages(first: 100) { edges { node { id productInstances { instanceId } } } } }',
  );
  expect(truth.body.errors).toBeUndefined();
  allPackages = (truth.body.data as GroundTruth).packages.edges.map((edge) => edge.node);
});

afterAll(async () => {
  await gateway.close();
});

describe('Apollo Client', () => {
  it('demo data has more than two pages of ten packages', () => {
    expect(allPackages.length).toBeGreaterThan(20);
  });

  it('runs queries with variables and normalizes instances under their instanceId', async () => {
    const { client, sent } = createRecordingApolloClient(`${gateway.url}/graphql`);
    const target = allPackages[allPackages.length - 1];
    const { data } = await client.query<{ package: PackageFields }>({
      query: PACKAGE_BY_ID,
      variables: { id: target.id },
    });
    expect(data.package.id).toBe(target.id);
    expect(data.package.productInstances.map((instance) => instance.instanceId)).toEqual(
      target.productInstances.map((instance) => instance.instanceId),
    );

    const instance = data.package.productInstances[0];
    expect(instance.id).toBe(instance.instanceId);
    expect(client.cache.identify(instance)).toBe(`ProductInstance:${instance.instanceId}`);
    expect(client.cache.identify(data.package)).toBe(`Package:${target.id}`);

    const byInstance = await client.query<{
      productInstance: { instanceId: string; status: string; package: { id: string } };
    }>({ query: INSTANCE_BY_ID, variables: { instanceId: instance.instanceId } });
    expect(byInstance.data.productInstance.package.id).toBe(target.id);
    expect(byInstance.data.productInstance.status).toBe(instance.status);
    // Its `package` field was not cached yet, so this one went to the network.
    expect(sent).toEqual(['PackageById', 'InstanceById']);
    client.stop();
  });

  it('pages through every package with fetchMore into one Relay list a watcher sees grow', async () => {
    const { client, sent } = createRecordingApolloClient(`${gateway.url}/graphql`);
    const observable = client.watchQuery<PackagesPageData>({
      query: PACKAGES_PAGE,
      variables: { first: 10 },
    });
    const emissions = new EmissionRecorder<PackagesPageData>();
    const subscription = observable.subscribe({ next: ({ data }) => emissions.record(data) });
    const listOf = (length: number): Promise<PackagesPageData> =>
      emissions.until((data) => data.packages.edges.length === length);
    try {
      let data = await listOf(Math.min(10, allPackages.length));
      let pages = 1;
      while (data.packages.pageInfo.hasNextPage) {
        expect(pages).toBeLessThan(Math.ceil(allPackages.length / 10));
        await observable.fetchMore({ variables: { after: data.packages.pageInfo.endCursor } });
        pages += 1;
        // Like a UI, wait for the watcher to show this page before asking for the next.
        data = await listOf(Math.min(10 * pages, allPackages.length));
      }
      expect(pages).toBe(Math.ceil(allPackages.length / 10));
      expect(data.packages.edges.map((edge) => edge.node.id)).toEqual(
        allPackages.map((pkg) => pkg.id),
      );
      expect(data.packages.totalCount).toBe(allPackages.length);
      expect(sent).toEqual(Array.from({ length: pages }, () => 'PackagesPage'));
      const cachedList = client.readQuery<PackagesPageData>({
        query: PACKAGES_PAGE,
        variables: { first: 10 },
      });
      expect(cachedList?.packages.edges).toHaveLength(allPackages.length);

      // Every package of the list is normalized: a lookup by id is answered from the cache.
      const middle = allPackages[15];
      const cached = await client.query<{ package: PackageFields }>({
        query: PACKAGE_BY_ID,
        variables: { id: middle.id },
      });
      expect(cached.data.package.id).toBe(middle.id);
      expect(sent).toHaveLength(pages);
    } finally {
      subscription.unsubscribe();
      client.stop();
    }
  });
});
