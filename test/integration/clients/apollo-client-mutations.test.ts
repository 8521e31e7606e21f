/**
 * Apollo Client mutations against the real gateway on demo data: payloads (`package`,
 * `idempotencyKey`, `userErrors`) and the normalized cache. A mutation that returns the
 * changed package updates every cached query that shows it, with no refetch, because
 * `Package` and `ProductInstance` are identified by `id` (see apollo-type-policies.ts).
 */
import { gql } from '@apollo/client/core';
import { PRODUCTS, UNKNOWN_PRODUCT_ID } from '../../../src/emulator';
import { createRecordingApolloClient } from '../../helpers/apollo-test-client';
import { EmissionRecorder } from '../../helpers/emission-recorder';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import {
  PACKAGE_BY_ID,
  PACKAGE_FIELDS,
  PACKAGES_PAGE,
  type PackageFields,
  type PackagesPageData,
} from './apollo-operations';

const CREATE_PACKAGE = gql`
  ${PACKAGE_FIELDS}
  mutation CreatePackage($input: CreatePackageInput!) {
    createPackage(input: $input) {
      idempotencyKey
      package {
        ...PackageFields
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

const UPDATE_EXTERNAL_ID = gql`
  mutation UpdateExternalId($packageId: ID!, $externalId: String!) {
    updatePackageExternalId(packageId: $packageId, externalId: $externalId) {
      package {
        id
        externalId
      }
      userErrors {
        code
      }
    }
  }
`;

const CANCEL_PACKAGE = gql`
  ${PACKAGE_FIELDS}
  mutation CancelPackage($id: ID!) {
    cancelPackage(id: $id) {
      package {
        ...PackageFields
      }
      userErrors {
        code
      }
    }
  }
`;

const INSTANCE_STATUS = gql`
  fragment InstanceStatus on ProductInstance {
    status
  }
`;

interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}

interface CreatePackageData {
  createPackage: { idempotencyKey: string; package: PackageFields | null; userErrors: UserError[] };
}

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ seed: 'demo' });
});

afterAll(async () => {
  await gateway.close();
});

describe('Apollo Client mutations', () => {
  it('createPackage returns the new package, which the cache then answers by id', async () => {
    const { client, sent } = createRecordingApolloClient(`${gateway.url}/graphql`);
    const { data } = await client.mutate<CreatePackageData>({
      mutation: CREATE_PACKAGE,
      variables: {
        input: {
          externalId: 'apollo-client-create',
          products: [{ catalogProductId: PRODUCTS.seoSetup, countryCode: 'us' }],
        },
      },
    });
    const payload = data?.createPackage;
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.idempotencyKey).toEqual(expect.any(String));
    const created = payload?.package as PackageFields;
    expect(created.externalId).toBe('apollo-client-create');
    expect(created.productInstances).toHaveLength(1);
    expect(created.productInstances[0].status).toBe('PENDING');

    const cached = await client.query<{ package: PackageFields }>({
      query: PACKAGE_BY_ID,
      variables: { id: created.id },
    });
    expect(cached.data.package).toEqual(created);
    expect(sent).toEqual(['CreatePackage']);

    const direct = await gateway.graphql<{ package: { externalId: string } }>(
      'query($id: ID!) { package(id: $id) { externalId } }',
      { id: created.id },
    );
    expect(direct.body.data?.package.externalId).toBe('apollo-client-create');
    client.stop();
  });

  it('reports a refused create in userErrors with a null package', async () => {
    const { client } = createRecordingApolloClient(`${gateway.url}/graphql`);
    const { data } = await client.mutate<CreatePackageData>({
      mutation: CREATE_PACKAGE,
      variables: {
        input: { products: [{ catalogProductId: UNKNOWN_PRODUCT_ID, countryCode: 'US' }] },
      },
    });
    expect(data?.createPackage.package).toBeNull();
    expect(data?.createPackage.userErrors.map((error) => error.code)).toEqual([
      'PRODUCT_NOT_FOUND',
    ]);
    client.stop();
  });

  it('mutation payloads update a watched, cached list without a refetch', async () => {
    const { client, sent } = createRecordingApolloClient(`${gateway.url}/graphql`);
    const observable = client.watchQuery<PackagesPageData>({
      query: PACKAGES_PAGE,
      variables: { first: 10 },
    });
    const emissions = new EmissionRecorder<PackagesPageData>();
    const subscription = observable.subscribe({ next: ({ data }) => emissions.record(data) });
    const nodeIn = (data: PackagesPageData, id: string): PackageFields | undefined =>
      data.packages.edges.find((edge) => edge.node.id === id)?.node;
    try {
      const listed = await emissions.until((data) => data.packages.edges.length > 0);
      const target = listed.packages.edges
        .map((edge) => edge.node)
        .find((node) => node.instanceCounts.canceled < node.instanceCounts.total);
      if (target === undefined) throw new Error('the first demo page has no live package');

      await client.mutate({
        mutation: UPDATE_EXTERNAL_ID,
        variables: { packageId: target.id, externalId: 'renamed-by-apollo' },
      });
      const renamed = await emissions.until(
        (data) => nodeIn(data, target.id)?.externalId === 'renamed-by-apollo',
      );
      expect(renamed.packages.edges.map((edge) => edge.node.id)).toEqual(
        listed.packages.edges.map((edge) => edge.node.id),
      );

      await client.mutate({ mutation: CANCEL_PACKAGE, variables: { id: target.id } });
      const canceled = await emissions.until(
        (data) =>
          nodeIn(data, target.id)?.instanceCounts.canceled !== target.instanceCounts.canceled,
      );
      const canceledNode = nodeIn(canceled, target.id) as PackageFields;
      for (const instance of canceledNode.productInstances) {
        expect(['CANCELED', 'FAILED']).toContain(instance.status);
        // The instance is one cache entry, shared by every query that shows it.
        const entry = client.readFragment<{ status: string }>({
          id: client.cache.identify({ __typename: 'ProductInstance', id: instance.id }),
          fragment: INSTANCE_STATUS,
        });
        expect(entry?.status).toBe(instance.status);
      }
      expect(canceledNode.externalId).toBe('renamed-by-apollo');
      expect(sent).toEqual(['PackagesPage', 'UpdateExternalId', 'CancelPackage']);
    } finally {
      subscription.unsubscribe();
      client.stop();
    }
  });
});
