import { errors } from 'undici';
import { isProgrammingError, toTransportError } from '../../../src/wix/transport-failure';

const withCode = (code: string) =>
  Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });

describe('toTransportError', () => {
  it.each([
    ['ECONNREFUSED', withCode('ECONNREFUSED'), 'CONNECT', false],
    ['ENOTFOUND', withCode('ENOTFOUND'), 'CONNECT', false],
    ['EAI_AGAIN', withCode('EAI_AGAIN'), 'CONNECT', false],
    ['connect timeout', new errors.ConnectTimeoutError(), 'TIMEOUT', false],
    ['headers timeout', new errors.HeadersTimeoutError(), 'TIMEOUT', true],
    ['body timeout', new errors.BodyTimeoutError(), 'TIMEOUT', true],
    ['socket closed', new errors.SocketError('other side closed'), 'RESET', true],
    ['ECONNRESET', withCode('ECONNRESET'), 'RESET', true],
    ['aborted', new errors.RequestAbortedError(), 'ABORTED', true],
    ['unknown', new Error('???'), 'RESET', true],
  ])('%s → %s, mayHaveReachedUpstream %s', (_name, error, reason, reached) => {
    const result = toTransportError('getPackage', error, false);
    expect([result.reason, result.mayHaveReachedUpstream]).toEqual([reason, reached]);
    expect(result.message).not.toContain('10.0.0.1');
  });

  it('reports DEADLINE whatever the underlying error when our deadline fired', () => {
    const result = toTransportError('getPackage', new errors.RequestAbortedError(), true);
    expect([result.reason, result.mayHaveReachedUpstream]).toEqual(['DEADLINE', true]);
  });

  it('reads the code of a wrapped cause', () => {
    const wrapped = new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') });
    expect(toTransportError('getPackage', wrapped, false).transportCode).toBe('ECONNREFUSED');
  });
});

describe('isProgrammingError', () => {
  it('recognises undici argument errors only', () => {
    expect(isProgrammingError(new errors.InvalidArgumentError('invalid header'))).toBe(true);
    expect(isProgrammingError(new errors.SocketError('closed'))).toBe(false);
  });
});
