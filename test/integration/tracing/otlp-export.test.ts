/**
 * Traces as an operator receives them: the gateway, run as its own process and configured only
 * by the standard OTEL_* variables, exports over OTLP/HTTP to a real receiver on loopback, in
 * http/json (decoded here) and http/protobuf (content type, and the trace's ids and span names
 * in the body). Stopping the process (SIGTERM) flushes what the batch processor holds. A
 * subscription's spans (the SSE subscribe, its operation, an event linked to the write that
 * caused it) travel the same way.
 */
import { createClient as createSseClient } from 'graphql-sse';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, startEmulator, type RunningEmulator } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { spawnGateway, waitUntilServing } from '../../helpers/gateway-process';
import { attributesOf, startOtlpReceiver, type OtlpReceiver } from '../../helpers/otlp-receiver';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { aTraceparent } from '../../helpers/recorded-spans';
import { collectStream } from '../../helpers/stream-collector';
import { TEST_API_KEY } from '../../helpers/test-gateway';
import { QUERY_PACKAGES_PATH, upstreamCalls } from '../../helpers/upstream-calls';
import { CREATE_PACKAGE, premiumInput } from '../mutations/mutation-documents';

const ACCOUNT_ID = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';
/** A cold start transpiles the sources (see typescript-require-hook.js): slow on a busy machine. */
const PROCESS_TEST_TIMEOUT_MS = 180_000;
const TWO_PACKAGES = `query TwoPackages($a: ID!, $b: ID!) {
  first: package(id: $a) { id }
  second: package(id: $b) { id }
}`;

let receiver: OtlpReceiver;
let emulator: RunningEmulator;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  emulator = await startEmulator({ seed: 'empty' });
});

afterAll(async () => {
  await receiver.close();
  await emulator.close();
});

beforeEach(() => {
  receiver.exports.length = 0;
  emulator.control.reset('empty');
  emulator.control.seed({
    packages: [
      aPackage({ id: 1, accountId: ACCOUNT_ID }),
      aPackage({ id: 2, accountId: ACCOUNT_ID }),
    ],
  });
  emulator.control.clearRequestLog();
});

/**
 * Runs the gateway process with `env`, sends one traced request, stops the process. Returns
 * the client's trace ids, the traceparent of each upstream call, and the gateway's log lines.
 */
async function oneTracedRequest(env: Record<string, string>) {
  const gateway = await spawnGateway({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    WIX_API_URL: emulator.url,
    WIX_API_KEY: TEST_API_KEY,
    WIX_ACCOUNT_ID: ACCOUNT_ID,
    ...HMAC_AUTH_ENV,
    ...env,
  });
  const client = aTraceparent();
  try {
    await waitUntilServing(gateway, '/healthz', PROCESS_TEST_TIMEOUT_MS - 30_000);
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: client.traceparent,
        ...bearer(await tokenFor(ACCOUNT_ID)),
      },
      body: JSON.stringify({
        query: TWO_PACKAGES,
        variables: { a: packageId(1), b: packageId(2) },
      }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: unknown };
    expect(body.errors).toBeUndefined();
    // A graceful stop shuts tracing down, which exports what the batch processor holds.
    gateway.process.kill('SIGTERM');
    expect(await gateway.exited(20_000)).toEqual({ code: 0, signal: null });
  } finally {
    await gateway.stop();
  }
  const upstreamTraceparents = upstreamCalls(emulator).map((call) => call.headers.traceparent);
  return { client, upstreamTraceparents, logLines: gateway.stdout().split('\n') };
}

it(
  'exports http/json with the configured resource, headers and the whole trace',
  async () => {
    const { client, upstreamTraceparents, logLines } = await oneTracedRequest({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=collector-secret',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
    });

    expect(receiver.exports.length).toBeGreaterThan(0);
    for (const received of receiver.exports) {
      expect(received.path).toBe('/v1/traces');
      expect(received.headers['content-type']).toBe('application/json');
      expect(received.headers['x-collector-key']).toBe('collector-secret');
    }
    const spans = receiver.jsonSpans();
    expect(spans.length).toBeGreaterThanOrEqual(3);
    for (const { span, resource } of spans) {
      expect(span.traceId).toBe(client.traceId);
      expect(resource['service.name']).toBe('packages-gateway');
      expect(resource['deployment.environment.name']).toBe('test');
    }
    const named = (name: string) => spans.find(({ span }) => span.name === name)?.span;
    const server = named('POST /graphql');
    const operation = named('query TwoPackages');
    const batch = named('dataloader.batch packageById');
    const upstream = named(`POST ${QUERY_PACKAGES_PATH}`);
    expect(server?.kind).toBe(2);
    expect(server?.parentSpanId).toBe(client.spanId);
    expect(operation?.parentSpanId).toBe(server?.spanId);
    expect(operation && attributesOf(operation)['graphql.operation.type']).toBe('query');
    expect(batch?.parentSpanId).toBe(operation?.spanId);
    expect(batch && attributesOf(batch)['dataloader.batch.size']).toBe(2);
    expect(upstream?.kind).toBe(3);
    expect(upstream?.parentSpanId).toBe(batch?.spanId);
    expect(upstream && attributesOf(upstream)['url.template']).toBe(QUERY_PACKAGES_PATH);
    expect(upstreamTraceparents).toEqual([`00-${client.traceId}-${upstream?.spanId}-01`]);
    expect(logLines.some((line) => line.includes(`"traceId":"${client.traceId}"`))).toBe(true);

    const exported = receiver.exports.map((received) => received.body.toString('utf8')).join('\n');
    for (const secret of [TEST_API_KEY, packageId(1), packageId(2), 'collector-secret', 'Bearer']) {
      expect(exported).not.toContain(secret);
    }
  },
  PROCESS_TEST_TIMEOUT_MS,
);

it(
  'exports http/protobuf (the default) to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given',
  async () => {
    const { client, upstreamTraceparents } = await oneTracedRequest({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/custom/traces`,
      OTEL_SERVICE_NAME: 'gateway-under-test',
    });

    expect(receiver.exports.length).toBeGreaterThan(0);
    const [received] = receiver.exports;
    expect(received?.path).toBe('/custom/traces');
    expect(received?.headers['content-type']).toBe('application/x-protobuf');
    const body = Buffer.concat(receiver.exports.map((r) => r.body));
    expect(body.length).toBeGreaterThan(0);
    // Protobuf carries ids as raw bytes and names as UTF-8.
    expect(body.includes(Buffer.from(client.traceId, 'hex'))).toBe(true);
    expect(body.includes(Buffer.from(client.spanId, 'hex'))).toBe(true);
    for (const text of [
      'POST /graphql',
      'query TwoPackages',
      'dataloader.batch packageById',
      'gateway-under-test',
    ]) {
      expect(body.includes(Buffer.from(text, 'utf8'))).toBe(true);
    }
    expect(body.includes(Buffer.from(TEST_API_KEY, 'utf8'))).toBe(false);
    expect(upstreamTraceparents).toHaveLength(1);
    expect(upstreamTraceparents[0]).toMatch(new RegExp(`^00-${client.traceId}-[0-9a-f]{16}-01$`));
  },
  PROCESS_TEST_TIMEOUT_MS,
);

it(
  'exports a subscription’s spans: the SSE subscribe in the client’s trace, an event linked to the write',
  async () => {
    const gateway = await spawnGateway({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      WIX_API_URL: emulator.url,
      WIX_API_KEY: TEST_API_KEY,
      WIX_WATCH_INTERVAL_MS: '0',
      ...HMAC_AUTH_ENV,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    const subscriber = aTraceparent();
    const writer = aTraceparent();
    const token = await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read, SCOPE.write]);
    const sse = createSseClient({
      url: `${gateway.url}/graphql/stream`,
      retryAttempts: 0,
      headers: { ...bearer(token), traceparent: subscriber.traceparent },
    });
    try {
      await waitUntilServing(gateway, '/healthz', PROCESS_TEST_TIMEOUT_MS - 30_000);
      const events = collectStream(
        sse.iterate({ query: 'subscription Changes { packageChanged { kind } }' }),
      );
      // The subscription is open once its subscribe span is exported (a span per export).
      const deadline = Date.now() + 20_000;
      while (!receiver.jsonSpans().some(({ span }) => span.name === 'POST /graphql/stream')) {
        if (Date.now() > deadline) throw new Error('the subscribe span never came');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const created = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          traceparent: writer.traceparent,
          ...bearer(token),
        },
        body: JSON.stringify({ query: CREATE_PACKAGE, variables: { input: premiumInput() } }),
      });
      expect(((await created.json()) as { errors?: unknown }).errors).toBeUndefined();
      expect(await events.item(0, 20_000)).toEqual({
        data: { packageChanged: { kind: 'CREATED' } },
      });
      sse.dispose();
      gateway.process.kill('SIGTERM');
      expect(await gateway.exited(20_000)).toEqual({ code: 0, signal: null });
    } finally {
      sse.dispose();
      await gateway.stop();
    }

    const spans = receiver.jsonSpans().map(({ span }) => span);
    const named = (name: string) => spans.find((span) => span.name === name);
    const subscribe = named('POST /graphql/stream');
    const operation = named('subscription Changes');
    const write = named('mutation Create');
    const event = named('subscription Changes event');
    expect(subscribe?.kind).toBe(2);
    expect(subscribe?.traceId).toBe(subscriber.traceId);
    expect(subscribe?.parentSpanId).toBe(subscriber.spanId);
    expect(subscribe && attributesOf(subscribe)['packages_gateway.live.transport']).toBe('sse');
    expect(operation?.parentSpanId).toBe(subscribe?.spanId);
    expect(write?.traceId).toBe(writer.traceId);
    expect(event?.kind).toBe(5);
    expect([subscriber.traceId, writer.traceId]).not.toContain(event?.traceId);
    expect(event && attributesOf(event)['packages_gateway.change.source']).toBe('own-write');
    expect(event?.links?.map(({ traceId, spanId }) => ({ traceId, spanId }))).toEqual([
      { traceId: subscriber.traceId, spanId: operation?.spanId },
      { traceId: writer.traceId, spanId: write?.spanId },
    ]);
    const exported = receiver.exports.map((received) => received.body.toString('utf8')).join('\n');
    for (const secret of [TEST_API_KEY, token, 'Bearer']) {
      expect(exported).not.toContain(secret);
    }
  },
  PROCESS_TEST_TIMEOUT_MS,
);
