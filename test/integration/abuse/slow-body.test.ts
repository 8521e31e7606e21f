/**
 * Abuse: slow and stalled requests (slowloris, stalled uploads) cannot hold the gateway's
 * memory or connections. A request whose headers or body do not arrive in time is answered 408
 * and its connection closed; request bodies buffered at once are capped across every route that
 * reads one (GraphQL, the SSE endpoint, the webhook receiver: 503 `SERVER_BUSY` past the cap);
 * connections are capped. After each, the gateway still answers `{ __typename }` at once.
 *
 * A connection that has sent nothing is not a late request: it is closed without an answer
 * (a browser's preconnected socket must never read a 408), and a request sent on a new
 * connection while the gateway's event loop was busy is answered, not timed out unread.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

/** What one raw connection received, and whether the gateway closed it. */
interface RawConnection {
  readonly socket: Socket;
  received(): string;
  /** Resolves once the gateway has closed the connection; rejects after `withinMs`. */
  closed(withinMs: number): Promise<void>;
}

function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    let ended = false;
    const endWaiters: (() => void)[] = [];
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    // A reset counts as closed too (the gateway may cut a connection it still receives on).
    socket.on('error', () => {});
    socket.once('close', () => {
      ended = true;
      endWaiters.forEach((wake) => wake());
    });
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => received,
        closed: (withinMs) =>
          new Promise<void>((done, fail) => {
            if (ended) return done();
            const timer = setTimeout(
              () => fail(new Error(`connection still open after ${withinMs} ms`)),
              withinMs,
            );
            endWaiters.push(() => {
              clearTimeout(timer);
              done();
            });
          }),
      }),
    );
  });
}

/** The head of a POST to `path` announcing a body of `length` bytes. */
function postHead(url: string, length: number, path = '/graphql', extra = ''): string {
  return (
    `POST ${path} HTTP/1.1\r\nHost: ${new URL(url).host}\r\n${extra}` +
    `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`
  );
}

/** A JSON body prefix of `size` bytes, the start of a request that never completes. */
function bodyPrefix(size: number): string {
  const start = '{"query":"{ __typename }","variables":{"pad":"';
  return start + 'x'.repeat(size - start.length);
}

/** Fails unless `{ __typename }` is answered, with data, within a few seconds. */
async function expectStillServing(gw: TestGateway): Promise<void> {
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
}

/** A complete POST to `path` padded to about `size` bytes. */
async function postPadded(
  gw: TestGateway,
  size: number,
  path = '/graphql',
  headers: Record<string, string> = {},
): Promise<Response> {
  const response = await fetch(`${gw.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(size - 60) } }),
    signal: AbortSignal.timeout(10_000),
  });
  await response.clone().arrayBuffer();
  return response;
}

/** Fails unless `raw` is a 408 whose body is the typed `REQUEST_TIMEOUT` error. */
function expectTimedOut(raw: string): void {
  expect(raw).toMatch(/^HTTP\/1\.1 408 /);
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  expect(JSON.parse(body)).toEqual({
    errors: [
      { message: 'the request did not arrive in time', extensions: { code: 'REQUEST_TIMEOUT' } },
    ],
  });
}

async function errorCodesOf(response: Response): Promise<unknown[]> {
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return (body.errors ?? []).map((error) => error.extensions?.code);
}

/**
 * Sends a `{ __typename }` POST from another process on a new connection and resolves with the
 * raw answer (another process, so that it is sent while this process's event loop is blocked).
 */
function requestFromChildProcess(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ query: '{ __typename }' });
  const request = postHead(url, Buffer.byteLength(body)) + body;
  const script = `
    const socket = require('node:net').connect(${Number(port)}, ${JSON.stringify(hostname)});
    let answer = '';
    socket.on('connect', () => socket.write(${JSON.stringify(request)}));
    socket.on('data', (chunk) => { answer += chunk; if (answer.includes('"__typename"')) socket.end(); });
    socket.on('error', () => {});
    socket.on('close', () => process.stdout.write(answer));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', () => resolve(output));
  });
}

/** Blocks this process's event loop (the gateway's too) for `ms`, as a CPU-starved host does. */
function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: nothing else runs, no socket is read
  }
}

const opened: RawConnection[] = [];
async function raw(url: string): Promise<RawConnection> {
  const connection = await openRaw(url);
  opened.push(connection);
  return connection;
}
afterEach(() => {
  for (const connection of opened.splice(0)) connection.socket.destroy();
});

describe('with the default timeouts', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers 408 and closes a stalled body within 10 s', async () => {
    const connection = await raw(gw.url);
    const startedAt = Date.now();
    connection.socket.write(postHead(gw.url, 1024 * 1024) + bodyPrefix(64 * 1024));
    // The body stalls: 64 KiB of an announced 1 MiB.
    await connection.closed(20_000);
    expect(Date.now() - startedAt).toBeLessThan(11_000);
    expectTimedOut(connection.received());
    expect(gw.emulator.control.requestLog()).toEqual([]);
    await expectStillServing(gw);
  }, 40_000);
});

describe('with short timeouts and a connection cap', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
        HTTP_MAX_CONNECTIONS: '8',
      },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers 408 and closes a connection whose headers stall', async () => {
    const connection = await raw(gw.url);
    connection.socket.write(`POST /graphql HTTP/1.1\r\nHost: ${new URL(gw.url).host}\r\n`);
    await connection.closed(15_000);
    expectTimedOut(connection.received());
    await expectStillServing(gw);
  }, 30_000);

  it('answers 408 and closes a stalled body after HTTP_REQUEST_TIMEOUT_MS', async () => {
    const connection = await raw(gw.url);
    connection.socket.write(postHead(gw.url, 64 * 1024) + bodyPrefix(16 * 1024));
    await connection.closed(15_000);
    expectTimedOut(connection.received());
    expect(gw.emulator.control.requestLog()).toEqual([]);
    await expectStillServing(gw);
  }, 30_000);

  it('answers malformed HTTP with a typed 400 and oversized headers with a typed 431', async () => {
    const cases: [string, RegExp, string][] = [
      ['NOT HTTP AT ALL\r\n\r\n', /^HTTP\/1\.1 400 /, 'BAD_REQUEST'],
      [
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'x'.repeat(32 * 1024)}\r\n\r\n`,
        /^HTTP\/1\.1 431 /,
        'HEADERS_TOO_LARGE',
      ],
    ];
    for (const [request, status, code] of cases) {
      const connection = await raw(gw.url);
      connection.socket.write(request);
      await connection.closed(15_000);
      const answer = connection.received();
      expect(answer).toMatch(status);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
        errors: { extensions: { code: string } }[];
      };
      expect(body.errors.map((error) => error.extensions.code)).toEqual([code]);
    }
    await expectStillServing(gw);
  }, 30_000);

  it('closes a connection that never sent a byte without writing anything into it', async () => {
    // A browser's preconnected socket: a 408 in it could be read as the answer to a request
    // the browser sends on it at that moment.
    const connection = await raw(gw.url);
    await connection.closed(15_000);
    expect(connection.received()).toBe('');
    await expectStillServing(gw);
  }, 30_000);

  it('answers a request sent on a new connection while the event loop was busy', async () => {
    // The gateway is slow to read (a loaded host) for longer than the headers timeout right
    // after accepting the connection; the client had sent its request in time.
    gw.gateway.server.once('connection', () => blockEventLoop(2_500));
    const answer = await requestFromChildProcess(gw.url);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('{"data":{"__typename":"Query"}}');
  }, 30_000);

  it('closes connections past HTTP_MAX_CONNECTIONS at once, and serves again below it', async () => {
    const held = await Promise.all(Array.from({ length: 8 }, () => raw(gw.url)));
    const extra = await raw(gw.url);
    await extra.closed(10_000);
    expect(extra.received()).toBe('');
    for (const connection of held) connection.socket.destroy();
    // Closed connections leave the count as the gateway sees them go: poll until it serves.
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await expectStillServing(gw);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }, 40_000);
});

describe('with a keep-alive timeout longer than the headers timeout', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '3000' },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('keeps a connection that sent nothing as long as an idle keep-alive one, then closes it', async () => {
    // A load balancer tunes its idle timeout against HTTP_KEEP_ALIVE_TIMEOUT_MS: a connection it
    // opened ahead of need must not be closed sooner, at the headers timeout.
    const connection = await raw(gw.url);
    const openedAt = Date.now();
    await connection.closed(20_000);
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(2_900);
    expect(connection.received()).toBe('');
    await expectStillServing(gw);
  }, 40_000);
});

describe('the buffered-bytes budget, shared by every route that reads a body', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    gw = await startTestGateway({
      env: {
        // Long enough that the stalled bodies hold their bytes for the whole test.
        HTTP_HEADERS_TIMEOUT_MS: '60000',
        HTTP_REQUEST_TIMEOUT_MS: '60000',
        GRAPHQL_BODY_LIMIT_BYTES: String(64 * 1024),
        HTTP_MAX_BUFFERED_BODY_BYTES: String(160 * 1024),
      },
      gateway: { webhookPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  /** Two stalled 60 KiB GraphQL bodies: 120 of the 160 KiB held, a 60 KiB body would pass it. */
  async function stallTwoBodies(): Promise<RawConnection[]> {
    const stalled = [await raw(gw.url), await raw(gw.url)];
    for (const connection of stalled) {
      connection.socket.write(postHead(gw.url, 64 * 1024) + bodyPrefix(60 * 1024));
    }
    // Polled: the first attempts may be read before the stalled bodies are.
    const deadline = Date.now() + 15_000;
    while ((await postPadded(gw, 60 * 1024)).status === 200) {
      if (Date.now() > deadline) throw new Error('the stalled bodies never filled the budget');
    }
    return stalled;
  }

  it('answers 503 SERVER_BUSY on /graphql, /graphql/stream and /webhooks/wix, then recovers', async () => {
    const stalled = await stallTwoBodies();

    const graphql = await postPadded(gw, 60 * 1024);
    expect(graphql.status).toBe(503);
    expect(graphql.headers.get('retry-after')).toBe('1');
    expect(await errorCodesOf(graphql)).toEqual(['SERVER_BUSY']);

    const stream = await postPadded(gw, 60 * 1024, '/graphql/stream', {
      accept: 'text/event-stream',
    });
    expect(stream.status).toBe(503);
    expect(stream.headers.get('retry-after')).toBe('1');
    expect(await errorCodesOf(stream)).toEqual(['SERVER_BUSY']);

    // Wix resends a webhook that is not answered 2xx.
    const webhook = await postPadded(gw, 60 * 1024, '/webhooks/wix');
    expect(webhook.status).toBe(503);
    expect(webhook.headers.get('retry-after')).toBe('1');

    // A refused client trickling the rest of its body does not keep its connection: it is
    // answered and closed at once, not at the request timeout (60 s here).
    const refused = await raw(gw.url);
    refused.socket.write(postHead(gw.url, 64 * 1024) + bodyPrefix(60 * 1024));
    await refused.closed(5_000);
    expect(refused.received()).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused.received()).toMatch(/\r\nconnection: close\r\n/i);

    // Small requests still fit beside the stalled bodies.
    await expectStillServing(gw);
    expect(gw.emulator.control.requestLog()).toEqual([]);

    // The stalled clients leave: their bytes are given back, the same request is accepted.
    for (const connection of stalled) connection.socket.destroy();
    const deadline = Date.now() + 15_000;
    let again: Response;
    do {
      again = await postPadded(gw, 60 * 1024);
    } while (again.status === 503 && Date.now() < deadline);
    expect(again.status).toBe(200);
  }, 60_000);
});
