/**
 * Abuse: slow and stalled requests (slowloris, stalled uploads) cannot hold the gateway's
 * memory or connections. A request whose headers or body do not arrive in time is answered 408
 * and its connection closed; request bodies buffered at once are capped (503 `SERVER_BUSY`
 * past the cap); connections are capped. After each, the gateway still answers
 * `{ __typename }` at once.
 */
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

/** The head of a GraphQL POST announcing a body of `length` bytes. */
function postHead(url: string, length: number): string {
  return (
    `POST /graphql HTTP/1.1\r\nHost: ${new URL(url).host}\r\n` +
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
    signal: AbortSignal.timeout(5_000),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
}

/** A complete `{ __typename }` request padded to about `size` bytes. */
async function postPadded(gw: TestGateway, size: number): Promise<Response> {
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(size - 60) } }),
    signal: AbortSignal.timeout(5_000),
  });
  await response.clone().arrayBuffer();
  return response;
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
    await connection.closed(15_000);
    expect(Date.now() - startedAt).toBeLessThan(11_000);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(gw.emulator.control.requestLog()).toEqual([]);
    await expectStillServing(gw);
  }, 30_000);
});

describe('with short timeouts and small caps', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: {
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
        GRAPHQL_BODY_LIMIT_BYTES: String(64 * 1024),
        HTTP_MAX_BUFFERED_BODY_BYTES: String(160 * 1024),
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
    await connection.closed(10_000);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
    await expectStillServing(gw);
  }, 20_000);

  it('answers 503 SERVER_BUSY once stalled bodies hold the buffered-bytes cap', async () => {
    // Two stalled 60 KiB bodies hold 120 of the 160 KiB; a complete 60 KiB request would pass it.
    const stalled = [await raw(gw.url), await raw(gw.url)];
    for (const connection of stalled) {
      connection.socket.write(postHead(gw.url, 64 * 1024) + bodyPrefix(60 * 1024));
    }
    // Polled: the first attempts may be read before the stalled bodies are.
    const deadline = Date.now() + 10_000;
    let refused: Response;
    do {
      refused = await postPadded(gw, 60 * 1024);
    } while (refused.status === 200 && Date.now() < deadline);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((error) => error.extensions.code)).toEqual(['SERVER_BUSY']);
    // Small requests still fit beside the stalled bodies, which the timeout then cuts.
    await expectStillServing(gw);
    await Promise.all(stalled.map((connection) => connection.closed(10_000)));
    expect(gw.emulator.control.requestLog()).toEqual([]);
    // Their bytes are given back: the same request is accepted again.
    expect((await postPadded(gw, 60 * 1024)).status).toBe(200);
  }, 30_000);

  it('closes connections past HTTP_MAX_CONNECTIONS at once, and serves again below it', async () => {
    const held = await Promise.all(Array.from({ length: 8 }, () => raw(gw.url)));
    const extra = await raw(gw.url);
    await extra.closed(5_000);
    expect(extra.received()).toBe('');
    for (const connection of held) connection.socket.destroy();
    // Closed connections leave the count as the gateway sees them go: poll until it serves.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await expectStillServing(gw);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }, 30_000);
});
