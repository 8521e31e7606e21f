import * as net from 'node:net';
import {
  codeOf,
  DEMO_ACCOUNTS,
  EmulatorHarness,
  PRODUCTS,
  violatedFields,
} from './emulator-harness';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('emulator: headers, routing and malformed input', () => {
  let harness: EmulatorHarness;
  beforeAll(async () => {
    harness = await EmulatorHarness.start({ maxBodyBytes: 2048 });
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.control.reset('empty'));

  describe('headers', () => {
    it.each([
      ['missing', null],
      ['empty', ''],
    ])('401 UNAUTHENTICATED when Authorization is %s', async (_name, apiKey) => {
      const result = await harness.call('POST', '/resellers/v1/packages/query', {
        apiKey,
        body: { query: {} },
      });
      expect(result.status).toBe(401);
      expect(codeOf(result)).toBe('UNAUTHENTICATED');
    });

    it('400 when wix-account-id is missing or not a GUID', async () => {
      const missing = await harness.call('POST', '/resellers/v1/packages/query', {
        account: null,
        body: { query: {} },
      });
      expect(missing.status).toBe(400);
      expect(violatedFields(missing)).toEqual(['wix-account-id']);
      const bad = await harness.call('POST', '/resellers/v1/packages/query', {
        account: 'abc',
        body: { query: {} },
      });
      expect(bad.status).toBe(400);
    });

    it('400 when both wix-account-id and wix-site-id are sent', async () => {
      const result = await harness.call('POST', '/resellers/v1/packages/query', {
        headers: { 'wix-site-id': '11111111-2222-4333-8444-555555555555' },
        body: { query: {} },
      });
      expect(result.status).toBe(400);
      expect(violatedFields(result)).toEqual(['wix-site-id']);
    });

    it('sends a fresh x-wix-request-id on every response, errors included', async () => {
      const ok = await harness.call('POST', '/resellers/v1/packages/query', {
        body: { query: {} },
      });
      const error = await harness.call('GET', '/nowhere');
      const admin = await harness.call('GET', '/_emulator/stats');
      const ids = [ok, error, admin].map((r) => r.headers.get('x-wix-request-id'));
      for (const id of ids) expect(id).toMatch(GUID);
      expect(new Set(ids).size).toBe(3);
    });
  });

  describe('routing', () => {
    it('404 ROUTE_NOT_FOUND for unknown paths, with an envelope', async () => {
      const result = await harness.call('GET', '/resellers/v3/packages');
      expect(result.status).toBe(404);
      expect(result.body).toEqual({
        message: expect.any(String),
        details: { applicationError: expect.objectContaining({ code: 'ROUTE_NOT_FOUND' }) },
      });
    });

    it('405 with Allow for a known path and a wrong method', async () => {
      const result = await harness.call(
        'PUT',
        '/resellers/v1/packages/00000000-0000-4000-8000-000000000000',
      );
      expect(result.status).toBe(405);
      expect(result.headers.get('allow')).toBe('GET, DELETE');
      expect(codeOf(result)).toBe('METHOD_NOT_ALLOWED');
      const query = await harness.call('GET', '/resellers/v1/packages/query');
      expect(query.status).toBe(405);
    });

    it('routes …/unassign before …/{siteId}', async () => {
      const pkg = await harness.createOk([{ catalogProductId: PRODUCTS.seoSetup }]);
      const result = await harness.call(
        'PATCH',
        `/resellers/v1/packages/product-instances/${pkg.productInstances[0]!.instanceId}/unassign`,
      );
      expect(result.status).toBe(200);
    });

    it('400 for undecodable percent-encoding in a path parameter', async () => {
      const result = await harness.call(
        'PATCH',
        '/resellers/v1/packages/update/00000000-0000-4000-8000-000000000000/%E0%A4%A',
      );
      expect(result.status).toBe(400);
    });
  });

  describe('bodies', () => {
    it('400 for malformed JSON, and for JSON that is not an object', async () => {
      const malformed = await harness.call('POST', '/resellers/v2/packages', {
        rawBody: '{"products": [',
      });
      expect(malformed.status).toBe(400);
      expect(violatedFields(malformed)).toEqual(['body']);
      const array = await harness.call('POST', '/resellers/v2/packages', { rawBody: '[1,2]' });
      expect(array.status).toBe(400);
      const text = await harness.call('POST', '/resellers/v2/packages', { rawBody: '"hello"' });
      expect(text.status).toBe(400);
    });

    it('400 (never 500) for wrong types at any depth', async () => {
      const result = await harness.call('POST', '/resellers/v2/packages', {
        body: {
          externalId: 42,
          products: [
            {
              catalogProductId: 7,
              countryCode: ['BR'],
              billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 'one' } },
              siteId: {},
            },
          ],
          idempotencyKey: 5,
        },
      });
      expect(result.status).toBe(400);
      const adjust = await harness.call(
        'PATCH',
        '/resellers/v1/packages/product-instances/00000000-0000-4000-8000-000000000000',
        {
          body: { billingInfo: 'yearly' },
        },
      );
      expect(adjust.status).toBe(400);
    });

    it('413 PAYLOAD_TOO_LARGE above maxBodyBytes, and the emulator keeps serving', async () => {
      const result = await harness.call('POST', '/resellers/v2/packages', {
        body: {
          externalId: 'x',
          products: [
            { catalogProductId: PRODUCTS.seoSetup, countryCode: 'BR', pad: 'p'.repeat(5000) },
          ],
        },
      });
      expect(result.status).toBe(413);
      expect(codeOf(result)).toBe('PAYLOAD_TOO_LARGE');
      expect(harness.control.packageCount()).toBe(0);
      const next = await harness.call('POST', '/resellers/v1/packages/query', {
        body: { query: {} },
      });
      expect(next.status).toBe(200);
    });

    it('survives a client that sends garbage instead of HTTP', async () => {
      const url = new URL(harness.emulator.url);
      await new Promise<void>((resolve) => {
        const socket = net.connect(Number(url.port), url.hostname, () =>
          socket.end('NOT HTTP AT ALL\r\n\r\n'),
        );
        socket.on('close', () => resolve());
        socket.on('error', () => resolve());
        socket.resume();
      });
      const result = await harness.call('POST', '/resellers/v1/packages/query', {
        account: DEMO_ACCOUNTS.reseller,
        body: { query: {} },
      });
      expect(result.status).toBe(200);
    });
  });
});
