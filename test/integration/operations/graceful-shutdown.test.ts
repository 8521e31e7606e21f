/**
 * Graceful shutdown (what main.ts does on SIGTERM): `gateway.close()` stops accepting
 * connections at once, lets the request in flight finish with its real answer, then closes the
 * upstream connection pool.
 */
import { connect } from 'node:net';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

/** Resolves with how a fresh TCP connection to `url` went. */
function tryConnect(url: string): Promise<'connected' | string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** Waits until `condition` holds; fails after `withinMs`. */
async function until(condition: () => boolean, withinMs = 2_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  if (!condition()) throw new Error(`condition still false after ${withinMs} ms`);
}

let gw: TestGateway;

beforeEach(async () => {
  gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV, SHUTDOWN_GRACE_MS: '10000' } });
  gw.emulator.control.seed({ packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })] });
});
afterEach(async () => {
  await gw.close();
});

it('drains the request in flight, refuses new connections, then closes the upstream pool', async () => {
  // The in-flight request reads one package of its own account: one Get Package call (contract: Get Package).
  gw.emulator.control.setFaults([{ endpoint: 'getPackage', kind: 'latency', latencyMs: 300 }]);
  const auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
  const inFlight = gw.graphql(`{ package(id: "${packageId(1)}") { id } }`, undefined, auth);
  await until(() => gw.emulator.control.requestLog().length === 1);

  let closed = false;
  const closing = gw.gateway.close().then(() => {
    closed = true;
  });
  expect(await tryConnect(gw.url)).toBe('ECONNREFUSED');

  const result = await inFlight;
  expect(result.status).toBe(200);
  expect(result.body).toEqual({ data: { package: { id: packageId(1) } } });
  await closing;
  expect(closed).toBe(true);

  // The pool is closed: the client can no longer reach the upstream.
  gw.emulator.control.clearFaults();
  await expect(
    gw.gateway.httpClient.request({
      endpoint: 'queryPackages',
      method: 'POST',
      path: '/resellers/v1/packages/query',
      body: { query: {} },
      accountId: DEMO_ACCOUNTS.customerA,
      kind: 'read',
    }),
  ).rejects.toThrow();
  // The one call is the delayed lookup the close waited for.
  expect(gw.emulator.control.requestLog().map((entry) => entry.fault)).toEqual(['latency']);
});

it('closes promptly when idle, also with keep-alive client connections open', async () => {
  const auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
  // fetch keeps this connection alive in its pool after the response.
  await gw.graphql('{ __typename }', undefined, auth);
  let closed = false;
  const closing = gw.gateway.close().then(() => {
    closed = true;
  });
  // The idle keep-alive socket must not hold the close up until the client drops it (~3 s for
  // fetch, 5 s for Node's server keep-alive timeout) or SHUTDOWN_GRACE_MS (10 s) cuts it.
  await until(() => closed, 1_500);
  await closing;
});

it('may be called twice (signal handler and test teardown alike)', async () => {
  await gw.gateway.close();
  await expect(gw.gateway.close()).resolves.toBeUndefined();
});
