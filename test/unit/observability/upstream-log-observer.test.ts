import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logging/logger';
import {
  combineObservers,
  createUpstreamLogObserver,
} from '../../../src/observability/upstream-log-observer';
import { WixHttpError, WixTransportError } from '../../../src/wix/errors';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, stream };
}

describe('createUpstreamLogObserver', () => {
  it('logs retries with the status or reason only, breaker changes and reconcile outcomes', () => {
    const { lines, stream } = capture();
    const observer = createUpstreamLogObserver(createLogger('info', stream));
    observer.onRetry?.({
      endpoint: 'queryPackages',
      attempt: 2,
      delayMs: 12.7,
      cause: new WixHttpError({
        endpoint: 'queryPackages',
        status: 503,
        upstreamMessage: 'upstream said',
        requestId: 'rid',
      }),
    });
    observer.onRetry?.({
      endpoint: 'getPackage',
      attempt: 2,
      delayMs: 5,
      cause: new WixTransportError('getPackage', 'RESET', true),
    });
    observer.onBreakerStateChange?.('open');
    observer.onReconcile?.({ endpoint: 'createPackage', outcome: 'found' });
    expect(
      lines.map(({ event, status, reason, state, outcome, delayMs }) => ({
        event,
        status,
        reason,
        state,
        outcome,
        delayMs,
      })),
    ).toEqual([
      {
        event: 'upstream.retry',
        status: 503,
        reason: undefined,
        state: undefined,
        outcome: undefined,
        delayMs: 13,
      },
      {
        event: 'upstream.retry',
        status: undefined,
        reason: 'RESET',
        state: undefined,
        outcome: undefined,
        delayMs: 5,
      },
      {
        event: 'upstream.breaker',
        status: undefined,
        reason: undefined,
        state: 'open',
        outcome: undefined,
        delayMs: undefined,
      },
      {
        event: 'upstream.reconcile',
        status: undefined,
        reason: undefined,
        state: undefined,
        outcome: 'found',
        delayMs: undefined,
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('upstream said');
  });
});

describe('combineObservers', () => {
  it('forwards every event to every observer and skips missing ones', () => {
    const seen: string[] = [];
    const record = (name: string) => ({
      onAttempt: () => seen.push(`${name}:attempt`),
      onRetry: () => seen.push(`${name}:retry`),
      onReconcile: () => seen.push(`${name}:reconcile`),
      onBreakerStateChange: () => seen.push(`${name}:breaker`),
    });
    const combined = combineObservers(record('a'), undefined, record('b'));
    combined.onAttempt?.({ endpoint: 'getPackage', method: 'GET', durationMs: 1, attempt: 1 });
    combined.onRetry?.({
      endpoint: 'getPackage',
      attempt: 2,
      delayMs: 1,
      cause: new WixTransportError('getPackage', 'RESET', true),
    });
    combined.onReconcile?.({ endpoint: 'createPackage', outcome: 'absent' });
    combined.onBreakerStateChange?.('closed');
    expect(seen).toEqual([
      'a:attempt',
      'b:attempt',
      'a:retry',
      'b:retry',
      'a:reconcile',
      'b:reconcile',
      'a:breaker',
      'b:breaker',
    ]);
  });
});
