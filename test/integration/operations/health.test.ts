/**
 * Liveness and readiness over real HTTP. `/healthz` says the process serves; `/readyz` also
 * needs the upstream reachable and its circuit breaker not open, so a load balancer stops
 * sending traffic that could only fail.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { errorCodes, send } from '../../helpers/gateway-http';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

async function withGateway(
  env: Record<string, string>,
  body: (gw: TestGateway) => Promise<void>,
): Promise<void> {
  const gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV, ...env } });
  try {
    await body(gw);
  } finally {
    await gw.close();
  }
}

it('/healthz and /readyz answer 200 with a healthy upstream, without authentication', async () => {
  await withGateway({}, async (gw) => {
    const health = await send(gw, '/healthz');
    expect(health.status).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });

    const ready = await send(gw, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { upstreamCircuitBreaker: 'closed', upstreamReachable: 'true', redis: 'off' },
    });
    expect((await send(gw, '/nope')).status).toBe(404);
    // The probe opens a TCP connection only: no API call, no quota used.
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });
});

it('/readyz answers 503 when the upstream is down, while /healthz stays 200', async () => {
  await withGateway({}, async (gw) => {
    await gw.emulator.close();
    const ready = await send(gw, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json()).toEqual({
      status: 'not ready',
      checks: { upstreamCircuitBreaker: 'closed', upstreamReachable: 'false', redis: 'off' },
    });
    expect((await send(gw, '/healthz')).status).toBe(200);
  });
});

it('/readyz answers 503 while the circuit breaker is open', async () => {
  await withGateway(
    { UPSTREAM_BREAKER_FAILURES: '2', UPSTREAM_RETRY_MAX_ATTEMPTS: '1' },
    async (gw) => {
      gw.emulator.control.setFaults([{ endpoint: '*', kind: 'error', status: 503 }]);
      const auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
      for (let i = 0; i < 2; i += 1) {
        const failed = await gw.graphql('{ packages { edges { node { id } } } }', undefined, auth);
        expect(failed.body.errors).toHaveLength(1);
      }
      const shortCircuited = await gw.graphql(
        '{ packages { edges { node { id } } } }',
        undefined,
        auth,
      );
      expect(errorCodes(shortCircuited.body)).toHaveLength(1);

      const ready = await send(gw, '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.json()).toEqual({
        status: 'not ready',
        checks: { upstreamCircuitBreaker: 'open', upstreamReachable: 'true', redis: 'off' },
      });
      // Two failed attempts, then the open breaker kept the third request off the upstream.
      expect(gw.emulator.control.requestLog()).toHaveLength(2);
    },
  );
});
