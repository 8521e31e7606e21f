import { HeaderMap } from '@apollo/server';
import { AuthenticationError } from '../../../src/auth/authentication-error';
import { createMetrics, type Metrics } from '../../../src/observability/metrics';
import type { HttpClientObserver } from '../../../src/wix/http-client';
import { GatewayError } from '../../../src/graphql/errors';
import {
  ALL_SCOPES_CALLER,
  fixtureSchemaWith,
  startFixtureServer,
  type FixtureServer,
} from '../security/fixture-schema';

async function valueOf(metrics: Metrics, name: string, labels: Record<string, string> = {}) {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const matching = values.filter((value) =>
    wanted.every(([key, expected]) => String(value.labels[key]) === expected),
  );
  return matching.reduce((sum, value) => sum + value.value, 0);
}

describe('createMetrics: upstream observer and loaders', () => {
  it('fits the upstream client observer contract', () => {
    const observer: HttpClientObserver = createMetrics({ defaultMetrics: false }).upstreamObserver;
    expect(typeof observer.onAttempt).toBe('function');
  });

  it('counts attempts by endpoint, method and status or error reason', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const { upstreamObserver } = metrics;
    upstreamObserver.onAttempt({
      endpoint: 'getPackage',
      method: 'GET',
      status: 200,
      durationMs: 12,
      attempt: 1,
    });
    upstreamObserver.onAttempt({
      endpoint: 'getPackage',
      method: 'GET',
      status: 200,
      durationMs: 8,
      attempt: 1,
    });
    upstreamObserver.onAttempt({
      endpoint: 'getPackage',
      method: 'GET',
      status: 503,
      durationMs: 3,
      attempt: 1,
    });
    upstreamObserver.onAttempt({
      endpoint: 'queryPackages',
      method: 'POST',
      errorReason: 'TIMEOUT',
      durationMs: 5000,
      attempt: 2,
    });
    expect(
      await valueOf(metrics, 'gateway_upstream_requests_total', {
        endpoint: 'getPackage',
        status: '200',
      }),
    ).toBe(2);
    expect(await valueOf(metrics, 'gateway_upstream_requests_total', { status: '503' })).toBe(1);
    expect(
      await valueOf(metrics, 'gateway_upstream_requests_total', {
        endpoint: 'queryPackages',
        method: 'POST',
        status: 'TIMEOUT',
      }),
    ).toBe(1);
    expect(
      await valueOf(metrics, 'gateway_upstream_request_duration_seconds', {
        endpoint: 'getPackage',
        le: '+Inf',
      }),
    ).toBe(3);
    expect(
      await valueOf(metrics, 'gateway_upstream_request_duration_seconds', {
        endpoint: 'queryPackages',
        le: '2.5',
      }),
    ).toBe(0);
  });

  it('counts retries and tracks the breaker state', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const { upstreamObserver } = metrics;
    upstreamObserver.onRetry({
      endpoint: 'getPackage',
      attempt: 2,
      delayMs: 100,
      cause: new Error('x'),
    });
    upstreamObserver.onRetry({
      endpoint: 'getPackage',
      attempt: 3,
      delayMs: 200,
      cause: new Error('x'),
    });
    expect(
      await valueOf(metrics, 'gateway_upstream_retries_total', { endpoint: 'getPackage' }),
    ).toBe(2);
    expect(await valueOf(metrics, 'gateway_upstream_circuit_breaker_state')).toBe(0);
    upstreamObserver.onBreakerStateChange('open');
    expect(await valueOf(metrics, 'gateway_upstream_circuit_breaker_state')).toBe(2);
    upstreamObserver.onBreakerStateChange('half-open');
    expect(await valueOf(metrics, 'gateway_upstream_circuit_breaker_state')).toBe(1);
    upstreamObserver.onBreakerStateChange('closed');
    expect(await valueOf(metrics, 'gateway_upstream_circuit_breaker_state')).toBe(0);
  });

  it('records loader batch sizes and bounds odd labels', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordLoaderBatch('packageById', 3);
    metrics.recordLoaderBatch('packageById', 100);
    metrics.recordLoaderBatch('package by id; drop table', 1);
    metrics.upstreamObserver.onAttempt({
      endpoint: '/v1/packages/123',
      method: 'get',
      errorReason: 'weird reason',
      durationMs: 1,
      attempt: 1,
    });
    expect(
      await valueOf(metrics, 'gateway_loader_batch_size', { loader: 'packageById', le: '5' }),
    ).toBe(1);
    expect(
      await valueOf(metrics, 'gateway_loader_batch_size', { loader: 'packageById', le: '+Inf' }),
    ).toBe(2);
    expect(
      await valueOf(metrics, 'gateway_loader_batch_size', { loader: 'invalid', le: '+Inf' }),
    ).toBe(1);
    expect(
      await valueOf(metrics, 'gateway_upstream_requests_total', {
        endpoint: 'invalid',
        method: 'OTHER',
        status: 'OTHER',
      }),
    ).toBe(1);
  });

  it('keeps registries apart and renders every metric name', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.recordLoaderBatch('packageById', 1);
    expect(await valueOf(second, 'gateway_loader_batch_size')).toBe(0);
    const text = await first.render();
    for (const name of [
      'gateway_graphql_operations_total',
      'gateway_graphql_operation_duration_seconds',
      'gateway_upstream_requests_total',
      'gateway_upstream_request_duration_seconds',
      'gateway_upstream_retries_total',
      'gateway_upstream_circuit_breaker_state',
      'gateway_loader_batch_size',
      'process_cpu_seconds_total',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(first.contentType).toMatch(/^text\/plain/);
  });
});

describe('createMetrics: operations answered through the pipeline', () => {
  const metrics = createMetrics({ defaultMetrics: false, maxOperationNames: 3 });
  let apollo: FixtureServer;
  const server = {
    executeOperation: (request: { query: string }) =>
      apollo.executeOperation(request, { contextValue: { caller: ALL_SCOPES_CALLER } }),
    executeHTTPGraphQLRequest: (...args: Parameters<FixtureServer['executeHTTPGraphQLRequest']>) =>
      apollo.executeHTTPGraphQLRequest(...args),
  };

  beforeAll(async () => {
    apollo = await startFixtureServer({
      schema: fixtureSchemaWith({
        productInstance: () => {
          throw new GatewayError('nope', { code: 'NOT_FOUND' });
        },
      }),
      recordOperation: metrics.recordOperation,
    });
  });
  afterAll(() => apollo.stop());

  const operations = (labels: Record<string, string>) =>
    valueOf(metrics, 'gateway_graphql_operations_total', labels);

  it('counts successes and errors by operation name, type and code', async () => {
    await server.executeOperation({ query: 'query Card { package(id: "p1") { id } }' });
    await server.executeOperation({ query: 'query Card { package(id: "p1") { id } }' });
    await server.executeOperation({ query: 'mutation Cancel { cancelPackage(id: "p1") { id } }' });
    await server.executeOperation({ query: '{ productInstance(instanceId: "i1") { id } }' });
    await server.executeOperation({ query: 'query Broken { package { id } }' });
    expect(
      await operations({
        operation_name: 'Card',
        operation_type: 'query',
        outcome: 'success',
        error_code: 'none',
      }),
    ).toBe(2);
    expect(
      await operations({
        operation_name: 'Cancel',
        operation_type: 'mutation',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      await operations({ operation_name: 'anonymous', outcome: 'error', error_code: 'NOT_FOUND' }),
    ).toBe(1);
    expect(
      await operations({
        operation_name: 'Broken',
        outcome: 'error',
        error_code: 'GRAPHQL_VALIDATION_FAILED',
      }),
    ).toBe(1);
    expect(
      await valueOf(metrics, 'gateway_graphql_operation_duration_seconds', {
        operation_name: 'Card',
        le: '+Inf',
      }),
    ).toBe(2);
  });

  it('caps operation-name cardinality', async () => {
    // 'Card', 'Cancel' and 'Broken' already took the three slots.
    await server.executeOperation({ query: 'query Fresh1 { package(id: "p1") { id } }' });
    await server.executeOperation({ query: 'query Fresh2 { package(id: "p1") { id } }' });
    await server.executeOperation({
      query: `query ${'L'.repeat(65)} { package(id: "p1") { id } }`,
    });
    expect(await operations({ operation_name: 'other' })).toBe(2);
    expect(await operations({ operation_name: 'invalid' })).toBe(1);
    expect(await operations({ operation_name: 'Fresh1' })).toBe(0);
  });

  it('counts requests refused while building the context', async () => {
    await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: 'POST',
        headers: new HeaderMap([['content-type', 'application/json']]),
        search: '',
        body: { query: '{ package(id: "p1") { id } }' },
      },
      context: async () => {
        throw new AuthenticationError('missing_token');
      },
    });
    expect(
      await operations({
        operation_type: 'unknown',
        outcome: 'error',
        error_code: 'UNAUTHENTICATED',
      }),
    ).toBe(1);
  });
});
