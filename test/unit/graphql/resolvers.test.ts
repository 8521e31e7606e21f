import { WixHttpError, WixTransportError } from '../../../src/wix/errors';
import type { WixFilter, WixPackage } from '../../../src/wix/wire-types';
import {
  buildInstance,
  buildPackage,
  FAKE_ACCOUNT_ID,
  FakePackagesApi,
  guid,
  OTHER_ACCOUNT_ID,
} from '../../helpers/fake-packages-api';
import { errorCodes, runOperation } from './run-operation';

const INSTANCE_FIELDS = `
  id instanceId siteId isFloating catalogProductId status
  failure { code message }
  billingInfo { type cycleDuration { unit count } }
  countryCode discountCode expirationDate referenceProductInstanceId createdDate updatedDate
`;
const PACKAGE_FIELDS = `
  id accountId externalId parentAccountId createdDate updatedDate
  instanceCounts { total pending enabled canceled failed awaitingAction }
  productInstances {
    ${INSTANCE_FIELDS}
    package { id externalId }
    referenceProductInstance { ${INSTANCE_FIELDS} package { id } }
  }
`;

describe('Query.package', () => {
  it('returns every field, mapped', async () => {
    const pkg = buildPackage(1, {
      externalId: 'sub-1',
      productInstances: [
        buildInstance(1, {
          siteId: guid('site', 1),
          countryCode: 'BR',
          billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
        }),
      ],
    });
    const api = new FakePackagesApi([pkg]);
    const result = await runOperation(api, `{ package(id: "${pkg.id}") { ${PACKAGE_FIELDS} } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      package: {
        id: pkg.id,
        accountId: FAKE_ACCOUNT_ID,
        externalId: 'sub-1',
        parentAccountId: null,
        createdDate: pkg.createdDate,
        updatedDate: pkg.updatedDate,
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
            id: guid('ins', 1),
            instanceId: guid('ins', 1),
            siteId: guid('site', 1),
            isFloating: false,
            catalogProductId: guid('prod', 1),
            status: 'PENDING',
            failure: null,
            billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
            countryCode: 'BR',
            discountCode: null,
            expirationDate: null,
            referenceProductInstanceId: null,
            createdDate: '2024-05-01T10:00:00.120Z',
            updatedDate: '2024-05-01T10:00:00.120Z',
            package: { id: pkg.id, externalId: 'sub-1' },
            referenceProductInstance: null,
          },
        ],
      },
    });
    expect(api.calls).toHaveLength(1);
  });

  it('is null when absent or in another account', async () => {
    const api = new FakePackagesApi([buildPackage(2, { accountId: OTHER_ACCOUNT_ID })]);
    const result = await runOperation(
      api,
      `{ a: package(id: "${guid('pkg', 1)}") { id } b: package(id: "${guid('pkg', 2)}") { id } }`,
    );
    expect(result).toEqual({ data: { a: null, b: null } });
    expect(api.calls).toHaveLength(1);
  });

  it('accepts upper-case GUIDs', async () => {
    const api = new FakePackagesApi([buildPackage(1)]);
    const result = await runOperation(
      api,
      `{ package(id: "${guid('pkg', 1).toUpperCase()}") { id } }`,
    );
    expect(result.data).toEqual({ package: { id: guid('pkg', 1) } });
  });

  it('50 aliased lookups with nested references cost at most 2 upstream calls', async () => {
    // Packages 1..50 each reference an instance of package 50+n (outside the first batch).
    const referenced = Array.from({ length: 50 }, (_, i) => buildPackage(51 + i));
    const referencing = Array.from({ length: 50 }, (_, i) =>
      buildPackage(i + 1, {
        productInstances: [
          buildInstance(i + 1, { referenceProductInstanceId: guid('ins', 51 + i) }),
        ],
      }),
    );
    const api = new FakePackagesApi([...referencing, ...referenced]);
    const selections = referencing
      .map((pkg, i) => `p${i}: package(id: "${pkg.id}") { ${PACKAGE_FIELDS} }`)
      .join('\n');
    const result = await runOperation(api, `{ ${selections} }`);
    expect(result.errors).toBeUndefined();
    const data = result.data as Record<string, { productInstances: Array<Record<string, any>> }>;
    expect(data['p7']!.productInstances[0]!['referenceProductInstance']).toMatchObject({
      instanceId: guid('ins', 58),
      package: { id: guid('pkg', 58) },
    });
    expect(api.calls).toHaveLength(2);
  });

  it('rejects a malformed id with BAD_USER_INPUT before any upstream call', async () => {
    const api = new FakePackagesApi();
    const result = await runOperation(api, '{ package(id: "not-a-guid") { id } }');
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions['violations']).toEqual([
      { path: 'id', message: 'is not a GUID' },
    ]);
    expect(api.calls).toHaveLength(0);
  });

  it('maps upstream failures through the error table', async () => {
    const api = new FakePackagesApi().failWith(
      new WixHttpError({
        endpoint: 'getPackage',
        status: 429,
        upstreamMessage: 'slow down',
        requestId: 'rq',
        retryAfterMs: 2000,
      }),
    );
    const result = await runOperation(api, `{ package(id: "${guid('pkg', 1)}") { id } }`);
    expect(result.data).toEqual({ package: null });
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'UPSTREAM_RATE_LIMITED',
      httpStatus: 429,
      upstreamRequestId: 'rq',
      retryAfterMs: 2000,
    });
  });
});

describe('Query.productInstance', () => {
  it('finds an instance via its package, and its package from the cache', async () => {
    const pkg = buildPackage(1, { productInstances: [buildInstance(11), buildInstance(12)] });
    const api = new FakePackagesApi([pkg]);
    const result = await runOperation(
      api,
      `{ productInstance(instanceId: "${guid('ins', 12)}") { id status package { id productInstances { id } } } }`,
    );
    expect(result).toEqual({
      data: {
        productInstance: {
          id: guid('ins', 12),
          status: 'PENDING',
          package: {
            id: pkg.id,
            productInstances: [{ id: guid('ins', 11) }, { id: guid('ins', 12) }],
          },
        },
      },
    });
    expect(api.calls).toHaveLength(1);
  });

  it('is null when absent; BAD_USER_INPUT for a malformed id', async () => {
    const api = new FakePackagesApi([buildPackage(1)]);
    expect(
      await runOperation(api, `{ productInstance(instanceId: "${guid('ins', 9)}") { id } }`),
    ).toEqual({ data: { productInstance: null } });
    const bad = await runOperation(api, '{ productInstance(instanceId: "x") { id } }');
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(api.calls).toHaveLength(1);
  });

  it('reports a timeout as UPSTREAM_TIMEOUT, never as null-without-error', async () => {
    const api = new FakePackagesApi().failWith(
      new WixTransportError('queryPackages', 'TIMEOUT', true),
    );
    const result = await runOperation(
      api,
      `{ productInstance(instanceId: "${guid('ins', 1)}") { id } }`,
    );
    expect(errorCodes(result)).toEqual(['UPSTREAM_TIMEOUT']);
  });
});

describe('ProductInstance.referenceProductInstance', () => {
  it('maps a failed lookup of the referenced instance through the error table', async () => {
    // The package is found; only the lookup by the referenced instance id fails upstream.
    const pkg = buildPackage(1, {
      productInstances: [buildInstance(1, { referenceProductInstanceId: guid('ins', 9) })],
    });
    const api = new FakePackagesApi([pkg]);
    const query = api.queryPackages.bind(api);
    api.queryPackages = (request) =>
      JSON.stringify(request).includes('productInstances.instanceId')
        ? Promise.reject(new WixTransportError('queryPackages', 'TIMEOUT', true))
        : query(request);
    const result = await runOperation(
      api,
      `{ package(id: "${pkg.id}") { id productInstances { referenceProductInstance { id } } } }`,
    );
    expect(errorCodes(result)).toEqual(['UPSTREAM_TIMEOUT']);
    expect(result.errors?.[0]?.path).toEqual([
      'package',
      'productInstances',
      0,
      'referenceProductInstance',
    ]);
    expect(result.data).toEqual({
      package: { id: pkg.id, productInstances: [{ referenceProductInstance: null }] },
    });
  });

  it('is null without a lookup when the instance names no reference', async () => {
    const pkg = buildPackage(1);
    const api = new FakePackagesApi([pkg]);
    const result = await runOperation(
      api,
      `{ package(id: "${pkg.id}") { productInstances { referenceProductInstance { id } } } }`,
    );
    expect(result).toEqual({
      data: { package: { productInstances: [{ referenceProductInstance: null }] } },
    });
    expect(api.calls).toHaveLength(1);
  });
});

describe('Query.packages', () => {
  function pageOf(count: number): WixPackage[] {
    // Each package's instance references the instance of the next package (within the page).
    return Array.from({ length: count }, (_, i) =>
      buildPackage(i + 1, {
        productInstances: [
          buildInstance(i + 1, {
            status: i % 2 === 0 ? 'ENABLED' : 'PENDING',
            ...(i + 2 <= count && { referenceProductInstanceId: guid('ins', i + 2) }),
          }),
        ],
      }),
    );
  }

  it('a page of 100 packages with all nested fields costs exactly 1 call', async () => {
    const api = new FakePackagesApi(pageOf(100));
    const result = await runOperation(
      api,
      `{ packages(first: 100) { edges { cursor node { ${PACKAGE_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(result.errors).toBeUndefined();
    const edges = (result.data as any).packages.edges as Array<{ node: { id: string } }>;
    expect(edges).toHaveLength(100);
    expect(edges[0]!.node.id).toBe(guid('pkg', 100));
    expect(api.calls).toHaveLength(1);
    expect(api.queries[0]).toEqual({
      filter: { accountId: { $eq: FAKE_ACCOUNT_ID } },
      sort: [{ fieldName: 'createdDate', order: 'DESC' }],
      cursorPaging: { limit: 100 },
    });
  });

  it('does not ask for totalCount unless selected, and counts with one offset query', async () => {
    const api = new FakePackagesApi([
      ...pageOf(3),
      buildPackage(9, { accountId: OTHER_ACCOUNT_ID }),
    ]);
    await runOperation(api, '{ packages { edges { node { id } } } }');
    expect(api.calls).toHaveLength(1);

    const counted = await runOperation(
      api,
      '{ packages(first: 2, filter: { productInstances: { status: { hasSome: [ENABLED] } } }) { totalCount edges { node { id } } } }',
    );
    expect((counted.data as any).packages.totalCount).toBe(2);
    expect(api.calls).toHaveLength(3);
    const scoped: WixFilter = {
      $and: [
        { accountId: { $eq: FAKE_ACCOUNT_ID } },
        { 'productInstances.status': { $hasSome: ['ENABLED'] } },
      ],
    };
    expect(api.queries[2]).toEqual({ filter: scoped, paging: { limit: 1, offset: 0 } });
  });

  it('pages with opaque cursors: only the last edge has one; after sends cursorPaging only', async () => {
    const api = new FakePackagesApi(pageOf(5));
    const query = `query($after: String, $filter: PackageFilter) {
      packages(first: 2, after: $after, filter: $filter) {
        edges { cursor node { id } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      } }`;
    const filter = { createdDate: { gte: '2024-05-01T10:00:00Z' } };
    const first = (await runOperation(api, query, { filter })).data as any;
    expect(first.packages.edges.map((e: any) => e.cursor === null)).toEqual([true, false]);
    const { endCursor } = first.packages.pageInfo;
    expect(first.packages.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: null,
    });
    expect(first.packages.edges[1].cursor).toBe(endCursor);

    const second = (await runOperation(api, query, { filter, after: endCursor })).data as any;
    expect(second.packages.edges.map((e: any) => e.node.id)).toEqual([
      guid('pkg', 3),
      guid('pkg', 2),
    ]);
    expect(second.packages.pageInfo.hasPreviousPage).toBe(true);
    expect(api.queries[1]).toEqual({ cursorPaging: { limit: 2, cursor: expect.any(String) } });

    const third = (
      await runOperation(api, query, { filter, after: second.packages.pageInfo.endCursor })
    ).data as any;
    expect(third.packages.edges.map((e: any) => e.node.id)).toEqual([guid('pkg', 1)]);
    expect(third.packages.pageInfo).toMatchObject({ hasNextPage: false, endCursor: null });
    expect(third.packages.edges[0].cursor).toBeNull();
  });

  it('rejects after with a different filter, or a malformed after, without a call', async () => {
    const api = new FakePackagesApi(pageOf(5));
    const first = (await runOperation(api, '{ packages(first: 2) { pageInfo { endCursor } } }'))
      .data as any;
    const after = first.packages.pageInfo.endCursor as string;
    const changed = await runOperation(
      api,
      `query($after: String) { packages(first: 2, after: $after, orderBy: [{ field: UPDATED_DATE }]) { edges { node { id } } } }`,
      { after },
    );
    expect(errorCodes(changed)).toEqual(['BAD_USER_INPUT']);
    const malformed = await runOperation(
      api,
      '{ packages(after: "garbage!") { edges { node { id } } } }',
    );
    expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(api.calls).toHaveLength(1);
  });

  it('reports all bad arguments at once with BAD_USER_INPUT and no upstream call', async () => {
    const api = new FakePackagesApi();
    const result = await runOperation(
      api,
      `{ packages(first: 101, filter: { id: { in: [] }, productInstances: { siteId: { hasSome: ["x"] } } }) { edges { cursor } } }`,
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect((result.errors?.[0]?.extensions['violations'] as any[]).map((v) => v.path)).toEqual([
      'first',
      'filter.id.in',
      'filter.productInstances.siteId.hasSome[0]',
    ]);
    expect(api.calls).toHaveLength(0);
  });

  it('rejects a malformed DateTime in a filter before any call', async () => {
    const api = new FakePackagesApi();
    const result = await runOperation(
      api,
      '{ packages(filter: { createdDate: { gt: "2024-02-30T00:00:00Z" } }) { edges { cursor } } }',
    );
    expect(result.errors).toHaveLength(1);
    expect(api.calls).toHaveLength(0);
  });
});
