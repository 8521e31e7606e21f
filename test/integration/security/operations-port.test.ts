/**
 * Operational details are for operators: in production `/metrics` (other tenants' operation
 * names and error codes) and the checks of `/readyz` (the breaker's state, Redis) are served on
 * the separate operations listener (`OPS_PORT`) only. The API port keeps `/healthz` and a bare
 * `/readyz` status for load balancers. In development everything stays on the API port unless
 * `OPS_PORT` is set.
 */
import { loadConfig } from '../../../src/config/config';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { send } from '../../helpers/gateway-http';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

async function withGateway(
  env: Record<string, string>,
  body: (gw: TestGateway, ops: { url: string }) => Promise<void>,
): Promise<void> {
  const gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV, ...env } });
  try {
    const opsOrigin = gw.gateway.opsOrigin();
    expect(opsOrigin).toBeDefined();
    await body(gw, { url: opsOrigin ?? '' });
  } finally {
    await gw.close();
  }
}

async function expectOperationsSplit(gw: TestGateway, ops: { url: string }): Promise<void> {
  // A named operation, so that its name would show in the metrics.
  const auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
  const named = await gw.graphql('query TenantSecretName { __typename }', undefined, auth);
  expect(named.body).toEqual({ data: { __typename: 'Query' } });

  expect((await send(gw, '/healthz')).json()).toEqual({ status: 'ok' });
  const ready = await send(gw, '/readyz');
  expect(ready.status).toBe(200);
  expect(ready.json()).toEqual({ status: 'ready' });
  const metrics = await send(gw, '/metrics');
  expect(metrics.status).toBe(404);
  expect(metrics.text).not.toContain('TenantSecretName');

  expect((await send(ops, '/healthz')).json()).toEqual({ status: 'ok' });
  const detailed = await send(ops, '/readyz');
  expect(detailed.status).toBe(200);
  expect(detailed.json<{ checks: Record<string, string> }>().checks).toMatchObject({
    upstreamCircuitBreaker: 'closed',
    upstreamReachable: 'true',
  });
  const scraped = await send(ops, '/metrics');
  expect(scraped.status).toBe(200);
  expect(scraped.text).toContain('gateway_graphql_operations_total');
  expect(scraped.text).toContain('TenantSecretName');
  // The operations port serves nothing else.
  expect((await send(ops, '/graphql')).status).toBe(404);
}

it('in production, serves metrics and readiness details on the operations port only', async () => {
  await withGateway({ NODE_ENV: 'production' }, expectOperationsSplit);
});

it('in development, splits the same way when OPS_PORT is set', async () => {
  await withGateway({ NODE_ENV: 'development', OPS_PORT: '0' }, expectOperationsSplit);
});

it('in production the operations port defaults to 9464; development has none unless set', () => {
  expect(loadConfig({ NODE_ENV: 'production', ...HMAC_AUTH_ENV }).opsPort).toBe(9464);
  expect(loadConfig({ NODE_ENV: 'production', ...HMAC_AUTH_ENV, OPS_PORT: '9100' }).opsPort).toBe(
    9100,
  );
  expect(loadConfig({}).opsPort).toBeUndefined();
  expect(() => loadConfig({ PORT: '4000', OPS_PORT: '4000' })).toThrow('OPS_PORT');
});
