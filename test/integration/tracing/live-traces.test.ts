/**
 * Traces of live updates, recorded in memory: the subscribe on each transport (WebSocket, SSE)
 * continues the client's trace and is the parent of the subscription's operation span; each
 * event executes in a span of its own trace, carrying the change's source and linked to the
 * subscription and to the span that published the change (an own write's operation, a Wix
 * webhook's request, the watcher's tick); the webhook receiver and the watcher's ticks have
 * spans of their own; errors are recorded by `extensions.code`; no span holds a header, the API
 * key, a token, a webhook body or the variables.
 */
import { generateKeyPairSync } from 'node:crypto';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { SCOPE } from '../../../src/auth/scopes';
import { createInProcessChangeBus } from '../../../src/live/change-bus';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { WIX_PACKAGES_ENTITY_FQDN, type WixPackage } from '../../../src/wix/wire-types';
import { HMAC_AUTH_ENV, TEST_JWT_SECRET, tokenFor } from '../../helpers/auth-tokens';
import { sseClientFor } from '../../helpers/live-clients';
import { aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import {
  aTraceparent,
  exportedText,
  onlySpan,
  parentIdOf,
  startRecordingTracing,
  type RecordingTracing,
} from '../../helpers/recorded-spans';
import { collectStream, type StreamCollector } from '../../helpers/stream-collector';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../../helpers/test-gateway';
import { QUERY_PACKAGES_PATH } from '../../helpers/upstream-calls';
import { CREATE_PACKAGE, premiumInput } from '../mutations/mutation-documents';

const { customerA } = DEMO_ACCOUNTS;
const READ_WRITE = [SCOPE.read, SCOPE.write];
const SUBSCRIPTION = `subscription Changes($ids: [ID!]) {
  packageChanged(packageIds: $ids) { kind package { id productInstances { status } } }
}`;
const ALL_CHANGES = `subscription Changes { packageChanged { kind package { id } } }`;

const WIX_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });
const FORGER_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });

let gw: TestGateway;
let recording: RecordingTracing;
let authorization: string;
/** Every token, signed webhook body and variable value used: no span may hold one. */
const secrets: string[] = [TEST_API_KEY, TEST_JWT_SECRET];
const wsClients: WsClient[] = [];

beforeAll(async () => {
  recording = await startRecordingTracing();
  gw = await startTestGateway({
    env: {
      ...HMAC_AUTH_ENV,
      WIX_WATCH_INTERVAL_MS: '3600000',
      WIX_WEBHOOK_PUBLIC_KEY: WIX_KEY.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      UPSTREAM_BREAKER_FAILURES: '100',
    },
    tracing: recording.tracing,
  });
  const token = await tokenFor(customerA, READ_WRITE);
  secrets.push(token);
  authorization = `Bearer ${token}`;
});

beforeEach(() => {
  gw.emulator.control.reset('empty');
  gw.emulator.control.seed({
    packages: [
      aPackage({ id: 1, accountId: customerA, instances: [{ id: 1, status: 'PENDING' }] }),
    ],
  });
  gw.emulator.control.clearFaults();
  recording.exporter.reset();
});

afterEach(async () => {
  await Promise.all(wsClients.splice(0).map((client) => client.dispose()));
  await until(() => gw.gateway.live.feed.subscriptionCount() === 0, 'subscriptions closed');
  // Whatever each test recorded (before the next one resets it), no span holds a secret.
  expectNothingSecret(recording.exporter.getFinishedSpans());
});

afterAll(async () => {
  await gw.close();
});

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const finished = (): ReadableSpan[] => recording.exporter.getFinishedSpans();

/** Waits for `count` finished spans named `name`, and returns them. */
async function spansNamed(name: string, count = 1): Promise<ReadableSpan[]> {
  await until(() => finished().filter((span) => span.name === name).length >= count, name);
  return finished().filter((span) => span.name === name);
}

function expectNothingSecret(spans: readonly ReadableSpan[]): void {
  const text = exportedText(spans);
  for (const secret of [...secrets, packageId(1), instanceId(1)]) {
    expect(text).not.toContain(secret);
  }
  expect(text.toLowerCase()).not.toContain('authorization');
  expect(text).not.toContain('Bearer');
}

const idOf = (span: ReadableSpan): string => span.spanContext().spanId;
const traceOf = (span: ReadableSpan): string => span.spanContext().traceId;
const linksOf = (span: ReadableSpan) =>
  span.links.map((link) => ({
    kind: link.attributes?.['packages_gateway.link.kind'],
    traceId: link.context.traceId,
    spanId: link.context.spanId,
  }));

/** A graphql-ws client whose upgrade request carries `traceparent`. */
function wsClientWithTrace(traceparent: string): WsClient {
  class TracedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { traceparent } });
    }
  }
  const client = createWsClient({
    url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: TracedWebSocket,
    retryAttempts: 0,
    connectionParams: { authorization },
  });
  wsClients.push(client);
  return client;
}

async function createPackage(traceparent: string): Promise<string> {
  const response = await gw.graphql<{ createPackage: { package: { id: string } } }>(
    CREATE_PACKAGE,
    { input: premiumInput() },
    { authorization, traceparent },
  );
  const id = response.body.data?.createPackage.package.id;
  if (id === undefined) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  secrets.push(id);
  return id;
}

describe('a WebSocket subscription', () => {
  it('subscribes in the client’s trace; an own write’s event is a span of its own, linked to the write and the subscription', async () => {
    const client = aTraceparent();
    const events = collectStream(
      wsClientWithTrace(client.traceparent).iterate({
        query: SUBSCRIPTION,
        variables: { ids: null },
      }),
    );
    const [subscribe] = await spansNamed('graphql-ws subscribe');
    const operation = onlySpan(finished(), 'subscription Changes');
    expect(subscribe?.kind).toBe(SpanKind.SERVER);
    expect(traceOf(subscribe!)).toBe(client.traceId);
    expect(parentIdOf(subscribe!)).toBe(client.spanId);
    expect(subscribe?.attributes).toMatchObject({
      'packages_gateway.live.transport': 'websocket',
      'packages_gateway.live.subscribe.outcome': 'started',
      'network.protocol.name': 'websocket',
    });
    expect(operation.kind).toBe(SpanKind.INTERNAL);
    expect(parentIdOf(operation)).toBe(idOf(subscribe!));
    expect(operation.attributes).toMatchObject({
      'graphql.operation.type': 'subscription',
      'graphql.operation.name': 'Changes',
    });

    await until(() => gw.gateway.live.feed.subscriptionCount() === 1, 'the subscription');
    const writer = aTraceparent();
    await createPackage(writer.traceparent);
    await events.item(0);
    const write = onlySpan(finished(), 'mutation Create');
    expect(traceOf(write)).toBe(writer.traceId);

    const [event] = await spansNamed('subscription Changes event');
    expect(event?.kind).toBe(SpanKind.CONSUMER);
    // A trace of its own: neither the subscriber's nor the writer's.
    expect(event?.parentSpanContext).toBeUndefined();
    expect([client.traceId, writer.traceId]).not.toContain(traceOf(event!));
    expect(event?.attributes).toMatchObject({
      'graphql.operation.type': 'subscription',
      'graphql.operation.name': 'Changes',
      'packages_gateway.change.source': 'own-write',
      'packages_gateway.change.kind': 'CREATED',
    });
    expect(linksOf(event!)).toEqual([
      { kind: 'subscription', traceId: client.traceId, spanId: idOf(operation) },
      { kind: 'change_producer', traceId: writer.traceId, spanId: idOf(write) },
    ]);
    expect(event?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records a refused subscribe with its code', async () => {
    const client = aTraceparent();
    const events = collectStream(
      wsClientWithTrace(client.traceparent).iterate({ query: 'subscription { nope }' }),
    );
    expect(await events.ended).toBeDefined();
    const [subscribe] = await spansNamed('graphql-ws subscribe');
    expect(traceOf(subscribe!)).toBe(client.traceId);
    expect(subscribe?.attributes).toMatchObject({
      'packages_gateway.live.subscribe.outcome': 'refused',
      'error.type': 'GRAPHQL_VALIDATION_FAILED',
    });
    expect(subscribe?.status.code).toBe(SpanStatusCode.ERROR);
    expect(subscribe?.events.map((event) => event.attributes?.['graphql.error.code'])).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
  });
});

describe('an SSE subscription', () => {
  it('opens in the server span of its request, which ends when the stream opens', async () => {
    const sse = sseClientFor(gw.url, authorization);
    const stream = sse.iterate({ query: ALL_CHANGES });
    const events = collectStream(stream);
    try {
      const [server] = await spansNamed('POST /graphql/stream');
      // graphql-sse's client sends no traceparent: the span starts a trace.
      expect(server?.kind).toBe(SpanKind.SERVER);
      expect(server?.attributes).toMatchObject({
        'http.route': '/graphql/stream',
        'http.response.status_code': 200,
        'packages_gateway.live.transport': 'sse',
        'packages_gateway.live.subscribe.outcome': 'started',
      });
      const operation = onlySpan(finished(), 'subscription Changes');
      expect(parentIdOf(operation)).toBe(idOf(server!));
      expect(events.isEnded).toBe(false);
    } finally {
      await stream.return?.(undefined);
      sse.dispose();
    }
  });

  it('continues the client’s trace, and records a refusal by code and status', async () => {
    const client = aTraceparent();
    const noRead = await tokenFor(customerA, []);
    secrets.push(noRead);
    const response = await fetch(`${gw.url}/graphql/stream`, {
      method: 'POST',
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        authorization: `Bearer ${noRead}`,
        traceparent: client.traceparent,
      },
      body: JSON.stringify({ query: ALL_CHANGES }),
    });
    expect(response.status).toBe(403);
    await response.text();
    const [server] = await spansNamed('POST /graphql/stream');
    expect(traceOf(server!)).toBe(client.traceId);
    expect(parentIdOf(server!)).toBe(client.spanId);
    expect(server?.attributes).toMatchObject({
      'http.response.status_code': 403,
      'packages_gateway.live.subscribe.outcome': 'refused',
    });
    // An HTTP span: a 4xx is the client's mistake, not an error of the server.
    expect(server?.status.code).toBe(SpanStatusCode.UNSET);
    expect(server?.events.map((event) => event.attributes?.['graphql.error.code'])).toEqual([
      'FORBIDDEN',
    ]);
    const refusal = onlySpan(finished(), 'subscription Changes');
    expect(parentIdOf(refusal)).toBe(idOf(server!));
    expect(refusal.attributes['error.type']).toBe('FORBIDDEN');
  });
});

/** A subscription over graphql-ws to package 1 (a variable no span may hold). */
async function subscribed(): Promise<StreamCollector<unknown>> {
  const events = collectStream(
    wsClientWithTrace(aTraceparent().traceparent).iterate({
      query: SUBSCRIPTION,
      variables: { ids: [packageId(1)] },
    }),
  );
  await until(() => gw.gateway.live.feed.subscriptionCount() === 1, 'the subscription');
  return events;
}

describe('the watcher', () => {
  it('makes one span per tick, its Query Packages a child, and the events it finds link to it', async () => {
    const events = await subscribed();
    await gw.gateway.live.watcher?.tick(); // the baseline of customerA
    const [baseline] = await spansNamed('watcher tick');
    expect(baseline?.parentSpanContext).toBeUndefined();
    expect(baseline?.attributes).toEqual({
      'packages_gateway.watcher.accounts': 1,
      'packages_gateway.watcher.changes': 0,
    });
    const query = finished().filter((span) => span.name === `POST ${QUERY_PACKAGES_PATH}`);
    expect(query).toHaveLength(1);
    expect(parentIdOf(query[0]!)).toBe(idOf(baseline!));
    expect(traceOf(query[0]!)).toBe(traceOf(baseline!));

    gw.emulator.control.setInstanceStatus(instanceId(1), 'ENABLED');
    await gw.gateway.live.watcher?.tick();
    await events.item(0);
    const [, found] = await spansNamed('watcher tick', 2);
    expect(found?.attributes['packages_gateway.watcher.changes']).toBe(1);
    const [event] = await spansNamed('subscription Changes event');
    expect(event?.attributes).toMatchObject({
      'packages_gateway.change.source': 'watcher',
      'packages_gateway.change.kind': 'INSTANCE_UPDATED',
    });
    expect(linksOf(event!)[1]).toEqual({
      kind: 'change_producer',
      traceId: traceOf(found!),
      spanId: idOf(found!),
    });
  });

  it('records a failed look with the code a client would see', async () => {
    await subscribed();
    gw.emulator.control.setFaults([{ endpoint: 'queryPackages', kind: 'error', status: 503 }]);
    await gw.gateway.live.watcher?.tick();
    const [tick] = await spansNamed('watcher tick');
    expect(tick?.status.code).toBe(SpanStatusCode.ERROR);
    expect(tick?.attributes['error.type']).toBe('UPSTREAM_UNAVAILABLE');
    expect(tick?.events.map((event) => event.attributes?.['graphql.error.code'])).toEqual([
      'UPSTREAM_UNAVAILABLE',
    ]);
    const attempts = finished().filter((span) => span.name === `POST ${QUERY_PACKAGES_PATH}`);
    expect(attempts.length).toBeGreaterThan(0);
    for (const attempt of attempts) expect(traceOf(attempt)).toBe(traceOf(tick!));
  });

  it('makes no span for a tick with no account to look at', async () => {
    await gw.gateway.live.watcher?.tick();
    expect(finished().filter((span) => span.name === 'watcher tick')).toEqual([]);
  });
});

describe('the Wix webhook receiver', () => {
  /** Package 1 as changed now (newer than any state the earlier tests published). */
  const pkg = (): WixPackage => {
    const stored = gw.emulator.control.findPackages(() => true)[0];
    if (stored === undefined) throw new Error('no package seeded');
    return { ...stored, updatedDate: new Date().toISOString() };
  };
  let eventNumber = 0;
  async function signedEvent(key = WIX_KEY.privateKey): Promise<string> {
    eventNumber += 1;
    const event = {
      id: `event-${eventNumber}-${Date.now()}`,
      entityFqdn: WIX_PACKAGES_ENTITY_FQDN,
      slug: 'product_instance_updated',
      entityId: pkg().id,
      eventTime: new Date().toISOString(),
      entityEventSequence: String(eventNumber),
      actionEvent: {
        bodyAsJson: JSON.stringify({ package: pkg(), productInstanceId: instanceId(1) }),
      },
    };
    const token = await new SignJWT({
      data: JSON.stringify({ eventType: 'wix.premium', data: JSON.stringify(event) }),
    })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuedAt()
      .sign(key);
    secrets.push(token);
    return token;
  }
  const post = (body: string, traceparent: string) =>
    fetch(`${gw.url}/webhooks/wix`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', traceparent },
      body,
    }).then(async (response) => ({ status: response.status, body: await response.text() }));

  it('records the verified event’s outcome and kind, and the subscriber’s event links to it', async () => {
    const events = await subscribed();
    const delivery = aTraceparent();
    const token = await signedEvent();
    expect((await post(token, delivery.traceparent)).status).toBe(200);
    await events.item(0);
    const [webhook] = await spansNamed('POST /webhooks/wix');
    expect(webhook?.kind).toBe(SpanKind.SERVER);
    expect(traceOf(webhook!)).toBe(delivery.traceId);
    expect(webhook?.attributes).toMatchObject({
      'http.route': '/webhooks/wix',
      'http.response.status_code': 200,
      'packages_gateway.webhook.outcome': 'accepted',
      'packages_gateway.webhook.verification': 'verified',
      'packages_gateway.change.kind': 'INSTANCE_UPDATED',
    });
    const [event] = await spansNamed('subscription Changes event');
    expect(event?.attributes['packages_gateway.change.source']).toBe('webhook');
    expect(linksOf(event!)[1]).toEqual({
      kind: 'change_producer',
      traceId: delivery.traceId,
      spanId: idOf(webhook!),
    });

    recording.exporter.reset();
    expect((await post(token, aTraceparent().traceparent)).status).toBe(200);
    const [again] = await spansNamed('POST /webhooks/wix');
    expect(again?.attributes['packages_gateway.webhook.outcome']).toBe('duplicate');
    // The kind it would have published, as an accepted event's span says.
    expect(again?.attributes['packages_gateway.change.kind']).toBe(
      webhook?.attributes['packages_gateway.change.kind'],
    );
    expect(again?.attributes['packages_gateway.change.kind']).toEqual(expect.any(String));
  });

  it('records a forged token as a failed verification, a 4xx that is not a server error', async () => {
    const answer = await post(await signedEvent(FORGER_KEY.privateKey), aTraceparent().traceparent);
    expect(answer.status).toBe(401);
    const [webhook] = await spansNamed('POST /webhooks/wix');
    expect(webhook?.attributes).toMatchObject({
      'http.response.status_code': 401,
      'packages_gateway.webhook.outcome': 'rejected',
      'packages_gateway.webhook.verification': 'failed',
      'packages_gateway.webhook.rejection': 'signature',
    });
    expect(webhook?.status.code).toBe(SpanStatusCode.UNSET);
  });
});

it('records an event’s errors by code, with its loader batch and upstream attempts as children', async () => {
  const events = await subscribed();
  gw.emulator.control.setFaults([{ endpoint: 'getPackage', kind: 'error', status: 503 }]);
  // A change without the package's state: the subscriber reads it upstream, which fails.
  gw.gateway.live.changes.publish({
    eventId: 'change-without-state',
    kind: 'INSTANCE_UPDATED',
    occurredAt: new Date().toISOString(),
    accountId: customerA,
    packageId: packageId(1),
    source: 'watcher',
  });
  await events.item(0);
  const [event] = await spansNamed('subscription Changes event');
  expect(event?.status.code).toBe(SpanStatusCode.ERROR);
  expect(event?.attributes['error.type']).toBe('UPSTREAM_UNAVAILABLE');
  expect(event?.events.map((recorded) => recorded.attributes)).toEqual([
    expect.objectContaining({
      'graphql.error.code': 'UPSTREAM_UNAVAILABLE',
      'graphql.error.path': 'packageChanged.package',
    }),
  ]);
  // Published outside any span: linked to its subscription only.
  expect(linksOf(event!).map((link) => link.kind)).toEqual(['subscription']);
  const batch = onlySpan(finished(), 'dataloader.batch packageById');
  expect(parentIdOf(batch)).toBe(idOf(event!));
  const attempts = finished().filter((span) => span.name === 'GET /resellers/v1/packages/{id}');
  expect(attempts.length).toBeGreaterThan(0);
  for (const attempt of attempts) expect(parentIdOf(attempt)).toBe(idOf(batch));
});

describe('a webhook whose publishing fails', () => {
  it('is a 500 with error status on its server span', async () => {
    const failing = await startRecordingTracing();
    const failingBus = createInProcessChangeBus();
    failingBus.publish = () => Promise.reject(new Error('bus unavailable'));
    const broken = await startTestGateway({
      env: {
        WIX_WEBHOOK_PUBLIC_KEY: WIX_KEY.publicKey
          .export({ type: 'spki', format: 'pem' })
          .toString(),
      },
      gateway: { changeBus: failingBus },
      tracing: failing.tracing,
    });
    try {
      broken.emulator.control.seed({
        packages: [aPackage({ id: 1, accountId: customerA, instances: [{ id: 1 }] })],
      });
      const pkg = broken.emulator.control.findPackages(() => true)[0]!;
      const event = {
        id: 'event-publish-fails',
        entityFqdn: WIX_PACKAGES_ENTITY_FQDN,
        slug: 'product_instance_updated',
        entityId: pkg.id,
        actionEvent: {
          bodyAsJson: JSON.stringify({ package: pkg, productInstanceId: instanceId(1) }),
        },
      };
      const token = await new SignJWT({
        data: JSON.stringify({ eventType: 'wix.premium', data: JSON.stringify(event) }),
      })
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuedAt()
        .sign(WIX_KEY.privateKey);
      const response = await fetch(`${broken.url}/webhooks/wix`, { method: 'POST', body: token });
      expect(response.status).toBe(500);
      await response.text();
      const webhook = onlySpan(failing.exporter.getFinishedSpans(), 'POST /webhooks/wix');
      expect(webhook.attributes['http.response.status_code']).toBe(500);
      expect(webhook.status.code).toBe(SpanStatusCode.ERROR);
      expect(exportedText([webhook])).not.toContain(token);
    } finally {
      await broken.close();
    }
  });
});
