/**
 * The request deadline and the circuit breaker end to end: a hanging upstream is cut off at
 * the request deadline; consecutive upstream failures open the breaker, which then refuses
 * calls without touching the network, turns `/readyz` to 503, and closes again after a
 * successful probe. The last test kills the upstream for good.
 */
import { createServer, type Server } from 'node:net';
import { leaksIn } from '../../helpers/leak-checks';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import {
  startTestGateway,
  TEST_API_KEY,
  type GraphQLResult,
  type TestGateway,
} from '../../helpers/test-gateway';
import { upstreamCalls } from '../../helpers/upstream-calls';

const BREAKER_FAILURES = 4;
const HALF_OPEN_MS = 200;
const REQUEST_DEADLINE_MS = 400;

const PACKAGE_QUERY = `query($id: ID!) { package(id: $id) { id } }`;

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({
    env: {
      UPSTREAM_RETRY_MAX_ATTEMPTS: '3',
      // Far longer than the deadline: only the deadline can end a hanging call early.
      UPSTREAM_HEADERS_TIMEOUT_MS: '10000',
      REQUEST_DEADLINE_MS: String(REQUEST_DEADLINE_MS),
      UPSTREAM_BREAKER_FAILURES: String(BREAKER_FAILURES),
      UPSTREAM_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
    },
  });
  gateway.emulator.control.seed({
    packages: [aPackage({ id: 1, accountId: gateway.config.defaultAccountId })],
  });
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  gateway.emulator.control.clearFaults();
  gateway.emulator.control.clearRequestLog();
});

afterEach(() => {
  const logs = gateway.logLines.join('\n');
  expect(logs).not.toContain(TEST_API_KEY);
  expect(leaksIn(logs, gateway.emulator.url)).toEqual([]);
});

async function lookUp(): Promise<GraphQLResult> {
  return gateway.graphql(PACKAGE_QUERY, { id: packageId(1) });
}

/** The `extensions.code` of a failed lookup, after checking nothing internal leaked. */
function errorCode(result: GraphQLResult, upstreamUrl: string): unknown {
  expect(leaksIn(JSON.stringify(result.body), upstreamUrl)).toEqual([]);
  expect(result.body.data).toEqual({ package: null });
  expect(result.body.errors).toHaveLength(1);
  return result.body.errors?.[0]?.extensions?.['code'];
}

async function readiness(): Promise<{ status: number; body: { checks?: Record<string, string> } }> {
  const response = await fetch(`${gateway.url}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as { checks?: Record<string, string> },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

it('cuts a hanging upstream off at the request deadline, with one attempt', async () => {
  // A single package(id) is one Get Package call (contract: Get Package).
  gateway.emulator.control.setFaults([{ endpoint: 'getPackage', kind: 'hang' }]);
  const started = Date.now();

  const result = await lookUp();

  // Generous bound: without the deadline this would take 3 × 10 s headers timeouts.
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(errorCode(result, gateway.emulator.url)).toBe('UPSTREAM_TIMEOUT');
  expect(result.body.errors?.[0]?.message).toBe(
    'The request ran out of time while waiting for the Wix API.',
  );
  expect(upstreamCalls(gateway.emulator).map((call) => call.fault)).toEqual(['hang']);
  // Our own deadline says nothing about the upstream's health.
  expect(gateway.gateway.httpClient.breakerState()).toBe('closed');
});

it('opens after the configured consecutive failures, refuses without calling, closes after a probe', async () => {
  expect((await readiness()).status).toBe(200);
  gateway.emulator.control.setFaults([{ endpoint: 'getPackage', kind: 'error', status: 500 }]);

  // 3 attempts: still closed (3 < 4).
  expect(errorCode(await lookUp(), gateway.emulator.url)).toBe('UPSTREAM_UNAVAILABLE');
  expect((await readiness()).status).toBe(200);
  // The 4th consecutive failure opens the breaker, which also ends the retries.
  expect(errorCode(await lookUp(), gateway.emulator.url)).toBe('UPSTREAM_UNAVAILABLE');
  expect(upstreamCalls(gateway.emulator).map((call) => call.status)).toEqual(
    Array<number>(BREAKER_FAILURES).fill(500),
  );

  const open = await readiness();
  expect(open.status).toBe(503);
  expect(open.body.checks?.['upstreamCircuitBreaker']).toBe('open');

  gateway.emulator.control.clearRequestLog();
  expect(errorCode(await lookUp(), gateway.emulator.url)).toBe('UPSTREAM_CIRCUIT_OPEN');
  expect(upstreamCalls(gateway.emulator)).toEqual([]);

  gateway.emulator.control.clearFaults();
  await sleep(HALF_OPEN_MS + 50);
  expect((await lookUp()).body).toEqual({ data: { package: { id: packageId(1) } } });
  const closed = await readiness();
  expect(closed.status).toBe(200);
  expect(closed.body.checks?.['upstreamCircuitBreaker']).toBe('closed');
});

describe('a dead upstream (runs last: it closes the emulator)', () => {
  let listener: Server | undefined;

  afterEach(async () => {
    const open = listener;
    if (open) await new Promise<void>((resolve) => open.close(() => resolve()));
  });

  it('answers UPSTREAM_UNAVAILABLE, then UPSTREAM_CIRCUIT_OPEN without connecting', async () => {
    const upstreamUrl = gateway.emulator.url;
    await gateway.emulator.close();

    // Connection refused: 3 attempts, then 1 more: the 4th failure opens the breaker.
    expect(errorCode(await lookUp(), upstreamUrl)).toBe('UPSTREAM_UNAVAILABLE');
    expect(errorCode(await lookUp(), upstreamUrl)).toBe('UPSTREAM_UNAVAILABLE');
    expect(gateway.gateway.httpClient.breakerState()).toBe('open');
    expect((await readiness()).status).toBe(503);

    // Listen where the upstream was, and count connections: an open breaker makes none.
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    listener = server;
    await new Promise<void>((resolve) =>
      server.listen(Number(new URL(upstreamUrl).port), '127.0.0.1', resolve),
    );

    expect(errorCode(await lookUp(), upstreamUrl)).toBe('UPSTREAM_CIRCUIT_OPEN');
    expect(errorCode(await lookUp(), upstreamUrl)).toBe('UPSTREAM_CIRCUIT_OPEN');
    expect(connections).toBe(0);
  });
});
