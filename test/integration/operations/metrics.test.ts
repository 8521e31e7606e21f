/**
 * `/metrics` over real HTTP, after real traffic through the gateway and the emulator: GraphQL
 * operations by name and outcome, upstream attempts by endpoint and status, retries, the
 * breaker gauge and DataLoader batch sizes.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, TEST_JWT_SECRET, tokenFor } from '../../helpers/auth-tokens';
import { send } from '../../helpers/gateway-http';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { sampleSum } from '../../helpers/prometheus-text';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

let gw: TestGateway;
let token: string;

async function scrape(): Promise<string> {
  const response = await send(gw, '/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text;
}

beforeAll(async () => {
  gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
  gw.emulator.control.seed({
    packages: [1, 2, 3].map((id) => aPackage({ id, accountId: DEMO_ACCOUNTS.customerA })),
  });
  token = await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]);
});
afterAll(async () => {
  await gw.close();
});

it('counts GraphQL operations by name, type and outcome', async () => {
  const auth = bearer(token);
  await gw.graphql('query Own { packages { edges { node { id } } } }', undefined, auth);
  await gw.graphql('query Own { packages { edges { node { id } } } }', undefined, auth);
  await gw.graphql('query Broken { nope }', undefined, auth);
  await gw.graphql('query Anonymous { packages { edges { node { id } } } }');

  const metrics = await scrape();
  const operations = 'gateway_graphql_operations_total';
  expect(
    sampleSum(metrics, operations, {
      operation_name: 'Own',
      operation_type: 'query',
      outcome: 'success',
      error_code: 'none',
    }),
  ).toBe(2);
  expect(
    sampleSum(metrics, operations, {
      operation_name: 'Broken',
      outcome: 'error',
      error_code: 'GRAPHQL_VALIDATION_FAILED',
    }),
  ).toBe(1);
  expect(sampleSum(metrics, operations, { outcome: 'error', error_code: 'UNAUTHENTICATED' })).toBe(
    1,
  );
  expect(
    sampleSum(metrics, 'gateway_graphql_operation_duration_seconds_count', {
      operation_name: 'Own',
    }),
  ).toBe(2);
});

it('counts upstream attempts by endpoint and status, and retries', async () => {
  // One package of the caller's own account is read with Get Package (contract: Get Package).
  gw.emulator.control.setFaults([{ endpoint: 'getPackage', kind: 'error', status: 503, times: 1 }]);
  const result = await gw.graphql(
    `query Retried { package(id: "${packageId(1)}") { id } }`,
    undefined,
    bearer(token),
  );
  expect(result.body).toEqual({ data: { package: { id: packageId(1) } } });

  const metrics = await scrape();
  const upstream = 'gateway_upstream_requests_total';
  expect(
    sampleSum(metrics, upstream, { endpoint: 'getPackage', method: 'GET', status: '503' }),
  ).toBe(1);
  expect(
    sampleSum(metrics, upstream, { endpoint: 'getPackage', method: 'GET', status: '200' }),
  ).toBe(1);
  expect(sampleSum(metrics, 'gateway_upstream_retries_total', { endpoint: 'getPackage' })).toBe(1);
  expect(
    sampleSum(metrics, 'gateway_upstream_request_duration_seconds_count', {
      endpoint: 'getPackage',
    }),
  ).toBe(2);
  // The list queries of the previous test are counted under their own endpoint.
  expect(
    sampleSum(metrics, upstream, { endpoint: 'queryPackages', method: 'POST', status: '200' }),
  ).toBeGreaterThanOrEqual(2);
  expect(sampleSum(metrics, 'gateway_upstream_retries_total', { endpoint: 'queryPackages' })).toBe(
    0,
  );
  expect(metrics).toMatch(/^gateway_upstream_circuit_breaker_state 0$/m);
});

it('observes the size of each DataLoader batch', async () => {
  const count = (text: string) =>
    sampleSum(text, 'gateway_loader_batch_size_count', { loader: 'packageById' });
  const sum = (text: string) =>
    sampleSum(text, 'gateway_loader_batch_size_sum', { loader: 'packageById' });
  const before = await scrape();
  const lookups = [1, 2, 3].map((n) => `p${n}: package(id: "${packageId(n)}") { id }`);
  await gw.graphql(`query Batch { ${lookups.join(' ')} }`, undefined, bearer(token));
  const after = await scrape();
  expect(count(after) - count(before)).toBe(1);
  expect(sum(after) - sum(before)).toBe(3);
});

it('carries no secret and no token', async () => {
  const metrics = await scrape();
  expect(metrics).not.toContain(TEST_JWT_SECRET);
  expect(metrics).not.toContain(token);
  expect(metrics).not.toContain(DEMO_ACCOUNTS.customerA);
});

it('is absent with METRICS_ENABLED=false', async () => {
  const quiet = await startTestGateway({ env: { ...HMAC_AUTH_ENV, METRICS_ENABLED: 'false' } });
  try {
    expect((await send(quiet, '/metrics')).status).toBe(404);
  } finally {
    await quiet.close();
  }
});
