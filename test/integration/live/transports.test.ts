/**
 * The live transports end to end, over real sockets against the emulator: Apollo Client with
 * GraphQLWsLink and a graphql-sse client receive changes (the gateway's own write, and a
 * provisioning step made in the emulator and found by the watcher); every check of the
 * pipeline applies; a sub-account never sees its parent's or a sibling's changes; an
 * unauthenticated or expired connection gets nothing; limits and the origin check hold.
 */
import { ApolloClient, InMemoryCache, gql, type NormalizedCacheObject } from '@apollo/client/core';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import type { ExecutionResult } from 'graphql';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import {
  rawUpgrade,
  sseClientFor,
  wsClientFor,
  type TestWsClient,
} from '../../helpers/live-clients';
import { collectStream } from '../../helpers/stream-collector';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { CREATE_PACKAGE, premiumInput } from '../mutations/mutation-documents';

const { reseller, customerA, customerB } = DEMO_ACCOUNTS;
const READ_WRITE = [SCOPE.read, SCOPE.write];

const SUBSCRIPTION = `subscription Changes {
  packageChanged { kind productInstanceId package { id accountId productInstances { instanceId status } } }
}`;

interface Change {
  kind: string;
  productInstanceId: string | null;
  package: {
    id: string;
    accountId: string;
    productInstances: { instanceId: string; status: string }[];
  } | null;
}

function changeOf(result: ExecutionResult | { data?: unknown; errors?: unknown }): Change {
  expect(result.errors).toBeUndefined();
  return (result.data as { packageChanged: Change }).packageChanged;
}

let gw: TestGateway;
const clients: TestWsClient[] = [];

async function authFor(account: string, scopes: readonly string[] = READ_WRITE, subs?: string[]) {
  const token = await tokenFor(account, [...scopes], subs ? { subAccountIds: subs } : {});
  return `Bearer ${token}`;
}

function ws(authorization?: string): TestWsClient {
  const client = wsClientFor(gw.url, authorization);
  clients.push(client);
  return client;
}

async function createAs(account: string): Promise<{ id: string; instanceId: string }> {
  const response = await gw.graphql<{
    createPackage: { package: { id: string; productInstances: { instanceId: string }[] } };
  }>(CREATE_PACKAGE, { input: premiumInput() }, { authorization: await authFor(account) });
  const pkg = response.body.data?.createPackage.package;
  if (!pkg) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  return { id: pkg.id, instanceId: pkg.productInstances[0]!.instanceId };
}

/** Waits until the feed holds `count` subscriptions (a subscribe is asynchronous). */
async function subscriptionsOpen(count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (gw.gateway.live.feed.subscriptionCount() < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} subscriptions open`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  gw = await startTestGateway({
    env: {
      ...HMAC_AUTH_ENV,
      WIX_WATCH_INTERVAL_MS: '3600000',
      LIVE_MAX_CONNECTIONS_PER_CALLER: '3',
      LIVE_MAX_SUBSCRIPTIONS: '2',
      GRAPHQL_MAX_DEPTH: '6',
    },
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map(({ client }) => client.dispose()));
  const deadline = Date.now() + 10_000;
  while (gw.gateway.live.feed.subscriptionCount() > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
});
afterAll(async () => {
  await gw.close();
});

describe('GraphQL over WebSocket', () => {
  it('Apollo Client with GraphQLWsLink receives its own write and a provisioning change', async () => {
    const { client: wsClient } = ws(await authFor(customerA));
    const apollo: ApolloClient<NormalizedCacheObject> = new ApolloClient({
      link: new GraphQLWsLink(wsClient),
      cache: new InMemoryCache(),
    });
    const received: Change[] = [];
    const errors: unknown[] = [];
    const subscription = apollo.subscribe({ query: gql(SUBSCRIPTION) }).subscribe({
      next: (result) => received.push((result.data as { packageChanged: Change }).packageChanged),
      error: (error: unknown) => errors.push(error),
    });
    try {
      await subscriptionsOpen(1);
      await gw.gateway.live.watcher?.tick(); // the watcher's baseline for customerA
      const created = await createAs(customerA);
      await waitFor(() => received.length >= 1);
      expect(received[0]).toMatchObject({
        kind: 'CREATED',
        package: { id: created.id, productInstances: [{ status: 'PENDING' }] },
      });
      // Provisioning completes at "Wix" (the emulator); the watcher finds it.
      gw.emulator.control.setInstanceStatus(created.instanceId, 'ENABLED');
      await gw.gateway.live.watcher?.tick();
      await waitFor(() => received.length >= 2);
      expect(received[1]).toMatchObject({
        kind: 'INSTANCE_UPDATED',
        productInstanceId: created.instanceId,
        package: { id: created.id, productInstances: [{ status: 'ENABLED' }] },
      });
      expect(errors).toEqual([]);
    } finally {
      subscription.unsubscribe();
      apollo.stop();
    }
  });

  it('keeps sub-accounts apart: neither a sibling nor the parent leaks', async () => {
    const ofA = collectStream(ws(await authFor(customerA)).client.iterate({ query: SUBSCRIPTION }));
    const ofB = collectStream(ws(await authFor(customerB)).client.iterate({ query: SUBSCRIPTION }));
    const parentOnly = collectStream(
      ws(await authFor(reseller)).client.iterate({ query: SUBSCRIPTION }),
    );
    const parentWithB = collectStream(
      ws(await authFor(reseller, [SCOPE.read, SCOPE.readSubAccounts], [customerB])).client.iterate({
        query: SUBSCRIPTION,
      }),
    );
    await subscriptionsOpen(4);
    const ofParent = await createAs(reseller);
    const ofSiblingA = await createAs(customerA);
    const ofSiblingB = await createAs(customerB);
    expect(changeOf(await ofA.item(0)).package?.id).toBe(ofSiblingA.id);
    expect(changeOf(await ofB.item(0)).package?.id).toBe(ofSiblingB.id);
    expect(changeOf(await parentOnly.item(0)).package?.id).toBe(ofParent.id);
    expect(changeOf(await parentWithB.item(0)).package?.id).toBe(ofParent.id);
    expect(changeOf(await parentWithB.item(1)).package?.id).toBe(ofSiblingB.id);
    // A last change everybody may see proves nothing else was on its way.
    const last = await createAs(reseller);
    expect(changeOf(await parentOnly.item(1)).package?.id).toBe(last.id);
    expect(changeOf(await parentWithB.item(2)).package?.id).toBe(last.id);
    expect(ofA.items).toHaveLength(1);
    expect(ofB.items).toHaveLength(1);
    expect(parentOnly.items).toHaveLength(2);
  });

  it('closes an unauthenticated, badly signed or expired connection with 4401 before anything runs', async () => {
    const expired = await tokenFor(customerA, [SCOPE.read], { ttlSec: -120 });
    for (const authorization of [undefined, 'Bearer not.a.token', `Bearer ${expired}`]) {
      const { client, closed } = ws(authorization);
      const stream = collectStream(client.iterate({ query: SUBSCRIPTION }));
      expect((await closed).code).toBe(4401);
      expect(await stream.ended).toBeDefined();
      expect(stream.items).toEqual([]);
    }
    expect(gw.gateway.live.feed.subscriptionCount()).toBe(0);
  });

  it('closes the socket when the token expires', async () => {
    const token = await tokenFor(customerA, [SCOPE.read], { ttlSec: 2 });
    const { client, closed } = ws(`Bearer ${token}`);
    const stream = collectStream(client.iterate({ query: SUBSCRIPTION }));
    await subscriptionsOpen(1);
    const event = await closed;
    expect(event).toEqual({ code: 4401, reason: 'Unauthorized: token expired' });
    await stream.ended;
    await waitFor(() => gw.gateway.live.feed.subscriptionCount() === 0);
  });

  it('runs the pipeline checks: scope, depth, and only subscriptions on this transport', async () => {
    gw.emulator.control.clearRequestLog();
    const writeOnly = ws(await authFor(customerA, [SCOPE.write])).client;
    const reader = ws(await authFor(customerA, [SCOPE.read])).client;
    const codeOf = async (client: typeof reader, query: string): Promise<unknown> => {
      const stream = collectStream(client.iterate({ query }));
      const ended = await stream.ended;
      return (ended as { extensions?: { code?: unknown } }[] | undefined)?.[0]?.extensions?.code;
    };
    expect(await codeOf(writeOnly, SUBSCRIPTION)).toBe('FORBIDDEN');
    expect(await codeOf(reader, '{ packages { edges { node { id } } } }')).toBe(
      'OPERATION_NOT_SUPPORTED',
    );
    expect(
      await codeOf(
        reader,
        `subscription { packageChanged { package { productInstances { package { productInstances {
          package { productInstances { instanceId } } } } } } } }`,
      ),
    ).toBe('MAX_DEPTH_EXCEEDED');
    expect(
      await codeOf(reader, 'subscription { packageChanged(packageIds: ["x"]) { kind } }'),
    ).toBe('BAD_USER_INPUT');
    expect(gw.emulator.control.requestLog()).toHaveLength(0);
    expect(gw.gateway.live.feed.subscriptionCount()).toBe(0);
  });

  it('limits subscriptions per connection and connections per caller', async () => {
    const auth = await authFor(customerA, [SCOPE.read]);
    const { client } = ws(auth);
    collectStream(client.iterate({ query: SUBSCRIPTION }));
    collectStream(client.iterate({ query: SUBSCRIPTION }));
    await subscriptionsOpen(2);
    const third = collectStream(client.iterate({ query: SUBSCRIPTION }));
    const refusal = (await third.ended) as { extensions?: { code?: string } }[];
    expect(refusal[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');

    const more = [ws(auth), ws(auth)];
    for (const { client: other } of more) collectStream(other.iterate({ query: SUBSCRIPTION }));
    await subscriptionsOpen(4);
    const overLimit = ws(auth);
    collectStream(overLimit.client.iterate({ query: SUBSCRIPTION }));
    expect((await overLimit.closed).code).toBe(4429);
  });

  it('refuses an upgrade from a foreign origin, accepts its own and non-browser clients', async () => {
    expect((await rawUpgrade(gw.url, { origin: 'https://evil.example' })).status).toBe(403);
    for (const origin of [gw.url, undefined]) {
      const { socket } = await rawUpgrade(gw.url, origin === undefined ? {} : { origin });
      expect(socket?.protocol).toBe('graphql-transport-ws');
      socket?.terminate();
    }
    expect((await rawUpgrade(gw.url, { path: '/elsewhere' })).status).toBe(404);
  });
});

describe('GraphQL over SSE', () => {
  it('a graphql-sse client receives a change with the Authorization header', async () => {
    const client = sseClientFor(gw.url, await authFor(customerA));
    const stream = collectStream(client.iterate({ query: SUBSCRIPTION }));
    try {
      await subscriptionsOpen(1);
      await gw.gateway.live.watcher?.tick();
      const created = await createAs(customerA);
      expect(changeOf(await stream.item(0))).toMatchObject({
        kind: 'CREATED',
        package: { id: created.id, accountId: customerA },
      });
      gw.emulator.control.setInstanceStatus(created.instanceId, 'FAILED', { code: 'UNKNOWN' });
      await gw.gateway.live.watcher?.tick();
      expect(changeOf(await stream.item(1))).toMatchObject({
        kind: 'INSTANCE_FAILED',
        productInstanceId: created.instanceId,
      });
    } finally {
      client.dispose();
    }
  });

  it('answers refusals before the stream opens, masked, with the HTTP status', async () => {
    const post = async (headers: Record<string, string>, query: string) => {
      const response = await fetch(`${gw.url}/graphql/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors: { extensions?: { code?: string } }[] };
      return [response.status, body.errors[0]?.extensions?.code];
    };
    gw.emulator.control.clearRequestLog();
    expect(await post({}, SUBSCRIPTION)).toEqual([401, 'UNAUTHENTICATED']);
    const writeOnly = await authFor(customerA, [SCOPE.write]);
    expect(await post({ authorization: writeOnly }, SUBSCRIPTION)).toEqual([403, 'FORBIDDEN']);
    const readWrite = await authFor(customerA);
    expect(
      await post(
        { authorization: readWrite },
        'mutation { cancelPackage(id: "x") { userErrors { code } } }',
      ),
    ).toEqual([400, 'OPERATION_NOT_SUPPORTED']);
    expect(gw.emulator.control.requestLog()).toHaveLength(0);
  });
});

describe('metrics', () => {
  it('reports open connections, active subscriptions and delivered events', async () => {
    const { client } = ws(await authFor(customerB));
    const stream = collectStream(client.iterate({ query: SUBSCRIPTION }));
    await subscriptionsOpen(1);
    await createAs(customerB);
    await stream.item(0);
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    expect(text).toMatch(/^gateway_live_connections\{transport="websocket"\} 1$/m);
    expect(text).toMatch(/^gateway_live_subscriptions 1$/m);
    expect(text).toMatch(/^gateway_live_events_delivered_total\{source="own-write"\} [1-9]\d*$/m);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
