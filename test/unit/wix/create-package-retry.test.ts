/**
 * The reconcile hook in the retry loop (http-client.ts) and its use by createPackage
 * (packages-api.ts), over a scripted upstream.
 */
import { WixHttpError, WixTransportError } from '../../../src/wix/errors';
import type { HttpRequest } from '../../../src/wix/http-client';
import { namespacedIdempotencyKey } from '../../../src/wix/idempotency-namespace';
import { createPackagesApi } from '../../../src/wix/packages-api';
import type { WixCreatePackageRequest, WixPackage } from '../../../src/wix/wire-types';
import { dropConnection, reply, startScriptedUpstream } from './scripted-upstream';
import type { ScriptedUpstream } from './scripted-upstream';
import { createTestClient } from './test-client';
import type { TestClient } from './test-client';

const ACCOUNT = '11111111-2222-4333-8444-555555555555';
const PRODUCT = 'a1000000-0000-4000-8000-000000000001';
const NOW = Date.parse('2025-01-01T12:00:00.000Z');
const OK = { package: { id: 'p1' } };

const keyedWrite: HttpRequest = {
  endpoint: 'createPackage',
  method: 'POST',
  path: '/resellers/v2/packages',
  accountId: ACCOUNT,
  kind: 'write',
  body: { idempotencyKey: 'k' },
  idempotencyKey: 'k',
};

let upstream: ScriptedUpstream;
let test: TestClient;
let reconcileOutcomes: string[];

beforeEach(async () => {
  upstream = await startScriptedUpstream();
  reconcileOutcomes = [];
  test = createTestClient(upstream.baseUrl, {
    observer: { onReconcile: ({ outcome }) => reconcileOutcomes.push(outcome) },
  });
});
afterEach(async () => {
  await test.close();
  await upstream.close();
});

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('reconcile hook of the retry loop', () => {
  it('returns what the hook found instead of retrying an ambiguous failure', async () => {
    upstream.script(dropConnection, reply(200, OK));
    const lookups: number[] = [];
    const found = { package: { id: 'found' } };

    const result = await test.client.request({
      ...keyedWrite,
      reconcile: async () => {
        lookups.push(upstream.requests.length);
        return found;
      },
    });

    expect(result).toBe(found);
    expect(upstream.requests).toHaveLength(1);
    // The lookup runs after the backoff wait, before the retry would have been sent.
    expect(test.sleeps).toHaveLength(1);
    expect(lookups).toEqual([1]);
    expect(reconcileOutcomes).toEqual(['found']);
  });

  it('retries with the same key when the hook finds nothing', async () => {
    upstream.script(reply(503, ''), reply(200, OK));

    const result = await test.client.request({ ...keyedWrite, reconcile: async () => undefined });

    expect(result).toEqual(OK);
    expect(upstream.requests.map((r) => JSON.parse(r.body))).toEqual([
      { idempotencyKey: 'k' },
      { idempotencyKey: 'k' },
    ]);
    expect(reconcileOutcomes).toEqual(['absent']);
  });

  it('abandons the retry with the attempt’s error when the lookup itself fails', async () => {
    upstream.script(reply(503, ''), reply(200, OK));

    const error = await failureOf(
      test.client.request({
        ...keyedWrite,
        reconcile: async () => {
          throw new Error('lookup failed');
        },
      }),
    );

    expect(error).toBeInstanceOf(WixHttpError);
    expect((error as WixHttpError).status).toBe(503);
    expect(upstream.requests).toHaveLength(1);
    expect(reconcileOutcomes).toEqual(['failed']);
  });

  it('does not look anything up before retrying a 429 (nothing was applied)', async () => {
    upstream.script(reply(429, { message: '', details: {} }), reply(200, OK));
    const reconcile = jest.fn(async () => undefined);

    await test.client.request({ ...keyedWrite, reconcile });

    expect(reconcile).not.toHaveBeenCalled();
  });

  it('keeps looking up before every later retry once an attempt may have been applied', async () => {
    upstream.script(reply(503, ''), reply(429, { message: '', details: {} }), reply(200, OK));
    const reconcile = jest.fn(async () => undefined);

    await test.client.request({ ...keyedWrite, reconcile });

    expect(reconcile).toHaveBeenCalledTimes(2);
    expect(upstream.requests).toHaveLength(3);
  });

  it("never runs under writeRetry: 'never' (no retry at all)", async () => {
    const never = createTestClient(upstream.baseUrl, { writeRetry: 'never' });
    try {
      upstream.script(dropConnection);
      const reconcile = jest.fn(async () => OK);

      const error = await failureOf(never.client.request({ ...keyedWrite, reconcile }));

      expect(error).toBeInstanceOf(WixTransportError);
      expect(reconcile).not.toHaveBeenCalled();
    } finally {
      await never.close();
    }
  });
});

describe('createPackage reconciles by external id', () => {
  const body: WixCreatePackageRequest = {
    idempotencyKey: 'k',
    externalId: 'sub-1',
    products: [{ catalogProductId: PRODUCT, countryCode: 'BR' }],
  };
  const created: WixPackage = {
    id: 'c0000000-0000-4000-8000-000000000001',
    accountId: ACCOUNT,
    externalId: 'sub-1',
    productInstances: [
      {
        instanceId: 'd0000000-0000-4000-8000-000000000001',
        catalogProductId: PRODUCT,
        countryCode: 'BR',
        status: 'PENDING',
        createdDate: '2025-01-01T12:00:00.300Z',
        updatedDate: '2025-01-01T12:00:00.300Z',
      },
    ],
    createdDate: '2025-01-01T12:00:00.300Z',
    updatedDate: '2025-01-01T12:00:00.300Z',
  };
  const api = () => createPackagesApi(test.client, { accountId: ACCOUNT, now: () => NOW });

  it('after a lost response, queries by external id and returns the package without re-creating', async () => {
    upstream.script(dropConnection, reply(200, { packages: [created], metadata: { count: 1 } }));

    const response = await api().createPackage(body);

    // Answered as Create would have: echoing the key as sent (namespaced by the account).
    expect(response).toEqual({
      idempotencyKey: namespacedIdempotencyKey(ACCOUNT, 'k'),
      package: created,
    });
    expect(upstream.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /resellers/v2/packages',
      'POST /resellers/v1/packages/query',
    ]);
    expect(JSON.parse(upstream.requests[1]!.body)).toEqual({
      query: {
        filter: {
          $and: [
            { accountId: { $eq: ACCOUNT } },
            { externalId: { $eq: 'sub-1' } },
            { createdDate: { $gte: '2025-01-01T11:59:00.000Z' } },
          ],
        },
        sort: [{ fieldName: 'createdDate', order: 'ASC' }],
        cursorPaging: { limit: 100 },
      },
    });
  });

  it('retries the create when the lookup finds no match', async () => {
    upstream.script(
      reply(500, ''),
      reply(200, { packages: [{ ...created, externalId: 'other' }], metadata: {} }),
      reply(200, { idempotencyKey: 'k', package: created }),
    );

    const response = await api().createPackage(body);

    expect(response.package.id).toBe(created.id);
    expect(upstream.requests.map((r) => r.url)).toEqual([
      '/resellers/v2/packages',
      '/resellers/v1/packages/query',
      '/resellers/v2/packages',
    ]);
  });

  it('without an external id there is no lookup: the keyed retry goes straight out', async () => {
    upstream.script(reply(500, ''), reply(200, { idempotencyKey: 'k', package: created }));

    await api().createPackage({ ...body, externalId: undefined });

    expect(upstream.requests.map((r) => r.url)).toEqual([
      '/resellers/v2/packages',
      '/resellers/v2/packages',
    ]);
  });
});
