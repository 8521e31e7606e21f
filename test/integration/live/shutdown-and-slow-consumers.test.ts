/**
 * The live transports at the edges of a connection's life: a consumer that stops reading is
 * dropped with a clear reason (never buffered without bound), and graceful shutdown closes
 * WebSockets with 1001 and ends SSE streams before the server stops, an idle raw socket
 * included.
 */
import WebSocket from 'ws';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import type { PackageChangeEvent } from '../../../src/live/package-change';
import type { WixPackage } from '../../../src/wix/wire-types';
import { HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { rawUpgrade, sseClientFor, wsClientFor } from '../../helpers/live-clients';
import { aPackage } from '../../helpers/package-fixtures';
import { collectStream } from '../../helpers/stream-collector';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const { customerA } = DEMO_ACCOUNTS;
const SUBSCRIPTION = `subscription {
  packageChanged { kind package { id productInstances { instanceId status catalogProductId createdDate } } }
}`;

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A package of customerA with 1000 instances (about 150 KB per delivered change). */
function bigPackage(version: number): WixPackage {
  const pkg = aPackage({
    id: 1,
    accountId: customerA,
    instances: Array.from({ length: 1000 }, (_, n) => ({ id: n + 1, status: 'PENDING' as const })),
  });
  return { ...pkg, updatedDate: new Date(Date.parse(pkg.updatedDate) + version).toISOString() };
}

function changeOf(pkg: WixPackage, n: number): PackageChangeEvent {
  return {
    eventId: `slow-${n}`,
    kind: 'INSTANCE_UPDATED',
    occurredAt: pkg.updatedDate,
    accountId: pkg.accountId,
    packageId: pkg.id,
    package: pkg,
    order: Date.parse(pkg.updatedDate),
    source: 'webhook',
  };
}

describe('a slow consumer', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: { ...HMAC_AUTH_ENV, WIX_WATCH_INTERVAL_MS: '0', LIVE_SUBSCRIBER_QUEUE_LIMIT: '2' },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('is dropped: a last SLOW_CONSUMER error, then the socket closes with 1013', async () => {
    const { socket } = await rawUpgrade(gw.url);
    if (!socket) throw new Error('upgrade refused');
    const messages: { type: string; payload?: unknown }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    const token = await tokenFor(customerA, [SCOPE.read]);
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
    );
    await waitFor(() => messages.some((message) => message.type === 'connection_ack'));
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION } }));
    await waitFor(() => gw.gateway.live.feed.subscriptionCount() === 1);

    // The client stops reading: the kernel buffers fill, sends stall, the queue overflows.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    let published = 0;
    while (gw.gateway.live.feed.subscriptionCount() > 0 && published < 2_000) {
      published += 1;
      await gw.gateway.live.bus.publish(changeOf(bigPackage(published), published));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(gw.gateway.live.feed.subscriptionCount()).toBe(0);
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();

    expect(await closed).toEqual({ code: 1013, reason: 'SLOW_CONSUMER: subscribe again' });
    const nexts = messages.filter((message) => message.type === 'next');
    expect(nexts.length).toBeLessThan(published);
    expect(nexts.at(-1)?.payload).toMatchObject({
      errors: [{ extensions: { code: 'SLOW_CONSUMER' } }],
    });
  });
});

describe('graceful shutdown with open subscriptions', () => {
  it('closes WebSockets with 1001 and ends SSE streams, an idle socket included', async () => {
    const gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV, WIX_WATCH_INTERVAL_MS: '0' } });
    let closedGateway = false;
    try {
      const authorization = `Bearer ${await tokenFor(customerA, [SCOPE.read])}`;
      const ws = wsClientFor(gw.url, authorization);
      const wsStream = collectStream(ws.client.iterate({ query: SUBSCRIPTION }));
      const sse = sseClientFor(gw.url, authorization);
      const sseStream = collectStream(sse.iterate({ query: SUBSCRIPTION }));
      // A socket that never says connection_init (graphql-ws would wait 3 s for it).
      const { socket: idle } = await rawUpgrade(gw.url);
      const idleClosed = new Promise<number>((resolve) =>
        idle?.once('close', (code) => resolve(code)),
      );
      await waitFor(() => gw.gateway.live.feed.subscriptionCount() === 2);

      await gw.close();
      closedGateway = true;
      expect((await ws.closed).code).toBe(1001);
      expect(await idleClosed).toBe(1001);
      await sseStream.ended;
      await wsStream.ended;
      expect(gw.gateway.live.feed.subscriptionCount()).toBe(0);
      expect(idle?.readyState).toBe(WebSocket.CLOSED);
      sse.dispose();
      await ws.client.dispose();
    } finally {
      if (!closedGateway) await gw.close();
    }
  });
});
