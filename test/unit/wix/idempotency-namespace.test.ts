import { namespacedIdempotencyKey } from '../../../src/wix/idempotency-namespace';

const A = '1b2c3d4e-5f60-4172-8384-a5b6c7d8e9f0';
const B = '2c3d4e5f-6071-4283-9495-b6c7d8e9f0a1';
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('namespacedIdempotencyKey', () => {
  it('is a version-8 UUID whatever the client key (within the 128-character limit)', () => {
    for (const key of ['k', 'order-42', 'x'.repeat(128), 'ünïcødé \u0000 "quoted"']) {
      expect(namespacedIdempotencyKey(A, key)).toMatch(UUID_V8);
    }
  });

  it('is stable for one account and key, whatever the letter case of the account', () => {
    expect(namespacedIdempotencyKey(A, 'order-42')).toBe(namespacedIdempotencyKey(A, 'order-42'));
    expect(namespacedIdempotencyKey(A.toUpperCase(), 'order-42')).toBe(
      namespacedIdempotencyKey(A, 'order-42'),
    );
  });

  it('differs between accounts and between keys', () => {
    const keys = [
      namespacedIdempotencyKey(A, 'order-42'),
      namespacedIdempotencyKey(B, 'order-42'),
      namespacedIdempotencyKey(A, 'order-43'),
      namespacedIdempotencyKey(A, 'Order-42'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
