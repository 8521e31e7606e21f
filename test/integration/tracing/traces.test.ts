/**
 * Traces end to end through HTTP, recorded in memory: a client request carrying a
 * `traceparent` yields spans of that trace from the server span through the operation span and
 * the loader batch down to every upstream attempt,
 * the emulator receives the upstream attempt's `traceparent`, the access log carries the trace
 * id, and no span carries a header, the API key, the caller's token or the variables.
 */
import { createHash } from 'node:crypto';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SCOPE } from '../../../src/auth/scopes';
import { bearer, HMAC_AUTH_ENV, TEST_JWT_SECRET, tokenFor } from '../../helpers/auth-tokens';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import {
  aTraceparent,
  exportedText,
  onlySpan,
  parentIdOf,
  spansOfKind,
  startRecordingTracing,
  type RecordingTracing,
} from '../../helpers/recorded-spans';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../../helpers/test-gateway';
import { QUERY_PACKAGES_PATH, upstreamCalls } from '../../helpers/upstream-calls';

const TWO_PACKAGES = `query TwoPackages($a: ID!, $b: ID!) {
  first: package(id: $a) { id }
  second: package(id: $b) { id }
}`;

let gateway: TestGateway;
let recording: RecordingTracing;
let token: string;

beforeAll(async () => {
  recording = await startRecordingTracing();
  gateway = await startTestGateway({
    env: { ...HMAC_AUTH_ENV, UPSTREAM_RETRY_MAX_ATTEMPTS: '3', UPSTREAM_BREAKER_FAILURES: '100' },
    tracing: recording.tracing,
  });
  token = await tokenFor(gateway.config.defaultAccountId, [SCOPE.read]);
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  const accountId = gateway.config.defaultAccountId;
  gateway.emulator.control.reset('empty');
  gateway.emulator.control.seed({
    packages: [aPackage({ id: 1, accountId }), aPackage({ id: 2, accountId })],
  });
  gateway.emulator.control.clearFaults();
  gateway.emulator.control.clearRequestLog();
  recording.exporter.reset();
});

/** Sends TWO_PACKAGES (twice: the second answer comes from the fast path) in a new trace. */
async function tracedRequest(): Promise<{ traceId: string; spanId: string }> {
  const client = aTraceparent();
  const result = await gateway.graphql(
    TWO_PACKAGES,
    { a: packageId(1), b: packageId(2) },
    { ...bearer(token), traceparent: client.traceparent, tracestate: 'vendor=opaque' },
  );
  expect(result.body.errors).toBeUndefined();
  expect(result.body.data).toEqual({ first: { id: packageId(1) }, second: { id: packageId(2) } });
  return client;
}

function spansOfTrace(traceId: string): ReadableSpan[] {
  return recording.exporter
    .getFinishedSpans()
    .filter((span) => span.spanContext().traceId === traceId);
}

function expectNothingSecret(spans: readonly ReadableSpan[]): void {
  const text = exportedText(spans);
  for (const secret of [TEST_API_KEY, token, TEST_JWT_SECRET, packageId(1), packageId(2)]) {
    expect(text).not.toContain(secret);
  }
  expect(text.toLowerCase()).not.toContain('authorization');
  expect(text).not.toContain('Bearer');
}

describe.each(['apollo', 'fast path'])('a traced request answered by %s', (answeredBy) => {
  it('is one trace of the client: server → operation → batch → upstream attempt, propagated upstream', async () => {
    if (answeredBy === 'fast path') await tracedRequest(); // makes the operation known
    recording.exporter.reset();
    gateway.emulator.control.clearRequestLog();
    const client = await tracedRequest();

    const all = recording.exporter.getFinishedSpans();
    const spans = spansOfTrace(client.traceId);
    expect(spans).toHaveLength(all.length);

    const server = onlySpan(spans, 'POST /graphql');
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(parentIdOf(server)).toBe(client.spanId);
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    });

    const operation = onlySpan(spans, 'query TwoPackages');
    expect(operation.kind).toBe(SpanKind.INTERNAL);
    expect(parentIdOf(operation)).toBe(server.spanContext().spanId);
    expect(operation.attributes).toEqual({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'TwoPackages',
      'graphql.document.hash': createHash('sha256').update(TWO_PACKAGES).digest('hex'),
    });
    expect(operation.status.code).toBe(SpanStatusCode.UNSET);

    const batch = onlySpan(spans, 'dataloader.batch packageById');
    expect(parentIdOf(batch)).toBe(operation.spanContext().spanId);
    expect(batch.attributes).toMatchObject({
      'dataloader.name': 'packageById',
      'dataloader.batch.size': 2,
    });
    const upstream = onlySpan(spans, `POST ${QUERY_PACKAGES_PATH}`);
    expect(upstream.kind).toBe(SpanKind.CLIENT);
    expect(parentIdOf(upstream)).toBe(batch.spanContext().spanId);
    expect(upstream.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.template': QUERY_PACKAGES_PATH,
      'http.response.status_code': 200,
      'packages_gateway.upstream.breaker_state': 'closed',
    });
    expect(upstream.attributes['http.request.resend_count']).toBeUndefined();

    const [call, ...more] = upstreamCalls(gateway.emulator);
    expect(more).toEqual([]);
    expect(call?.headers.traceparent).toBe(
      `00-${client.traceId}-${upstream.spanContext().spanId}-01`,
    );
    expect(call?.headers.tracestate).toBe('vendor=opaque');

    const accessLine = gateway.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.event === 'http.request')
      .at(-1);
    expect(accessLine?.traceId).toBe(client.traceId);
    expect(accessLine?.answeredBy).toBe(answeredBy === 'apollo' ? 'apollo' : 'fast-path');
    expectNothingSecret(spans);
  });
});

it('makes one client span per attempt, with the retry number and the failed status', async () => {
  gateway.emulator.control.setFaults([
    { endpoint: 'queryPackages', kind: 'error', status: 503, times: 1 },
  ]);
  const client = await tracedRequest();
  const attempts = spansOfKind(spansOfTrace(client.traceId), SpanKind.CLIENT);
  expect(attempts.map((span) => span.attributes['http.response.status_code'])).toEqual([503, 200]);
  const [failed, retried] = attempts as [ReadableSpan, ReadableSpan];
  expect(failed.attributes['error.type']).toBe('503');
  expect(failed.status.code).toBe(SpanStatusCode.ERROR);
  expect(failed.attributes['http.request.resend_count']).toBeUndefined();
  expect(retried.attributes['http.request.resend_count']).toBe(1);
  expect(retried.status.code).toBe(SpanStatusCode.UNSET);
  // Each attempt sent its own span as the parent.
  expect(upstreamCalls(gateway.emulator).map((call) => call.headers.traceparent)).toEqual(
    attempts.map((span) => `00-${client.traceId}-${span.spanContext().spanId}-01`),
  );
  expectNothingSecret(attempts);
});

it('records the errors of an operation by their extensions.code, never their message', async () => {
  gateway.emulator.control.setFaults([{ endpoint: 'queryPackages', kind: 'error', status: 503 }]);
  const client = aTraceparent();
  const result = await gateway.graphql(
    TWO_PACKAGES,
    { a: packageId(1), b: packageId(2) },
    { ...bearer(token), traceparent: client.traceparent },
  );
  const codes = result.body.errors?.map((error) => error.extensions?.code);
  expect(codes).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
  const spans = spansOfTrace(client.traceId);
  const operation = onlySpan(spans, 'query TwoPackages');
  expect(operation.status.code).toBe(SpanStatusCode.ERROR);
  expect(operation.attributes['error.type']).toBe('UPSTREAM_UNAVAILABLE');
  expect(operation.events.map((event) => event.attributes)).toEqual([
    expect.objectContaining({
      'graphql.error.code': 'UPSTREAM_UNAVAILABLE',
      'graphql.error.path': 'first',
    }),
    expect.objectContaining({
      'graphql.error.code': 'UPSTREAM_UNAVAILABLE',
      'graphql.error.path': 'second',
    }),
  ]);
  const text = exportedText(spans);
  for (const message of result.body.errors?.map((error) => error.message) ?? []) {
    expect(text).not.toContain(message);
  }
  expect(spansOfKind(spans, SpanKind.CLIENT)).toHaveLength(3);
  expectNothingSecret(spans);
});

it('records an operation refused before execution, with the refusal code', async () => {
  const noScope = await tokenFor(gateway.config.defaultAccountId, []);
  const client = aTraceparent();
  const result = await gateway.graphql(
    TWO_PACKAGES,
    { a: packageId(1), b: packageId(2) },
    { ...bearer(noScope), traceparent: client.traceparent },
  );
  expect(result.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const spans = spansOfTrace(client.traceId);
  const operation = onlySpan(spans, 'query TwoPackages');
  expect(operation.attributes['error.type']).toBe('FORBIDDEN');
  expect(spans.filter((span) => span.name.startsWith('dataloader'))).toEqual([]);
  expect(upstreamCalls(gateway.emulator)).toEqual([]);
  expectNothingSecret(spans);
  expect(exportedText(spans)).not.toContain(noScope);
});

it('starts a new trace when the client sends none, and names it in the access log', async () => {
  const result = await gateway.graphql(
    TWO_PACKAGES,
    { a: packageId(1), b: packageId(2) },
    bearer(token),
  );
  expect(result.status).toBe(200);
  const server = onlySpan(recording.exporter.getFinishedSpans(), 'POST /graphql');
  expect(server.parentSpanContext).toBeUndefined();
  const traceId = server.spanContext().traceId;
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(upstreamCalls(gateway.emulator)[0]?.headers.traceparent).toContain(traceId);
  expect(gateway.logLines.some((line) => line.includes(`"traceId":"${traceId}"`))).toBe(true);
});

describe('with tracing off (no OTEL_* endpoint)', () => {
  let untraced: TestGateway;

  beforeAll(async () => {
    untraced = await startTestGateway({ env: HMAC_AUTH_ENV });
    untraced.emulator.control.seed({
      packages: [aPackage({ id: 1, accountId: untraced.config.defaultAccountId })],
    });
  });

  afterAll(async () => {
    await untraced.close();
  });

  it('sends no trace context upstream and logs no trace id, even when the client sends one', async () => {
    expect(untraced.config.tracing).toBeUndefined();
    const result = await untraced.graphql(
      `query One($id: ID!) { package(id: $id) { id } }`,
      { id: packageId(1) },
      { ...bearer(token), traceparent: aTraceparent().traceparent },
    );
    expect(result.body.data).toEqual({ package: { id: packageId(1) } });
    const calls = upstreamCalls(untraced.emulator);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers.traceparent).toBeUndefined();
    expect(untraced.logLines.some((line) => line.includes('"event":"http.request"'))).toBe(true);
    expect(untraced.logLines.some((line) => line.includes('traceId'))).toBe(false);
  });
});
