import {
  WixCircuitOpenError,
  WixHttpError,
  WixProtocolError,
  WixTransportError,
} from '../../../src/wix/errors';
import type { WixTransportReason } from '../../../src/wix/errors';
import { isRetryable, retryDelayMs } from '../../../src/wix/retry-policy';

const http = (status: number) => new WixHttpError({ endpoint: 'getPackage', status });
const transport = (reason: WixTransportReason, reached: boolean) =>
  new WixTransportError('getPackage', reason, reached);

const read = { kind: 'read' as const };
const write = { kind: 'write' as const };
const keyedWrite = { kind: 'write' as const, idempotencyKey: 'k' };

describe('isRetryable', () => {
  it.each([
    ['500', http(500), true, false, true, false],
    ['503', http(503), true, false, true, false],
    ['504', http(504), true, false, true, false],
    ['501', http(501), false, false, false, false],
    ['429', http(429), true, true, true, true],
    ['404', http(404), false, false, false, false],
    ['428', http(428), false, false, false, false],
    ['connect refused', transport('CONNECT', false), true, true, true, true],
    ['connect timeout', transport('TIMEOUT', false), true, true, true, true],
    ['headers timeout', transport('TIMEOUT', true), true, false, true, false],
    ['reset', transport('RESET', true), true, false, true, false],
    ['deadline', transport('DEADLINE', true), false, false, false, false],
    ['expired before sending', transport('DEADLINE', false), false, false, false, false],
    ['aborted', transport('ABORTED', true), false, false, false, false],
    ['circuit open', new WixCircuitOpenError('getPackage'), false, false, false, false],
    ['protocol', new WixProtocolError('getPackage', 'x'), false, false, false, false],
    ['foreign error', new Error('boom'), false, false, false, false],
  ])(
    '%s: read %s, unkeyed write %s, keyed write %s, keyed write with writeRetry never %s',
    (_name, error, readOk, writeOk, keyedOk, neverOk) => {
      expect(isRetryable(error, read, 'with-idempotency-key')).toBe(readOk);
      expect(isRetryable(error, write, 'with-idempotency-key')).toBe(writeOk);
      expect(isRetryable(error, keyedWrite, 'with-idempotency-key')).toBe(keyedOk);
      expect(isRetryable(error, keyedWrite, 'never')).toBe(neverOk);
    },
  );
});

describe('retryDelayMs', () => {
  const options = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

  it('grows exponentially with equal jitter and is capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, options, () => 0, undefined))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, options, () => 0.999999, undefined))).toEqual(
      [100, 200, 400, 800, 1_000],
    );
  });

  it('waits at least Retry-After, and gives up when Retry-After exceeds the cap', () => {
    expect(retryDelayMs(1, options, () => 0, 700)).toBe(700);
    expect(retryDelayMs(4, options, () => 0.999999, 10)).toBe(800);
    expect(retryDelayMs(1, options, () => 0, 1_001)).toBeUndefined();
  });
});
