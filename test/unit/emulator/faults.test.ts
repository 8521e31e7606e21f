import { startEmulator, type FaultRule } from '../../../src/emulator';
import { DEMO_ACCOUNTS, EmulatorHarness, PRODUCTS } from './emulator-harness';

const createBody = (idempotencyKey?: string) => ({
  ...(idempotencyKey ? { idempotencyKey } : {}),
  products: [{ catalogProductId: PRODUCTS.seoSetup, countryCode: 'BR' }],
});

describe('emulator: fault injection', () => {
  let harness: EmulatorHarness;
  beforeAll(async () => {
    harness = await EmulatorHarness.start();
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.control.reset('empty');
    harness.control.clearFaults();
    harness.control.clearRequestLog();
  });

  it('dropBefore destroys the connection and applies nothing', async () => {
    harness.control.setFaults([{ endpoint: 'createPackage', kind: 'dropBefore', times: 1 }]);
    await expect(
      harness.call('POST', '/resellers/v2/packages', { body: createBody() }),
    ).rejects.toThrow();
    expect(harness.control.packageCount()).toBe(0);
    const [entry] = harness.control.requestLog();
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/resellers/v2/packages',
      fault: 'dropBefore',
    });
    expect(entry).not.toHaveProperty('status');
    expect(
      (await harness.call('POST', '/resellers/v2/packages', { body: createBody() })).status,
    ).toBe(200);
    expect(harness.control.faults()).toEqual([]);
  });

  it('dropAfter applies the write, loses the response, and a keyed retry replays it', async () => {
    harness.control.setFaults([{ endpoint: 'createPackage', kind: 'dropAfter', times: 1 }]);
    await expect(
      harness.call('POST', '/resellers/v2/packages', { body: createBody('retry-1') }),
    ).rejects.toThrow();
    expect(harness.control.packageCount()).toBe(1);
    expect(harness.control.requestLog()[0]).toMatchObject({ status: 200, fault: 'dropAfter' });
    const retry = await harness.call('POST', '/resellers/v2/packages', {
      body: createBody('retry-1'),
    });
    expect(retry.status).toBe(200);
    expect(harness.control.packageCount()).toBe(1);
    expect(retry.body.package.id).toBe(harness.control.findPackages(() => true)[0]!.id);
  });

  it('error faults answer 5xx with the empty Wix body, `times` then disarms', async () => {
    harness.control.setFaults([{ endpoint: '*', kind: 'error', status: 503, times: 2 }]);
    for (let i = 0; i < 2; i++) {
      const result = await harness.call('POST', '/resellers/v2/packages', { body: createBody() });
      expect(result.status).toBe(503);
      expect(result.body).toEqual({ message: '', details: {} });
    }
    expect(harness.control.packageCount()).toBe(0);
    expect(
      (await harness.call('POST', '/resellers/v2/packages', { body: createBody() })).status,
    ).toBe(200);
  });

  it('5xx fault answers are not stored as idempotent responses', async () => {
    harness.control.setFaults([{ endpoint: 'createPackage', kind: 'error', times: 1 }]);
    const failed = await harness.call('POST', '/resellers/v2/packages', {
      body: createBody('k-err'),
    });
    expect(failed.status).toBe(500);
    const retry = await harness.call('POST', '/resellers/v2/packages', {
      body: createBody('k-err'),
    });
    expect(retry.status).toBe(200);
  });

  it('rateLimit answers 429 with Retry-After', async () => {
    harness.control.setFaults([
      { endpoint: 'queryPackages', kind: 'rateLimit', retryAfterSeconds: 7, times: 1 },
    ]);
    const limited = await harness.call('POST', '/resellers/v1/packages/query', {
      body: { query: {} },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body.message).toEqual(expect.any(String));
    expect(
      (await harness.call('POST', '/resellers/v1/packages/query', { body: { query: {} } })).status,
    ).toBe(200);
  });

  it('only matching endpoints are affected', async () => {
    harness.control.setFaults([{ endpoint: 'getPackage', kind: 'error', times: 1 }]);
    expect(
      (await harness.call('POST', '/resellers/v1/packages/query', { body: { query: {} } })).status,
    ).toBe(200);
    expect(harness.control.faults()).toEqual([{ endpoint: 'getPackage', kind: 'error', times: 1 }]);
  });

  it('latency delays but still answers, and is marked in the log', async () => {
    harness.control.setFaults([
      { endpoint: 'queryPackages', kind: 'latency', latencyMs: 20, times: 1 },
    ]);
    const result = await harness.call('POST', '/resellers/v1/packages/query', {
      body: { query: {} },
    });
    expect(result.status).toBe(200);
    expect(harness.control.requestLog()[0]).toMatchObject({ status: 200, fault: 'latency' });
  });

  it('a hanging request is released when the client aborts; nothing is applied', async () => {
    harness.control.setFaults([{ endpoint: 'createPackage', kind: 'hang', times: 1 }]);
    const controller = new AbortController();
    const pending = fetch(`${harness.emulator.url}/resellers/v2/packages`, {
      method: 'POST',
      headers: { authorization: 'k', 'wix-account-id': DEMO_ACCOUNTS.customerA },
      body: JSON.stringify(createBody()),
      signal: controller.signal,
    });
    await waitFor(() => harness.control.requestLog().length === 1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(harness.control.packageCount()).toBe(0);
    expect(harness.control.requestLog()[0]).toMatchObject({ fault: 'hang' });
  });

  it('rejects invalid rules (control throws; admin answers 400)', async () => {
    expect(() =>
      harness.control.setFaults([{ endpoint: 'nope', kind: 'hang' } as unknown as FaultRule]),
    ).toThrow();
    const result = await harness.call('PUT', '/_emulator/faults', {
      body: { rules: [{ endpoint: '*', kind: 'error', rate: 2 }] },
    });
    expect(result.status).toBe(400);
  });

  it('admin hooks list, replace and clear rules', async () => {
    const put = await harness.call('PUT', '/_emulator/faults', {
      body: { rules: [{ endpoint: 'cancelPackage', kind: 'error', status: 503, times: 3 }] },
    });
    expect(put.status).toBe(200);
    expect((await harness.call('GET', '/_emulator/faults')).body.rules).toEqual([
      { endpoint: 'cancelPackage', kind: 'error', status: 503, times: 3 },
    ]);
    await harness.call('DELETE', '/_emulator/faults');
    expect((await harness.call('GET', '/_emulator/faults')).body.rules).toEqual([]);
  });
});

describe('emulator: faults across instances', () => {
  it('a hanging response is ended by close()', async () => {
    const emulator = await startEmulator({ faults: [{ endpoint: '*', kind: 'hang' }] });
    const pending = fetch(`${emulator.url}/resellers/v1/packages/query`, {
      method: 'POST',
      headers: { authorization: 'k', 'wix-account-id': DEMO_ACCOUNTS.customerA },
      body: '{"query":{}}',
    });
    await waitFor(() => emulator.control.requestLog().length === 1);
    await emulator.close();
    await expect(pending).rejects.toThrow();
  });

  it('rate-based faults repeat exactly for the same faultSeed', async () => {
    const run = async (): Promise<number[]> => {
      const emulator = await startEmulator({
        faultSeed: 42,
        faults: [{ endpoint: 'queryPackages', kind: 'error', rate: 0.5 }],
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) {
          const response = await fetch(`${emulator.url}/resellers/v1/packages/query`, {
            method: 'POST',
            headers: { authorization: 'k', 'wix-account-id': DEMO_ACCOUNTS.customerA },
            body: '{"query":{}}',
          });
          await response.arrayBuffer();
          statuses.push(response.status);
        }
        return statuses;
      } finally {
        await emulator.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(500);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not met');
}
