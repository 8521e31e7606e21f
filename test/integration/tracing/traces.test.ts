/**
 * Traces end to end through HTTP, recorded in memory: a client request carrying a
 * `traceparent` yields spans of that trace from the server span down to every upstream attempt,
 * the emulator receives the upstream attempt's `traceparent`, the access log carries the trace
 * id, and no span carries a header, the API key, the caller's token or the variables.
 */
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
  it('is one trace of the client: server → batch → upstream attempt, propagated upstream', async () => {
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

    const batch = onlySpan(spans, 'dataloader.batch packageById');
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

    // The batch descends from the server span (through the operation span when there is one).
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    let ancestor: ReadableSpan | undefined = batch;
    while (ancestor && ancestor !== server) ancestor = byId.get(parentIdOf(ancestor) ?? '');
    expect(ancestor).toBe(server);

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
