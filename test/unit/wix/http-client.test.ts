import {
  WixCircuitOpenError,
  WixHttpError,
  WixProtocolError,
  WixTransportError,
} from '../../../src/wix/errors';
import type { HttpRequest } from '../../../src/wix/http-client';
import {
  dropConnection,
  hang,
  reply,
  stallBody,
  startScriptedUpstream,
  unusedPort,
} from './scripted-upstream';
import type { ScriptedUpstream } from './scripted-upstream';
import { TEST_API_KEY, createTestClient } from './test-client';
import type { TestClient } from './test-client';

const ACCOUNT = '11111111-2222-4333-8444-555555555555';
const OK = { package: { id: 'p1' } };

const read: HttpRequest = {
  endpoint: 'getPackage',
  method: 'GET',
  path: '/resellers/v1/packages/p1',
  accountId: ACCOUNT,
  kind: 'read',
};

const write: HttpRequest = {
  endpoint: 'cancelPackage',
  method: 'DELETE',
  path: '/resellers/v1/packages/p1',
  accountId: ACCOUNT,
  kind: 'write',
  body: {},
};

const keyedWrite: HttpRequest = {
  ...write,
  body: { idempotencyKey: 'idem-1' },
  idempotencyKey: 'idem-1',
};

let upstream: ScriptedUpstream;
let clients: TestClient[];

beforeEach(async () => {
  upstream = await startScriptedUpstream();
  clients = [];
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await upstream.close();
});

function client(
  overrides: Parameters<typeof createTestClient>[1] = {},
  baseUrl = upstream.baseUrl,
) {
  const created = createTestClient(baseUrl, overrides);
  clients.push(created);
  return created;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('request headers and body', () => {
  it('sends the raw API key, the account header, accept and request id on a GET, and no body headers', async () => {
    upstream.script(reply(200, OK));
    const { client: http } = client();

    await expect(http.request({ ...read, requestId: 'req-42' })).resolves.toEqual(OK);

    const [sent] = upstream.requests;
    expect(sent.method).toBe('GET');
    expect(sent.url).toBe('/resellers/v1/packages/p1');
    expect(sent.headers.authorization).toBe(TEST_API_KEY);
    expect(sent.headers['wix-account-id']).toBe(ACCOUNT);
    expect(sent.headers.accept).toBe('application/json');
    expect(sent.headers['x-request-id']).toBe('req-42');
    expect(sent.headers['content-type']).toBeUndefined();
    expect(sent.headers['wix-site-id']).toBeUndefined();
    expect(sent.body).toBe('');
  });

  it('sends a JSON body with content-type and keeps a base-URL path prefix', async () => {
    upstream.script(reply(200, OK));
    const { client: http } = client({}, `${upstream.baseUrl}/wix-prefix/`);
    http.breakerState();

    await http.request({ ...keyedWrite });

    const [sent] = upstream.requests;
    expect(sent.method).toBe('DELETE');
    expect(sent.url).toBe('/wix-prefix/resellers/v1/packages/p1');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers['x-request-id']).toBeUndefined();
    expect(JSON.parse(sent.body)).toEqual({ idempotencyKey: 'idem-1' });
  });
});

describe('error parsing', () => {
  it('reads an application error: status, code, message as data, upstream request id', async () => {
    upstream.script(
      reply(
        404,
        {
          message: 'Product <x> not found',
          details: { applicationError: { code: 'PRODUCT_NOT_FOUND' } },
        },
        { 'x-wix-request-id': 'wix-req-1', 'x-request-id': 'other' },
      ),
    );
    const error = await failureOf(client().client.request(read));

    expect(error).toBeInstanceOf(WixHttpError);
    const http = error as WixHttpError;
    expect(http.status).toBe(404);
    expect(http.applicationCode).toBe('PRODUCT_NOT_FOUND');
    expect(http.upstreamMessage).toBe('Product <x> not found');
    expect(http.message).not.toContain('Product <x> not found');
    expect(http.requestId).toBe('wix-req-1');
    expect(http.fieldViolations).toEqual([]);
    expect(http.endpoint).toBe('getPackage');
  });

  it('reads a validation error with its field violations, and falls back to x-request-id', async () => {
    const violation = {
      field: 'products[0].countryCode',
      description: 'required',
      violatedRule: 'REQUIRED_FIELD',
    };
    upstream.script(
      reply(
        400,
        { message: 'bad input', details: { validationError: { fieldViolations: [violation] } } },
        { 'x-request-id': 'fallback-id' },
      ),
    );
    const error = (await failureOf(client().client.request(write))) as WixHttpError;

    expect(error.status).toBe(400);
    expect(error.applicationCode).toBeUndefined();
    expect(error.fieldViolations).toEqual([violation]);
    expect(error.requestId).toBe('fallback-id');
  });

  it('gives a typed error for an empty 5xx body and for an HTML error page', async () => {
    upstream.script(reply(500, ''), reply(502, '<html><body>Bad gateway</body></html>'));
    const { client: http } = client({
      retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 100 },
    });

    const empty = (await failureOf(http.request(read))) as WixHttpError;
    const html = (await failureOf(http.request(read))) as WixHttpError;

    expect(empty).toBeInstanceOf(WixHttpError);
    expect([empty.status, empty.applicationCode, empty.upstreamMessage]).toEqual([
      500,
      undefined,
      '',
    ]);
    expect(html).toBeInstanceOf(WixHttpError);
    expect([html.status, html.applicationCode, html.upstreamMessage]).toEqual([502, undefined, '']);
    expect(html.message).not.toContain('Bad gateway');
  });

  it('parses Retry-After given as an HTTP-date', async () => {
    const now = Date.parse('2024-05-01T12:00:00.000Z');
    upstream.script(
      reply(429, { message: '', details: {} }, { 'retry-after': 'Wed, 01 May 2024 12:00:03 GMT' }),
    );
    const { client: http } = client({
      now: () => now,
      retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 100 },
    });

    const error = (await failureOf(http.request(read))) as WixHttpError;

    expect(error.retryAfterMs).toBe(3000);
  });

  it('rejects a 2xx that is not JSON with WixProtocolError', async () => {
    upstream.script(reply(200, 'not json'));
    const error = await failureOf(client().client.request(read));

    expect(error).toBeInstanceOf(WixProtocolError);
    expect((error as Error).message).not.toContain('not json');
  });
});

describe('retries of reads', () => {
  it('retries a 503 and succeeds, backing off exponentially', async () => {
    upstream.script(reply(503, ''), reply(503, ''), reply(200, OK));
    const test = client();

    await expect(test.client.request(read)).resolves.toEqual(OK);

    expect(upstream.requests).toHaveLength(3);
    // random() = 0 gives the lower half of equal jitter: base/2, then base.
    expect(test.sleeps).toEqual([5, 10]);
    expect(test.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
  });

  it('waits at least Retry-After on a 429', async () => {
    upstream.script(
      reply(429, { message: '', details: {} }, { 'retry-after': '2' }),
      reply(200, OK),
    );
    const test = client();

    await expect(test.client.request(read)).resolves.toEqual(OK);

    expect(test.sleeps).toEqual([2000]);
  });

  it('gives up on a 429 whose Retry-After exceeds the backoff cap', async () => {
    upstream.script(reply(429, { message: '', details: {} }, { 'retry-after': '60' }));
    const test = client();

    const error = (await failureOf(test.client.request(read))) as WixHttpError;

    expect(error.status).toBe(429);
    expect(upstream.requests).toHaveLength(1);
  });

  it('retries a dropped connection (RESET)', async () => {
    upstream.script(dropConnection, reply(200, OK));
    const test = client();

    await expect(test.client.request(read)).resolves.toEqual(OK);

    expect(upstream.requests).toHaveLength(2);
    expect(test.attempts[0].errorReason).toBe('RESET');
  });

  it('stops after maxAttempts and rejects with the last error', async () => {
    upstream.always(reply(503, ''));
    const test = client();

    const error = (await failureOf(test.client.request(read))) as WixHttpError;

    expect(error.status).toBe(503);
    expect(upstream.requests).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 409, 428, 501])('never retries HTTP %i', async (status) => {
    upstream.script(reply(status, { message: '', details: {} }), reply(200, OK));
    const test = client();

    const error = (await failureOf(test.client.request(read))) as WixHttpError;

    expect(error.status).toBe(status);
    expect(upstream.requests).toHaveLength(1);
    expect(test.sleeps).toEqual([]);
  });
});

describe('retries of writes', () => {
  it('retries a write whose connection was refused, which never reached the upstream', async () => {
    const port = await unusedPort();
    let revived: ScriptedUpstream | undefined;
    const test = client(
      {
        onSleep: async () => {
          revived = await startScriptedUpstream(port);
          revived.script(reply(200, OK));
        },
      },
      `http://127.0.0.1:${port}`,
    );
    try {
      await expect(test.client.request(write)).resolves.toEqual(OK);
      expect(test.attempts[0].errorReason).toBe('CONNECT');
      expect(revived?.requests).toHaveLength(1);
    } finally {
      await test.close();
      await revived?.close();
    }
  });

  it('rejects a refused connection as CONNECT that never reached the upstream', async () => {
    const port = await unusedPort();
    const test = client({}, `http://127.0.0.1:${port}`);

    const error = (await failureOf(test.client.request(write))) as WixTransportError;

    expect(error).toBeInstanceOf(WixTransportError);
    expect(error.reason).toBe('CONNECT');
    expect(error.mayHaveReachedUpstream).toBe(false);
    expect(error.transportCode).toBe('ECONNREFUSED');
    expect(test.attempts).toHaveLength(3);
    expect(error.message).not.toContain('127.0.0.1');
  });

  it('retries a 503 on a write that carries an idempotency key (default policy)', async () => {
    upstream.script(reply(503, ''), reply(200, OK));
    const test = client();

    await expect(test.client.request(keyedWrite)).resolves.toEqual(OK);

    expect(upstream.requests).toHaveLength(2);
    expect(upstream.requests.map((r) => JSON.parse(r.body))).toEqual([
      { idempotencyKey: 'idem-1' },
      { idempotencyKey: 'idem-1' },
    ]);
  });

  it('does not retry a 503 or a reset on a write without an idempotency key', async () => {
    upstream.script(reply(503, ''), dropConnection, reply(200, OK));
    const { client: http } = client();

    expect(((await failureOf(http.request(write))) as WixHttpError).status).toBe(503);
    const reset = (await failureOf(http.request(write))) as WixTransportError;
    expect([reset.reason, reset.mayHaveReachedUpstream]).toEqual(['RESET', true]);
    expect(upstream.requests).toHaveLength(2);
  });

  it("never retries an ambiguous write failure with writeRetry: 'never', even with a key", async () => {
    upstream.script(reply(503, ''), reply(200, OK));
    const test = client({ writeRetry: 'never' });

    expect(((await failureOf(test.client.request(keyedWrite))) as WixHttpError).status).toBe(503);
    expect(upstream.requests).toHaveLength(1);
  });

  it("still retries a 429 on a write without a key, even with writeRetry: 'never'", async () => {
    upstream.script(reply(429, { message: '', details: {} }), reply(200, OK));
    const test = client({ writeRetry: 'never' });

    await expect(test.client.request(write)).resolves.toEqual(OK);
    expect(upstream.requests).toHaveLength(2);
  });
});

describe('deadline', () => {
  it('aborts an attempt still running at the deadline with DEADLINE', async () => {
    upstream.script(hang);
    const test = client();

    const error = (await failureOf(
      test.client.request({ ...read, deadline: Date.now() + 150 }),
    )) as WixTransportError;

    expect(error).toBeInstanceOf(WixTransportError);
    expect([error.reason, error.mayHaveReachedUpstream]).toEqual(['DEADLINE', true]);
    expect(upstream.requests).toHaveLength(1);
  });

  it('makes no call when the deadline has already passed', async () => {
    const test = client();

    const error = (await failureOf(
      test.client.request({ ...read, deadline: Date.now() - 1 }),
    )) as WixTransportError;

    expect([error.reason, error.mayHaveReachedUpstream]).toEqual(['DEADLINE', false]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('does not retry when the wait would end past the deadline, and keeps the last error', async () => {
    upstream.script(reply(503, '', { 'retry-after': '1' }), reply(200, OK));
    const test = client();

    const error = (await failureOf(
      test.client.request({ ...read, deadline: Date.now() + 500 }),
    )) as WixHttpError;

    expect(error.status).toBe(503);
    expect(test.sleeps).toEqual([]);
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('timeouts', () => {
  const oneAttempt = { retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 100 } };

  it('fails with TIMEOUT when headers do not arrive in time', async () => {
    upstream.script(hang);
    const test = client({ ...oneAttempt, timeouts: { headersMs: 100, bodyMs: 1_000 } });

    const error = (await failureOf(test.client.request(read))) as WixTransportError;

    expect([error.reason, error.mayHaveReachedUpstream]).toEqual(['TIMEOUT', true]);
    expect(error.transportCode).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  it('fails with TIMEOUT when the body stalls', async () => {
    upstream.script(stallBody);
    const test = client({ ...oneAttempt, timeouts: { headersMs: 1_000, bodyMs: 100 } });

    const error = (await failureOf(test.client.request(read))) as WixTransportError;

    expect([error.reason, error.mayHaveReachedUpstream]).toEqual(['TIMEOUT', true]);
    expect(error.transportCode).toBe('UND_ERR_BODY_TIMEOUT');
  });
});

describe('circuit breaker', () => {
  const breakerClient = () =>
    client({
      retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 100 },
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 50 },
    });

  it('opens after N consecutive 5xx, fails fast without a call, then half-opens and closes', async () => {
    upstream.script(reply(503, ''), reply(500, ''), reply(200, OK));
    const test = breakerClient();

    await failureOf(test.client.request(read));
    await failureOf(test.client.request(read));
    expect(test.client.breakerState()).toBe('open');

    const fastFail = await failureOf(test.client.request(read));
    expect(fastFail).toBeInstanceOf(WixCircuitOpenError);
    expect(upstream.requests).toHaveLength(2);
    expect(test.attempts.at(-1)?.errorReason).toBe('CIRCUIT_OPEN');

    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(test.client.request(read)).resolves.toEqual(OK);
    expect(test.client.breakerState()).toBe('closed');
    expect(test.breakerStates).toEqual(['open', 'half-open', 'closed']);
    expect(upstream.requests).toHaveLength(3);
  });

  it('re-opens when the half-open probe fails', async () => {
    upstream.script(reply(503, ''), reply(503, ''), reply(503, ''));
    const test = breakerClient();
    await failureOf(test.client.request(read));
    await failureOf(test.client.request(read));

    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(((await failureOf(test.client.request(read))) as WixHttpError).status).toBe(503);

    expect(test.client.breakerState()).toBe('open');
    expect(await failureOf(test.client.request(read))).toBeInstanceOf(WixCircuitOpenError);
    expect(upstream.requests).toHaveLength(3);
  });

  it('re-opens when the half-open probe runs into the request deadline', async () => {
    upstream.script(reply(503, ''), reply(503, ''), hang);
    const test = breakerClient();
    await failureOf(test.client.request(read));
    await failureOf(test.client.request(read));

    await new Promise((resolve) => setTimeout(resolve, 80));
    const probe = await failureOf(test.client.request({ ...read, deadline: Date.now() + 100 }));

    expect(probe).toMatchObject({ reason: 'DEADLINE' });
    expect(test.client.breakerState()).toBe('open');
  });

  it('does not let a request whose deadline has passed act as the half-open probe', async () => {
    upstream.script(reply(503, ''), reply(503, ''), reply(200, OK));
    const test = breakerClient();
    await failureOf(test.client.request(read));
    await failureOf(test.client.request(read));

    await new Promise((resolve) => setTimeout(resolve, 80));
    await failureOf(test.client.request({ ...read, deadline: Date.now() - 1 }));
    expect(test.client.breakerState()).toBe('open');
    await expect(test.client.request(read)).resolves.toEqual(OK);
    expect(test.client.breakerState()).toBe('closed');
  });

  it('counts transport failures', async () => {
    upstream.script(dropConnection, dropConnection);
    const test = breakerClient();
    await failureOf(test.client.request(read));
    await failureOf(test.client.request(read));

    expect(test.client.breakerState()).toBe('open');
  });

  it('does not count 4xx or 429, which reset the consecutive count', async () => {
    upstream.script(
      reply(503, ''),
      reply(404, { message: '', details: {} }),
      reply(503, ''),
      reply(429, { message: '', details: {} }),
      reply(503, ''),
    );
    const test = breakerClient();
    for (let i = 0; i < 5; i++) await failureOf(test.client.request(read));

    expect(test.client.breakerState()).toBe('closed');
    expect(upstream.requests).toHaveLength(5);
  });

  it('stops retrying once the breaker opens during a retry loop', async () => {
    upstream.always(reply(503, ''));
    const test = client({
      retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 100 },
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 10_000 },
    });

    const error = (await failureOf(test.client.request(read))) as WixHttpError;

    expect(error.status).toBe(503);
    expect(upstream.requests).toHaveLength(2);
  });
});

describe('secrets stay out of errors', () => {
  it('never puts the API key, the upstream body or the URL into a message or String(error)', async () => {
    const secretBody = {
      message: 'UPSTREAM-SECRET-TEXT',
      details: { applicationError: { code: 'X' } },
    };
    upstream.script(
      reply(400, secretBody),
      reply(200, 'UPSTREAM-SECRET-TEXT'),
      reply(503, 'UPSTREAM-SECRET-TEXT'),
      dropConnection,
    );
    const test = client({
      retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 100 },
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 10_000 },
    });
    const errors: unknown[] = [];
    for (let i = 0; i < 4; i++) errors.push(await failureOf(test.client.request(read)));
    errors.push(await failureOf(test.client.request(read))); // breaker now open
    errors.push(await failureOf(test.client.request({ ...read, deadline: Date.now() - 1 })));
    const refused = client(
      { retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 100 } },
      `http://127.0.0.1:${await unusedPort()}`,
    );
    errors.push(await failureOf(refused.client.request(read)));

    expect(errors.map((e) => (e as Error).constructor.name)).toEqual([
      'WixHttpError',
      'WixProtocolError',
      'WixHttpError',
      'WixTransportError',
      'WixCircuitOpenError',
      'WixTransportError',
      'WixTransportError',
    ]);
    expect(errors.slice(5).map((e) => (e as WixTransportError).reason)).toEqual([
      'DEADLINE',
      'CONNECT',
    ]);
    for (const error of errors) {
      const texts = [(error as Error).message, String(error), (error as Error).stack ?? ''];
      for (const text of texts) {
        expect(text).not.toContain(TEST_API_KEY);
        expect(text).not.toContain('UPSTREAM-SECRET-TEXT');
        expect(text).not.toContain('127.0.0.1');
        expect(text).not.toContain('/resellers/');
      }
    }
  });
});
