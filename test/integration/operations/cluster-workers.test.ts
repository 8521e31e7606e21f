/**
 * `WORKERS=2`: the gateway as a real process, a primary and two forked workers on one port.
 * Requests are answered by both workers (their pids in the access log), `/metrics` from any
 * worker is the sum over both (the bound metrics included), the embedded emulator runs once,
 * in the primary; without Redis a webhook received by one worker reaches subscribers on both,
 * and the same event delivered to both is published once; SIGTERM to the primary drains every
 * worker (a request in flight is answered) and everything exits within the grace period; a
 * worker that cannot start stops the whole gateway with status 1.
 */
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, startEmulator, type RunningEmulator } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { spawnGateway, waitUntilServing, type GatewayProcess } from '../../helpers/gateway-process';
import { sseClientFor } from '../../helpers/live-clients';
import { sampleSum } from '../../helpers/prometheus-text';
import { signedInstanceEnabledEvent } from '../../helpers/signed-webhooks';
import { collectStream, type StreamCollector } from '../../helpers/stream-collector';
import { TEST_API_KEY } from '../../helpers/test-gateway';

const { reseller } = DEMO_ACCOUNTS;
const PROBE = 'query ClusterProbe { packages(first: 1) { edges { node { id } } } }';
const SUBSCRIPTION = 'subscription { packageChanged { eventId kind } }';
/** Startup of three processes on a loaded 2-core machine. */
const START_MS = 60_000;

/**
 * POSTs on a connection of its own (`agent: false`): the primary hands each new connection to
 * the next worker, so consecutive calls reach both.
 */
function postOnNewConnection(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; requestId: string; json: unknown }> {
  return new Promise((resolve, reject) => {
    const call = request(url, { method: 'POST', agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          requestId: String(response.headers['x-request-id']),
          json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
        }),
      );
    });
    call.on('error', reject);
    call.end(body);
  });
}

function graphqlOnNewConnection(gateway: GatewayProcess, headers: Record<string, string> = {}) {
  return postOnNewConnection(`${gateway.url}/graphql`, JSON.stringify({ query: PROBE }), {
    'content-type': 'application/json',
    ...headers,
  });
}

/** A signed Wix webhook posted on a new connection; resolves with the receiver's status word. */
async function webhookOnNewConnection(gateway: GatewayProcess, body: string): Promise<string> {
  const answer = await postOnNewConnection(`${gateway.url}/webhooks/wix`, body, {
    'content-type': 'text/plain',
  });
  return (answer.json as { status: string }).status;
}

/** The pid of the process whose access-log line names `requestId` (waits for the line). */
async function pidThatServed(gateway: GatewayProcess, requestId: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = gateway
      .stdout()
      .split('\n')
      .find((text) => text.includes(`"requestId":"${requestId}"`));
    if (line !== undefined) return (JSON.parse(line) as { pid: number }).pid;
    if (Date.now() > deadline) throw new Error(`no access-log line for ${requestId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The primary prints the banner once every worker listens (/healthz answers with the first). */
async function allWorkersListening(gateway: GatewayProcess): Promise<void> {
  await waitUntilServing(gateway, '/healthz', START_MS);
  const deadline = Date.now() + START_MS;
  while (!gateway.stdout().includes('packages-gateway is up')) {
    if (Date.now() > deadline) throw new Error(`no banner:\n${gateway.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function metricsOf(gateway: GatewayProcess): Promise<string> {
  return (await fetch(`${gateway.url}/metrics`)).text();
}

/** The pids of the workers that logged a line. */
function workerPidsIn(gateway: GatewayProcess): number[] {
  const lines = gateway
    .stdout()
    .split('\n')
    .filter((line) => line.includes('"worker":'));
  return [...new Set(lines.map((line) => (JSON.parse(line) as { pid: number }).pid))];
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('WORKERS=2 with the embedded emulator', () => {
  let gateway: GatewayProcess;

  beforeAll(async () => {
    gateway = await spawnGateway({
      WORKERS: '2',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      // Every probe reaches the upstream, so the upstream counter is a sum over both workers.
      ENTITY_CACHE_TTL_MS: '0',
    });
    await allWorkersListening(gateway);
  }, START_MS + 10_000);
  afterAll(() => gateway?.stop());

  it('serves from both workers against one emulator in the primary; /metrics sums them', async () => {
    const answers = [];
    for (let i = 0; i < 8; i += 1) answers.push(await graphqlOnNewConnection(gateway));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ data: { packages: { edges: [{ node: {} }] } } });
    }
    const pids = await Promise.all(answers.map((a) => pidThatServed(gateway, a.requestId)));
    const perWorker = new Map<number, number>();
    for (const pid of pids) perWorker.set(pid, (perWorker.get(pid) ?? 0) + 1);
    expect(perWorker.size).toBe(2);
    expect(pids).not.toContain(gateway.process.pid);

    // One banner, from the primary, saying what the workers do not share without Redis.
    expect(gateway.stdout().match(/packages-gateway is up/g)).toHaveLength(1);
    expect(gateway.stdout()).toMatch(
      /Workers: +2 processes \(node:cluster; no REDIS_URL: .*per worker\)/,
    );

    // One emulator, started by the primary (the only line without a worker id).
    const started = gateway
      .stdout()
      .split('\n')
      .filter((line) => line.includes('started the embedded Packages API emulator'));
    expect(started).toHaveLength(1);
    expect(JSON.parse(started[0]!)).toMatchObject({ role: 'primary', pid: gateway.process.pid });

    // Whichever worker answers the scrape, it counts both workers' operations: the sum (8),
    // not the answering worker's own share.
    const metrics = await metricsOf(gateway);
    const probe = { operation_name: 'ClusterProbe', outcome: 'success' };
    expect(sampleSum(metrics, 'gateway_graphql_operations_total', probe)).toBe(8);
    expect(sampleSum(metrics, 'gateway_graphql_operation_duration_seconds_count', probe)).toBe(8);
    expect(
      sampleSum(metrics, 'gateway_graphql_operation_duration_seconds_bucket', {
        ...probe,
        le: '+Inf',
      }),
    ).toBe(8);
    expect(
      sampleSum(metrics, 'gateway_upstream_requests_total', { endpoint: 'queryPackages' }),
    ).toBe(8);
    expect(sampleSum(metrics, 'gateway_upstream_circuit_breaker_state')).toBe(0);
  });

  it('SIGTERM to the primary stops every worker and exits 0 within the grace period', async () => {
    const workerPids = workerPidsIn(gateway);
    expect(workerPids).toHaveLength(2);
    gateway.process.kill('SIGTERM');
    // The default grace period is 10 s; an idle gateway needs far less.
    expect(await gateway.exited(10_000)).toEqual({ code: 0, signal: null });
    expect(workerPids.filter(isRunning)).toEqual([]);
  });
});

describe('WORKERS=2 without Redis, against Wix (the emulator as a separate upstream)', () => {
  let emulator: RunningEmulator;
  let gateway: GatewayProcess;
  let auth: Record<string, string>;
  const streams: StreamCollector<unknown>[] = [];
  const disposers: (() => void)[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 'demo' });
    gateway = await spawnGateway({
      ...HMAC_AUTH_ENV,
      WORKERS: '2',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      WIX_API_URL: emulator.url,
      WIX_API_KEY: TEST_API_KEY,
      WIX_WEBHOOK_PUBLIC_KEY: emulator.control.webhookPublicKeyPem(),
      SHUTDOWN_GRACE_MS: '5000',
      // The request held in flight at SIGTERM must reach the (slowed) upstream.
      ENTITY_CACHE_TTL_MS: '0',
    });
    await allWorkersListening(gateway);
    auth = bearer(await tokenFor(reseller, [SCOPE.read]));
  }, START_MS + 10_000);
  afterAll(async () => {
    for (const dispose of disposers) dispose();
    await gateway?.stop();
    await emulator?.close();
  });

  it('a webhook received by one worker reaches subscribers on both; one delivered to both is published once', async () => {
    // Each stream is a connection of its own, handed to the workers in turn.
    for (let i = 0; i < 4; i += 1) {
      const client = sseClientFor(gateway.url, auth.authorization);
      disposers.push(() => client.dispose());
      streams.push(collectStream(client.iterate({ query: SUBSCRIPTION })));
    }
    const deadline = Date.now() + 15_000;
    while (sampleSum(await metricsOf(gateway), 'gateway_live_subscriptions') < 4) {
      if (Date.now() > deadline) throw new Error('the subscriptions did not open');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const once = await signedInstanceEnabledEvent(emulator, reseller, 921);
    expect(await webhookOnNewConnection(gateway, once.body)).toBe('accepted');
    // Delivered twice, on two new connections (so to both workers): published once.
    const twice = await signedInstanceEnabledEvent(emulator, reseller, 922);
    expect(await webhookOnNewConnection(gateway, twice.body)).toBe('accepted');
    expect(await webhookOnNewConnection(gateway, twice.body)).toBe('duplicate');
    const marker = await signedInstanceEnabledEvent(emulator, reseller, 923);
    expect(await webhookOnNewConnection(gateway, marker.body)).toBe('accepted');

    for (const stream of streams) {
      await stream.item(2, 15_000);
      expect(
        stream.items.map(
          (item) =>
            (item as { data: { packageChanged: { eventId: string } } }).data.packageChanged.eventId,
        ),
      ).toEqual([once.eventId, twice.eventId, marker.eventId]);
    }
  });

  it('SIGTERM drains the workers: a request in flight is answered, then all exit', async () => {
    emulator.control.setFaults([{ endpoint: 'queryPackages', kind: 'latency', latencyMs: 1_000 }]);
    const inFlight = graphqlOnNewConnection(gateway, auth);
    const deadline = Date.now() + 10_000;
    while (emulator.control.requestLog().at(-1)?.fault !== 'latency') {
      if (Date.now() > deadline) throw new Error('the request did not reach the emulator');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    gateway.process.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ data: { packages: { edges: [{ node: {} }] } } });
    expect(await gateway.exited(10_000)).toEqual({ code: 0, signal: null });
  });
});

describe('WORKERS=2 when a worker cannot start', () => {
  it(
    'stops the other worker and exits 1 (a port taken would fail every replacement too)',
    async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const port = (taken.address() as AddressInfo).port;
      const gateway = await spawnGateway({ WORKERS: '2', LOG_LEVEL: 'warn', PORT: String(port) });
      try {
        expect(await gateway.exited(START_MS)).toEqual({ code: 1, signal: null });
        expect(gateway.stderr()).toContain('EADDRINUSE');
        expect(gateway.stdout()).toContain('cluster.worker_failed_to_start');
        expect(gateway.stdout()).not.toContain('packages-gateway is up');
        expect(workerPidsIn(gateway).filter(isRunning)).toEqual([]);
      } finally {
        await gateway.stop();
        await new Promise((resolve) => taken.close(resolve));
      }
    },
    START_MS + 10_000,
  );
});
