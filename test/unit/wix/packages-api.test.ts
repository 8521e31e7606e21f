import { WixHttpError, WixProtocolError, WixTransportError } from '../../../src/wix/errors';
import { namespacedIdempotencyKey } from '../../../src/wix/idempotency-namespace';
import { createPackagesApi } from '../../../src/wix/packages-api';
import type { PackagesApi } from '../../../src/wix/packages-api-contract';
import type { WixPackage } from '../../../src/wix/wire-types';
import { reply, startScriptedUpstream } from './scripted-upstream';
import type { ScriptedUpstream } from './scripted-upstream';
import { TEST_API_KEY, createTestClient } from './test-client';
import type { TestClient } from './test-client';

const ACCOUNT = '11111111-2222-4333-8444-555555555555';
const PKG_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const INSTANCE_ID = '99999999-8888-4777-8666-555555555555';
const SITE_ID = '12345678-1234-4234-8234-123456789012';

const pkg: WixPackage = {
  id: PKG_ID,
  accountId: ACCOUNT,
  productInstances: [
    {
      instanceId: INSTANCE_ID,
      catalogProductId: 'c1',
      status: 'PENDING',
      billingInfo: { type: 'ONE_TIME' },
      createdDate: '2024-01-01T00:00:00.000Z',
      updatedDate: '2024-01-01T00:00:00.000Z',
    },
  ],
  createdDate: '2024-01-01T00:00:00.000Z',
  updatedDate: '2024-01-01T00:00:00.000Z',
};

let upstream: ScriptedUpstream;
let test: TestClient;
let api: PackagesApi;

beforeEach(async () => {
  upstream = await startScriptedUpstream();
  test = createTestClient(upstream.baseUrl);
  api = createPackagesApi(test.client, { accountId: ACCOUNT, requestId: 'gql-req-7' });
});

afterEach(async () => {
  await test.close();
  await upstream.close();
});

/** The key sent upstream for client key `key` of ACCOUNT. */
function upstreamKey(key: string): string {
  return namespacedIdempotencyKey(ACCOUNT, key);
}

function lastRequest() {
  const request = upstream.requests.at(-1);
  if (!request) throw new Error('no request reached the upstream');
  return {
    ...request,
    json: request.body === '' ? undefined : (JSON.parse(request.body) as unknown),
  };
}

describe('one method per endpoint: method, path, body, headers', () => {
  beforeEach(() => upstream.always(reply(200, { package: pkg })));

  it('createPackage: POST /resellers/v2/packages with the body as given (key namespaced)', async () => {
    const body = {
      idempotencyKey: 'k1',
      externalId: 'ext',
      products: [{ catalogProductId: 'c1', countryCode: 'US' }],
    };
    await expect(api.createPackage(body)).resolves.toEqual({ package: pkg });

    const sent = lastRequest();
    expect([sent.method, sent.url]).toEqual(['POST', '/resellers/v2/packages']);
    expect(sent.json).toEqual({ ...body, idempotencyKey: upstreamKey('k1') });
    expect(sent.headers.authorization).toBe(TEST_API_KEY);
    expect(sent.headers['wix-account-id']).toBe(ACCOUNT);
    expect(sent.headers['x-request-id']).toBe('gql-req-7');
    expect(sent.headers['wix-site-id']).toBeUndefined();
  });

  it('getPackage: GET /resellers/v1/packages/{id} without a body', async () => {
    await api.getPackage(PKG_ID);

    const sent = lastRequest();
    expect([sent.method, sent.url, sent.json]).toEqual([
      'GET',
      `/resellers/v1/packages/${PKG_ID}`,
      undefined,
    ]);
  });

  it('queryPackages: POST /resellers/v1/packages/query with { query }', async () => {
    upstream.script(reply(200, { packages: [pkg], metadata: { count: 1, cursors: {} } }));
    const query = { filter: { accountId: { $eq: ACCOUNT } }, cursorPaging: { limit: 10 } };

    await expect(api.queryPackages(query)).resolves.toEqual({
      packages: [pkg],
      metadata: { count: 1, cursors: {} },
    });

    const sent = lastRequest();
    expect([sent.method, sent.url]).toEqual(['POST', '/resellers/v1/packages/query']);
    expect(sent.json).toEqual({ query });
  });

  it('cancelPackage: DELETE /resellers/v1/packages/{id}, body only when given', async () => {
    await api.cancelPackage(PKG_ID, { idempotencyKey: 'k2' });
    const withBody = lastRequest();
    await api.cancelPackage(PKG_ID);
    const without = lastRequest();

    expect([withBody.method, withBody.url, withBody.json]).toEqual([
      'DELETE',
      `/resellers/v1/packages/${PKG_ID}`,
      { idempotencyKey: upstreamKey('k2') },
    ]);
    expect([without.json, without.headers['content-type']]).toEqual([undefined, undefined]);
  });

  it('updatePackageExternalId: PATCH .../update/{packageId}/{externalId}, encoded, no body', async () => {
    upstream.script(reply(200, { updatedPackage: { ...pkg, externalId: 'x' } }));
    const externalId = 'a/b?c%d e#f✓';

    await expect(api.updatePackageExternalId(PKG_ID, externalId)).resolves.toEqual({
      updatedPackage: { ...pkg, externalId: 'x' },
    });

    const sent = lastRequest();
    expect(sent.method).toBe('PATCH');
    expect(sent.url).toBe(`/resellers/v1/packages/update/${PKG_ID}/a%2Fb%3Fc%25d%20e%23f%E2%9C%93`);
    const segments = sent.url.split('/');
    expect(segments).toHaveLength(7);
    expect(decodeURIComponent(segments[6])).toBe(externalId);
    expect(sent.json).toBeUndefined();
  });

  it('assignProductInstance: PATCH .../product-instances/{instanceId}/{siteId}', async () => {
    await api.assignProductInstance(INSTANCE_ID, SITE_ID, { idempotencyKey: 'k3' });

    const sent = lastRequest();
    expect([sent.method, sent.url, sent.json]).toEqual([
      'PATCH',
      `/resellers/v1/packages/product-instances/${INSTANCE_ID}/${SITE_ID}`,
      { idempotencyKey: upstreamKey('k3') },
    ]);
  });

  it('unassignProductInstance: PATCH .../product-instances/{instanceId}/unassign', async () => {
    await api.unassignProductInstance(INSTANCE_ID);

    const sent = lastRequest();
    expect([sent.method, sent.url, sent.json]).toEqual([
      'PATCH',
      `/resellers/v1/packages/product-instances/${INSTANCE_ID}/unassign`,
      undefined,
    ]);
  });

  it('adjustProductInstance: PATCH .../product-instances/{instanceId} with the body', async () => {
    const body = {
      idempotencyKey: 'k4',
      billingInfo: {
        type: 'RECURRING' as const,
        cycleDuration: { unit: 'YEAR' as const, count: 1 },
      },
    };
    await api.adjustProductInstance(INSTANCE_ID, body);

    const sent = lastRequest();
    expect([sent.method, sent.url, sent.json]).toEqual([
      'PATCH',
      `/resellers/v1/packages/product-instances/${INSTANCE_ID}`,
      { ...body, idempotencyKey: upstreamKey('k4') },
    ]);
  });

  it('cancelProductInstance: DELETE .../product-instances/{instanceId}', async () => {
    await api.cancelProductInstance(INSTANCE_ID, { idempotencyKey: 'k5' });

    const sent = lastRequest();
    expect([sent.method, sent.url, sent.json]).toEqual([
      'DELETE',
      `/resellers/v1/packages/product-instances/${INSTANCE_ID}`,
      { idempotencyKey: upstreamKey('k5') },
    ]);
  });

  it('encodes every path parameter, not only the external id', async () => {
    await api.getPackage('../x?y');
    await api.assignProductInstance('i/1', 's 2');

    expect(upstream.requests.map((r) => r.url)).toEqual([
      '/resellers/v1/packages/%2E%2E%2Fx%3Fy',
      '/resellers/v1/packages/product-instances/i%2F1/s%202',
    ]);
  });

  it('encodes the dots of `.` and `..`, so no value can climb or drop a path level', async () => {
    for (const externalId of ['.', '..', 'v1.2']) {
      upstream.script(reply(200, { updatedPackage: { ...pkg, externalId } }));
      await api.updatePackageExternalId(PKG_ID, externalId);
    }
    const urls = upstream.requests.map((r) => r.url);
    expect(urls).toEqual([
      `/resellers/v1/packages/update/${PKG_ID}/%2E`,
      `/resellers/v1/packages/update/${PKG_ID}/%2E%2E`,
      `/resellers/v1/packages/update/${PKG_ID}/v1%2E2`,
    ]);
    // RFC 3986 dot-segment removal works on the path as sent: no segment is `.` or `..`.
    for (const url of urls)
      expect(url.split('/').filter((s) => s === '.' || s === '..')).toEqual([]);
  });

  it('exposes the scoped account', () => {
    expect(api.accountId).toBe(ACCOUNT);
  });
});

describe('read or write, and idempotency keys', () => {
  it('retries Query Packages on 503 like a read', async () => {
    upstream.script(reply(503, ''), reply(200, { packages: [], metadata: {} }));

    await expect(api.queryPackages({})).resolves.toEqual({ packages: [], metadata: {} });
    expect(upstream.requests).toHaveLength(2);
  });

  it('retries a write on 503 only when its body carries an idempotency key', async () => {
    upstream.script(reply(503, ''), reply(503, ''), reply(200, { package: pkg }));

    const error = await api.cancelProductInstance(INSTANCE_ID).catch((e: unknown) => e);
    expect((error as WixHttpError).status).toBe(503);
    expect(upstream.requests).toHaveLength(1);

    await expect(api.cancelProductInstance(INSTANCE_ID, { idempotencyKey: 'k6' })).resolves.toEqual(
      { package: pkg },
    );
    expect(upstream.requests).toHaveLength(3);
  });

  it('never retries Update External Id on 503 (it has no idempotency key upstream)', async () => {
    upstream.script(reply(503, ''), reply(200, { updatedPackage: pkg }));

    await expect(api.updatePackageExternalId(PKG_ID, 'e')).rejects.toBeInstanceOf(WixHttpError);
    expect(upstream.requests).toHaveLength(1);
  });

  it("namespaces keys by account: two accounts' equal keys differ upstream, one account's repeat does not", async () => {
    upstream.always(reply(200, { package: pkg }));
    const other = createPackagesApi(test.client, { accountId: SITE_ID });

    await api.cancelPackage(PKG_ID, { idempotencyKey: 'shared' });
    await other.cancelPackage(PKG_ID, { idempotencyKey: 'shared' });
    await api.cancelPackage(PKG_ID, { idempotencyKey: 'shared' });

    const sent = upstream.requests.map(
      (r) => (JSON.parse(r.body) as { idempotencyKey: string }).idempotencyKey,
    );
    expect(sent[0]).not.toBe('shared');
    expect(sent[0]).not.toBe(sent[1]);
    expect(sent[2]).toBe(sent[0]);
  });

  it('passes the scope deadline to every call', async () => {
    const expired = createPackagesApi(test.client, {
      accountId: ACCOUNT,
      deadline: Date.now() - 1,
    });

    const error = await expired.getPackage(PKG_ID).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WixTransportError);
    expect((error as WixTransportError).reason).toBe('DEADLINE');
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('tolerant reading (contract: documented conflicts)', () => {
  it('reads Query pagingMetadata as metadata', async () => {
    upstream.script(
      reply(200, { packages: [pkg], pagingMetadata: { count: 1, cursors: { next: 'c2' } } }),
    );

    const result = await api.queryPackages({});

    expect(result).toEqual({ packages: [pkg], metadata: { count: 1, cursors: { next: 'c2' } } });
    expect(result).not.toHaveProperty('pagingMetadata');
  });

  it('prefers metadata when both keys are present, and sets empty metadata when neither is', async () => {
    upstream.script(
      reply(200, { packages: [], metadata: { count: 0 }, pagingMetadata: { count: 9 } }),
      reply(200, { packages: [] }),
    );

    expect((await api.queryPackages({})).metadata).toEqual({ count: 0 });
    expect((await api.queryPackages({})).metadata).toEqual({});
  });

  it('reads an instance paymentInfo as billingInfo, on Get and on Query', async () => {
    const { billingInfo, ...instance } = pkg.productInstances[0];
    const legacy = { ...pkg, productInstances: [{ ...instance, paymentInfo: billingInfo }] };
    upstream.script(
      reply(200, { package: legacy }),
      reply(200, { packages: [legacy], metadata: {} }),
    );

    expect((await api.getPackage(PKG_ID)).package).toEqual(pkg);
    expect((await api.queryPackages({})).packages).toEqual([pkg]);
  });

  it('keeps billingInfo when an instance carries both spellings', async () => {
    const both = {
      ...pkg,
      productInstances: [{ ...pkg.productInstances[0], paymentInfo: { type: 'RECURRING' } }],
    };
    upstream.script(reply(200, { package: both }));

    expect((await api.getPackage(PKG_ID)).package.productInstances[0]).toEqual(
      pkg.productInstances[0],
    );
  });

  it('echoes the idempotency key of a write response', async () => {
    upstream.script(reply(200, { idempotencyKey: 'k7', package: pkg }));

    await expect(api.createPackage({ idempotencyKey: 'k7', products: [] })).resolves.toEqual({
      idempotencyKey: 'k7',
      package: pkg,
    });
  });

  it.each([
    ['getPackage', () => api.getPackage(PKG_ID), { updatedPackage: pkg }],
    ['updatePackageExternalId', () => api.updatePackageExternalId(PKG_ID, 'e'), { package: pkg }],
    ['queryPackages', () => api.queryPackages({}), { metadata: {} }],
    ['cancelPackage', () => api.cancelPackage(PKG_ID), []],
  ] as const)(
    '%s rejects a 2xx without its wrapper key with WixProtocolError',
    async (endpoint, call, body) => {
      upstream.script(reply(200, body));

      const error = await call().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(WixProtocolError);
      expect((error as WixProtocolError).endpoint).toBe(endpoint);
    },
  );
});
