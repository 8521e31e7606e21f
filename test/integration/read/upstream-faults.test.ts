/**
 * Upstream failures injected into the emulator become typed GraphQL errors with stable
 * `extensions.code` values (src/graphql/errors.ts), after bounded retries visible in the
 * request log, and nothing internal reaches the client or the log.
 */
import type { FaultRule } from '../../../src/emulator';
import type { GraphQLResult } from '../../helpers/test-gateway';
import { leaksIn } from '../../helpers/leak-checks';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../../helpers/test-gateway';
import { upstreamCalls } from '../../helpers/upstream-calls';

const MAX_ATTEMPTS = 3;
/** Text that exists only in the emulator's error bodies. */
const UPSTREAM_BODY_PHRASES = ['too many requests', 'TOO_MANY_REQUESTS', 'retryAfterSeconds'];

const PACKAGE_QUERY = `query($id: ID!) { package(id: $id) { id } }`;

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({
    env: {
      UPSTREAM_RETRY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      UPSTREAM_HEADERS_TIMEOUT_MS: '1000',
      REQUEST_DEADLINE_MS: '5000',
      // Faults here must not open the breaker for the next test; it has its own file.
      UPSTREAM_BREAKER_FAILURES: '1000',
    },
  });
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  gateway.emulator.control.reset('empty');
  gateway.emulator.control.seed({
    packages: [aPackage({ id: 1, accountId: gateway.config.defaultAccountId })],
  });
  gateway.emulator.control.clearFaults();
  gateway.emulator.control.clearRequestLog();
});

afterEach(() => {
  const logs = gateway.logLines.join('\n');
  expect(logs).not.toContain(TEST_API_KEY);
  expect(leaksIn(logs, gateway.emulator.url, UPSTREAM_BODY_PHRASES)).toEqual([]);
});

/**
 * `package(id)` with `faults` armed. A single lookup in the caller's own account is one Get
 * Package call (contract: Get Package), so the faults target `getPackage`; every attempt must be that call.
 */
async function lookUpWith(faults: FaultRule[]): Promise<GraphQLResult> {
  gateway.emulator.control.setFaults(faults);
  const result = await gateway.graphql(PACKAGE_QUERY, { id: packageId(1) });
  const calls = upstreamCalls(gateway.emulator);
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) {
    expect(`${call.method} ${call.path}`).toBe(`GET /resellers/v1/packages/${packageId(1)}`);
  }
  return result;
}

/** The one error of a failed lookup, after checking nothing internal leaked. */
function onlyError(result: GraphQLResult): NonNullable<GraphQLResult['body']['errors']>[number] {
  expect(result.status).toBe(200);
  expect(leaksIn(JSON.stringify(result.body), gateway.emulator.url, UPSTREAM_BODY_PHRASES)).toEqual(
    [],
  );
  expect(result.body.data).toEqual({ package: null });
  expect(result.body.errors).toHaveLength(1);
  const [error] = result.body.errors!;
  expect(error!.path).toEqual(['package']);
  return error!;
}

/** Statuses of the logged upstream attempts (undefined: no response was sent). */
function attemptStatuses(): Array<number | undefined> {
  return upstreamCalls(gateway.emulator).map((call) => call.status);
}

describe('upstream 5xx', () => {
  it('500 on every attempt → UPSTREAM_UNAVAILABLE after the bounded retries', async () => {
    const result = await lookUpWith([{ endpoint: 'getPackage', kind: 'error', status: 500 }]);

    const error = onlyError(result);
    expect(error.extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      httpStatus: 500,
      upstreamRequestId: expect.any(String),
    });
    expect(error.message).toBe('The Wix API failed to process the request.');
    expect(attemptStatuses()).toEqual([500, 500, 500]);
    // Every attempt carries the request's id, so the retries can be correlated.
    const ids = new Set(
      upstreamCalls(gateway.emulator).map((call) => call.headers['x-request-id']),
    );
    expect(ids).toEqual(new Set([result.headers.get('x-request-id')]));
  });

  it('503 once, then success → the data, after 2 calls', async () => {
    const result = await lookUpWith([
      { endpoint: 'getPackage', kind: 'error', status: 503, times: 1 },
    ]);

    expect(result.body).toEqual({ data: { package: { id: packageId(1) } } });
    expect(attemptStatuses()).toEqual([503, 200]);
  });

  it('500 on the list query → UPSTREAM_UNAVAILABLE with no partial page', async () => {
    gateway.emulator.control.setFaults([{ endpoint: 'queryPackages', kind: 'error' }]);

    const result = await gateway.graphql(`{ packages(first: 5) { edges { node { id } } } }`);

    expect(leaksIn(JSON.stringify(result.body), gateway.emulator.url)).toEqual([]);
    expect(result.body.data).toBeNull();
    expect(result.body.errors?.map((error) => error.extensions?.['code'])).toEqual([
      'UPSTREAM_UNAVAILABLE',
    ]);
    expect(attemptStatuses()).toEqual([500, 500, 500]);
  });
});

describe('upstream 429', () => {
  it('persistent 429 → UPSTREAM_RATE_LIMITED after the bounded retries', async () => {
    const result = await lookUpWith([
      { endpoint: 'getPackage', kind: 'rateLimit', retryAfterSeconds: 0 },
    ]);

    const error = onlyError(result);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', httpStatus: 429 });
    expect(error.extensions?.['wixCode']).toBeUndefined();
    expect(attemptStatuses()).toEqual([429, 429, 429]);
  });

  it('a Retry-After longer than the retry cap ends the retries and is passed on', async () => {
    const result = await lookUpWith([
      { endpoint: 'getPackage', kind: 'rateLimit', retryAfterSeconds: 30 },
    ]);

    const error = onlyError(result);
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_RATE_LIMITED',
      httpStatus: 429,
      retryAfterMs: 30_000,
    });
    expect(attemptStatuses()).toEqual([429]);
  });

  it('429 once → the data, after 2 calls', async () => {
    const result = await lookUpWith([
      { endpoint: 'getPackage', kind: 'rateLimit', retryAfterSeconds: 0, times: 1 },
    ]);

    expect(result.body).toEqual({ data: { package: { id: packageId(1) } } });
    expect(attemptStatuses()).toEqual([429, 200]);
  });
});

describe('upstream transport failures', () => {
  it('a hanging upstream → UPSTREAM_TIMEOUT after each attempt timed out', async () => {
    const result = await lookUpWith([{ endpoint: 'getPackage', kind: 'hang' }]);

    const error = onlyError(result);
    expect(error.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT' });
    expect(attemptStatuses()).toEqual([undefined, undefined, undefined]);
  });

  it('a hang once → the data from the retry', async () => {
    const result = await lookUpWith([{ endpoint: 'getPackage', kind: 'hang', times: 1 }]);

    expect(result.body).toEqual({ data: { package: { id: packageId(1) } } });
    expect(attemptStatuses()).toEqual([undefined, 200]);
  });

  it('connections dropped before an answer → UPSTREAM_UNAVAILABLE after the retries', async () => {
    const result = await lookUpWith([{ endpoint: 'getPackage', kind: 'dropBefore' }]);

    const error = onlyError(result);
    expect(error.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(upstreamCalls(gateway.emulator)).toHaveLength(MAX_ATTEMPTS);
  });

  it('the response lost after a read was processed → retried (reads are safe to repeat)', async () => {
    const result = await lookUpWith([{ endpoint: 'getPackage', kind: 'dropAfter', times: 1 }]);

    expect(result.body).toEqual({ data: { package: { id: packageId(1) } } });
    expect(attemptStatuses()).toEqual([200, 200]);
  });

  it('a slow upstream within the timeouts is not an error', async () => {
    const result = await lookUpWith([{ endpoint: 'getPackage', kind: 'latency', latencyMs: 50 }]);

    expect(result.body).toEqual({ data: { package: { id: packageId(1) } } });
    expect(attemptStatuses()).toEqual([200]);
    // The delay was really injected into the lookup's call.
    expect(upstreamCalls(gateway.emulator).map((call) => call.fault)).toEqual(['latency']);
  });
});
