/**
 * The server's limits against slow clients (headers, request and keep-alive timeouts) bound how
 * long a request takes to arrive, never how long an answer may last: a graphql-ws subscription
 * (an upgraded socket) and a graphql-sse stream on `/graphql/stream` (a response that stays
 * open) outlive every timeout and still deliver changes. Checked with timeouts of about a
 * second, on a gateway where a stalled request is cut meanwhile.
 */
import { connect } from 'node:net';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { sseClientFor, wsClientFor, type CloseEvent } from '../../helpers/live-clients';
import { collectStream } from '../../helpers/stream-collector';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { CREATE_PACKAGE, premiumInput } from '../mutations/mutation-documents';

const { customerA } = DEMO_ACCOUNTS;
const SUBSCRIPTION = 'subscription { packageChanged { kind package { id } } }';
const TIMEOUTS = {
  HTTP_HEADERS_TIMEOUT_MS: '1000',
  HTTP_REQUEST_TIMEOUT_MS: '1000',
  HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
};
/** Longer than every timeout above plus Node's check interval (1 s), with a margin. */
const OUTLIVE_MS = 4_000;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    env: { ...HMAC_AUTH_ENV, ...TIMEOUTS, WIX_WATCH_INTERVAL_MS: '3600000' },
  });
});
afterAll(async () => {
  await gw.close();
});

async function subscriptionsOpen(count: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (gw.gateway.live.feed.subscriptionCount() < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} subscriptions open`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with what the gateway wrote into a connection that stalls in its headers. */
function stalledHeaders(): Promise<string> {
  const { hostname, port } = new URL(gw.url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    socket.on('connect', () => socket.write(`POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\n`));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
  });
}

it('a WebSocket subscription and an SSE stream outlive the timeouts and still deliver', async () => {
  const authorization = `Bearer ${await tokenFor(customerA, [SCOPE.read, SCOPE.write])}`;
  const ws = wsClientFor(gw.url, authorization);
  let wsClosed: CloseEvent | undefined;
  void ws.closed.then((event) => (wsClosed = event));
  const sse = sseClientFor(gw.url, authorization);
  const overWs = collectStream(ws.client.iterate({ query: SUBSCRIPTION }));
  const overSse = collectStream(sse.iterate({ query: SUBSCRIPTION }));
  try {
    await subscriptionsOpen(2);
    const openedAt = Date.now();
    // Meanwhile the timeouts are at work: a request stalled in its headers is cut.
    expect(await stalledHeaders()).toMatch(/^HTTP\/1\.1 408 /);
    const left = OUTLIVE_MS - (Date.now() - openedAt);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));

    expect(wsClosed).toBeUndefined();
    expect(overWs.isEnded).toBe(false);
    expect(overSse.isEnded).toBe(false);
    expect(gw.gateway.live.feed.subscriptionCount()).toBe(2);

    const created = await gw.graphql<{ createPackage: { package: { id: string } } }>(
      CREATE_PACKAGE,
      { input: premiumInput() },
      { authorization },
    );
    const id = created.body.data?.createPackage.package.id;
    expect(id).toBeDefined();
    for (const stream of [overWs, overSse]) {
      expect((await stream.item(0, 15_000)).data).toEqual({
        packageChanged: { kind: 'CREATED', package: { id } },
      });
    }
  } finally {
    sse.dispose();
    await ws.client.dispose();
  }
}, 60_000);
