import { WixHttpError, WixTransportError } from '../../../src/wix/errors';
import type { HttpClient, HttpRequest } from '../../../src/wix/http-client';
import { withReadCoalescing } from '../../../src/wix/read-coalescing';

/** A client whose calls stay pending until the test settles them. */
function pendingClient() {
  const calls: Array<{
    request: HttpRequest;
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  }> = [];
  const client: HttpClient = {
    request: <T>(request: HttpRequest) =>
      new Promise<T>((resolve, reject) => {
        calls.push({ request, resolve: resolve as (value: unknown) => void, reject });
      }),
    breakerState: () => 'closed',
  };
  return { client, calls };
}

const QUERY: HttpRequest = {
  endpoint: 'queryPackages',
  method: 'POST',
  path: '/resellers/v1/packages/query',
  body: { query: { filter: { accountId: { $eq: 'a' } } } },
  accountId: 'A',
  kind: 'read',
};

describe('withReadCoalescing', () => {
  it('joins identical reads in flight and shares the result', async () => {
    const { client, calls } = pendingClient();
    const outcomes: string[] = [];
    const coalesced = withReadCoalescing(client, (outcome) => outcomes.push(outcome));
    const first = coalesced.request({ ...QUERY, requestId: 'r1' });
    const second = coalesced.request({ ...QUERY, requestId: 'r2', accountId: 'a' });
    expect(calls).toHaveLength(1);
    expect(outcomes).toEqual(['sent', 'joined']);
    calls[0]!.resolve({ packages: [] });
    await expect(first).resolves.toEqual({ packages: [] });
    await expect(second).resolves.toEqual({ packages: [] });
    // Settled: the next read is a new call.
    void coalesced.request(QUERY);
    expect(calls).toHaveLength(2);
  });

  it('shares a failure, then forgets it', async () => {
    const { client, calls } = pendingClient();
    const coalesced = withReadCoalescing(client);
    const first = coalesced.request(QUERY);
    const second = coalesced.request(QUERY);
    const failure = new WixHttpError({ endpoint: 'queryPackages', status: 503 });
    calls[0]!.reject(failure);
    await expect(first).rejects.toBe(failure);
    await expect(second).rejects.toBe(failure);
    void coalesced.request(QUERY).catch(() => undefined);
    expect(calls).toHaveLength(2);
  });

  it('keeps different bodies, paths, accounts and every write apart', async () => {
    const { client, calls } = pendingClient();
    const coalesced = withReadCoalescing(client);
    void coalesced.request(QUERY);
    void coalesced.request({ ...QUERY, body: { query: { filter: { accountId: { $eq: 'b' } } } } });
    void coalesced.request({ ...QUERY, accountId: 'B' });
    void coalesced.request({ ...QUERY, path: '/resellers/v1/packages/x', method: 'GET' });
    void coalesced.request({ ...QUERY, kind: 'write' });
    void coalesced.request({ ...QUERY, kind: 'write' });
    expect(calls).toHaveLength(6);
  });

  it('hands the client the body as the JSON its key was made of, on a copy of the request', () => {
    const { client, calls } = pendingClient();
    const coalesced = withReadCoalescing(client);
    const request = { ...QUERY };
    void coalesced.request(request);
    expect(calls[0]?.request.bodyJson).toBe(JSON.stringify(QUERY.body));
    expect(calls[0]?.request).not.toBe(request);
    expect(request).toEqual(QUERY);
  });

  it('a joiner stops waiting at its own, earlier deadline', async () => {
    const { client, calls } = pendingClient();
    const coalesced = withReadCoalescing(client);
    const leader = coalesced.request({ ...QUERY, deadline: Date.now() + 60_000 });
    const joiner = coalesced.request({ ...QUERY, deadline: Date.now() + 30 });
    const failure = await joiner.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WixTransportError);
    expect((failure as WixTransportError).reason).toBe('DEADLINE');
    calls[0]!.resolve({ packages: [] });
    await expect(leader).resolves.toEqual({ packages: [] });
  });

  it('a joiner with a later deadline shares the call as it is, without a timer of its own', async () => {
    const { client, calls } = pendingClient();
    const coalesced = withReadCoalescing(client);
    const leader = coalesced.request({ ...QUERY, deadline: Date.now() + 30 });
    const timers = jest.spyOn(global, 'setTimeout');
    try {
      const joiner = coalesced.request({ ...QUERY, deadline: Date.now() + 60_000 });
      const unbounded = coalesced.request({ ...QUERY });
      expect(timers).not.toHaveBeenCalled();
      calls[0]!.resolve({ packages: [] });
      await expect(joiner).resolves.toEqual({ packages: [] });
      await expect(unbounded).resolves.toEqual({ packages: [] });
      await expect(leader).resolves.toEqual({ packages: [] });
    } finally {
      timers.mockRestore();
    }
    expect(calls).toHaveLength(1);
  });
});
