/**
 * Graceful shutdown under load on kept-alive connections (what SIGTERM does, through
 * `gateway.close()`): every response finished after the stop began says `Connection: close`,
 * so a keep-alive client never sends another request on a connection the gateway is about to
 * close, and no request a client sent on time is reset.
 */
import { Client } from 'undici';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const CONNECTIONS = 20;

interface WorkerOutcome {
  statuses: number[];
  /** The `connection` header of the last response received. */
  lastConnectionHeader: string | undefined;
  errors: string[];
}

/**
 * A keep-alive client on one connection: sends requests back to back, as long as the gateway
 * lets it keep the connection (stops after a `Connection: close` response).
 */
async function keepAliveWorker(
  url: string,
  body: string,
  headers: Record<string, string>,
  stopAfterMs: number,
): Promise<WorkerOutcome> {
  const client = new Client(url, { pipelining: 1, keepAliveTimeout: 30_000 });
  const outcome: WorkerOutcome = { statuses: [], lastConnectionHeader: undefined, errors: [] };
  const giveUpAt = Date.now() + stopAfterMs;
  try {
    while (Date.now() < giveUpAt) {
      const response = await client.request({
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      await response.body.text();
      outcome.statuses.push(response.statusCode);
      const connection = response.headers['connection'];
      outcome.lastConnectionHeader = typeof connection === 'string' ? connection : undefined;
      if (outcome.lastConnectionHeader?.toLowerCase() === 'close') break;
    }
  } catch (error) {
    const cause = (error as { code?: string; message?: string }) ?? {};
    const answered = outcome.statuses.length;
    outcome.errors.push(`${cause.code ?? cause.message ?? 'error'} after ${answered} responses`);
  } finally {
    await client.destroy();
  }
  return outcome;
}

/** Waits until `condition` holds; fails after `withinMs`. */
async function until(condition: () => boolean, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
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

it(`answers every request of ${CONNECTIONS} busy keep-alive connections and closes each after a "Connection: close" response`, async () => {
  // Each request reads one package: one Get Package call (contract: Get Package), slowed so that requests are in
  // flight on every connection when the stop begins.
  gw.emulator.control.setFaults([{ endpoint: 'getPackage', kind: 'latency', latencyMs: 150 }]);
  const auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
  const body = JSON.stringify({ query: `{ package(id: "${packageId(1)}") { id } }` });
  const workers = Array.from({ length: CONNECTIONS }, () =>
    keepAliveWorker(gw.url, body, auth, 30_000),
  );
  // Every connection has had at least one answer and is busy again.
  await until(() => gw.emulator.control.requestLog().length >= 2 * CONNECTIONS);

  await gw.gateway.close();
  const outcomes = await Promise.all(workers);

  expect(outcomes.flatMap((outcome) => outcome.errors)).toEqual([]);
  expect(outcomes.flatMap((outcome) => outcome.statuses).filter((s) => s !== 200)).toEqual([]);
  expect(outcomes.map((outcome) => outcome.lastConnectionHeader)).toEqual(
    Array.from({ length: CONNECTIONS }, () => 'close'),
  );
}, 60_000);

it('answers a request sent on an idle keep-alive connection just as the stop begins', async () => {
  const auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
  const client = new Client(gw.url, { keepAliveTimeout: 30_000 });
  const post = () =>
    client.request({
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
  try {
    const first = await post();
    await first.body.text();
    expect(first.headers['connection']).toBe('keep-alive');

    // The connection is idle; the client sends on it as the stop begins (a request in transit).
    const closing = gw.gateway.close();
    const second = await post();
    expect(second.statusCode).toBe(200);
    expect(await second.body.json()).toEqual({ data: { __typename: 'Query' } });
    expect(second.headers['connection']).toBe('close');
    await closing;
  } finally {
    await client.destroy();
  }
});
