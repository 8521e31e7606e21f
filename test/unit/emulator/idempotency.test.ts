/**
 * Idempotency keys (contract: idempotency, emulator rules (a decision where Wix documents nothing)). The 409 code IDEMPOTENCY_KEY_REUSED is INVENTED by the
 * emulator; Wix documents no conflict behaviour.
 */
import { codeOf, DEMO_ACCOUNTS, EmulatorHarness, PRODUCTS, YEARLY } from './emulator-harness';

describe('emulator: idempotency keys', () => {
  let harness: EmulatorHarness;
  beforeAll(async () => {
    harness = await EmulatorHarness.start();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.control.reset('empty'));

  const createBody = (key: string, externalId = 'e-1') => ({
    idempotencyKey: key,
    externalId,
    products: [{ catalogProductId: PRODUCTS.premiumCore, countryCode: 'BR', billingInfo: YEARLY }],
  });

  it('echoes the key and replays the first response without a second effect', async () => {
    const first = await harness.call('POST', '/resellers/v2/packages', { body: createBody('k-1') });
    expect(first.status).toBe(200);
    expect(first.body.idempotencyKey).toBe('k-1');
    expect(Object.keys(first.body)).toEqual(['idempotencyKey', 'package']);
    const replay = await harness.call('POST', '/resellers/v2/packages', {
      body: createBody('k-1'),
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(harness.control.packageCount()).toBe(1);
  });

  it('treats snake_case and camelCase spellings and key order as the same body', async () => {
    const first = await harness.call('POST', '/resellers/v2/packages', { body: createBody('k-2') });
    const replay = await harness.call('POST', '/resellers/v2/packages', {
      body: {
        products: [
          { billing_info: YEARLY, country_code: 'BR', catalog_product_id: PRODUCTS.premiumCore },
        ],
        external_id: 'e-1',
        idempotency_key: 'k-2',
      },
    });
    expect(replay.body).toEqual(first.body);
    expect(harness.control.packageCount()).toBe(1);
  });

  it('409 IDEMPOTENCY_KEY_REUSED (invented) for the same key with another body', async () => {
    await harness.call('POST', '/resellers/v2/packages', { body: createBody('k-3') });
    const reused = await harness.call('POST', '/resellers/v2/packages', {
      body: createBody('k-3', 'other'),
    });
    expect(reused.status).toBe(409);
    expect(codeOf(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(harness.control.packageCount()).toBe(1);
  });

  it('scopes keys by account, method and path', async () => {
    await harness.call('POST', '/resellers/v2/packages', { body: createBody('k-4') });
    const otherAccount = await harness.call('POST', '/resellers/v2/packages', {
      account: DEMO_ACCOUNTS.customerB,
      body: createBody('k-4'),
    });
    expect(otherAccount.status).toBe(200);
    const otherPath = await harness.call('POST', '/resellers/v1/packages', {
      body: createBody('k-4'),
    });
    expect(otherPath.status).toBe(200);
    expect(harness.control.packageCount()).toBe(3);
  });

  it('replays 4xx answers too, even after the state changed', async () => {
    const pkg = await harness.createOk([{ catalogProductId: PRODUCTS.videoMaxi }]);
    const body = {
      idempotencyKey: 'k-5',
      products: [{ catalogProductId: PRODUCTS.videoMaxi, countryCode: 'BR' }],
    };
    const refused = await harness.call('POST', '/resellers/v2/packages', { body });
    expect(codeOf(refused)).toBe('PRODUCT_LIMIT_EXCEEDED');
    await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`);
    const replay = await harness.call('POST', '/resellers/v2/packages', { body });
    expect(replay.status).toBe(428);
    expect(replay.body).toEqual(refused.body);
  });

  it('makes cancel replays return the stored body', async () => {
    const pkg = await harness.createOk([{ catalogProductId: PRODUCTS.seoSetup }]);
    const first = await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`, {
      body: { idempotencyKey: 'c-1' },
    });
    expect(first.body.idempotencyKey).toBe('c-1');
    const replay = await harness.call('DELETE', `/resellers/v1/packages/${pkg.id}`, {
      body: { idempotencyKey: 'c-1' },
    });
    expect(replay.body).toEqual(first.body);
  });

  it('forgetting the keys (control and admin hook) makes the next call a fresh write', async () => {
    await harness.call('POST', '/resellers/v2/packages', { body: createBody('k-6') });
    harness.control.forgetIdempotencyKeys();
    await harness.call('POST', '/resellers/v2/packages', { body: createBody('k-6') });
    expect(harness.control.packageCount()).toBe(2);
    const forgotten = await harness.call('DELETE', '/_emulator/idempotency-keys');
    expect(forgotten.body).toEqual({ forgotten: 1 });
    await harness.call('POST', '/resellers/v2/packages', { body: createBody('k-6') });
    expect(harness.control.packageCount()).toBe(3);
  });

  it('keys expire after the configured TTL', async () => {
    // Long enough that the replay lands within it on a loaded machine (a 30 ms TTL expired
    // before the replay under load), short enough to wait out.
    const ttlMs = 1_500;
    const shortLived = await EmulatorHarness.start({ idempotencyTtlMs: ttlMs });
    try {
      await shortLived.call('POST', '/resellers/v2/packages', { body: createBody('k-7') });
      const storedBy = Date.now(); // the key was stored before its answer came
      const replay = await shortLived.call('POST', '/resellers/v2/packages', {
        body: createBody('k-7', 'changed'),
      });
      expect(replay.status).toBe(409);
      const sinceStored = Date.now() - storedBy;
      await new Promise((resolve) => setTimeout(resolve, ttlMs - sinceStored + 20));
      const afterExpiry = await shortLived.call('POST', '/resellers/v2/packages', {
        body: createBody('k-7', 'changed'),
      });
      expect(afterExpiry.status).toBe(200);
      expect(shortLived.control.packageCount()).toBe(2);
    } finally {
      await shortLived.close();
    }
  });
});
