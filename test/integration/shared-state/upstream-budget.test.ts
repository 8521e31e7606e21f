/**
 * The upstream call budget end to end: GraphQL over HTTP → gateway → emulator, counting the
 * calls the emulator actually received. One gateway alone, then two replicas sharing a
 * private redis-server (and losing it mid-test).
 */
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { errorCodes } from '../../helpers/gateway-http';
import {
  describeWithRedis,
  startRedisServer,
  type TestRedisServer,
} from '../../helpers/redis-server';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const LIST = '{ packages(first: 5) { edges { node { id } } } }';

async function withGateway(
  env: Record<string, string>,
  body: (gw: TestGateway) => Promise<void>,
): Promise<void> {
  const gw = await startTestGateway({ env });
  try {
    await body(gw);
  } finally {
    await gw.close();
  }
}

describe('upstream budget, one gateway', () => {
  it('is off by default with the embedded emulator', async () => {
    await withGateway({}, async (gw) => {
      expect(gw.config.upstreamBudget.perMinute).toBe(0);
      for (let i = 0; i < 5; i += 1) expect((await gw.graphql(LIST)).body.errors).toBeUndefined();
      expect(gw.emulator.control.requestLog()).toHaveLength(5);
    });
  });

  it('refuses calls over budget with UPSTREAM_RATE_LIMITED before they reach the upstream', async () => {
    await withGateway(
      {
        UPSTREAM_RATE_LIMIT_PER_MINUTE: '3',
        UPSTREAM_RATE_LIMIT_ACCOUNT_PCT: '100',
        UPSTREAM_RATE_LIMIT_MAX_WAIT_MS: '0',
      },
      async (gw) => {
        for (let i = 0; i < 3; i += 1) {
          expect((await gw.graphql(LIST)).body.errors).toBeUndefined();
        }
        const refused = await gw.graphql(LIST);
        expect(refused.status).toBe(200);
        expect(errorCodes(refused.body)).toEqual(['UPSTREAM_RATE_LIMITED']);
        const extensions = refused.body.errors?.[0]?.extensions ?? {};
        expect(extensions.retryAfterMs).toBeGreaterThan(0);
        expect(extensions.retryAfterMs).toBeLessThanOrEqual(60_000);
        expect(extensions.httpStatus).toBeUndefined();
        expect(gw.emulator.control.requestLog()).toHaveLength(3);
      },
    );
  });

  it('as one of WORKERS processes without Redis, takes its even share of the budget', async () => {
    // Two workers of a machine, each allowed 6 / 2 = 3 calls: together within the 6.
    await withGateway(
      {
        WORKERS: '2',
        UPSTREAM_RATE_LIMIT_PER_MINUTE: '6',
        UPSTREAM_RATE_LIMIT_ACCOUNT_PCT: '100',
        UPSTREAM_RATE_LIMIT_MAX_WAIT_MS: '0',
      },
      async (gw) => {
        for (let i = 0; i < 3; i += 1) {
          expect((await gw.graphql(LIST)).body.errors).toBeUndefined();
        }
        expect(errorCodes((await gw.graphql(LIST)).body)).toEqual(['UPSTREAM_RATE_LIMITED']);
        expect(gw.emulator.control.requestLog()).toHaveLength(3);
      },
    );
  });

  it('a 429 with Retry-After pauses later calls without sending them', async () => {
    await withGateway(
      { UPSTREAM_RATE_LIMIT_PER_MINUTE: '100', UPSTREAM_RETRY_MAX_ATTEMPTS: '1' },
      async (gw) => {
        gw.emulator.control.setFaults([
          { endpoint: '*', kind: 'rateLimit', retryAfterSeconds: 30, times: 1 },
        ]);
        const limited = await gw.graphql(LIST);
        expect(errorCodes(limited.body)).toEqual(['UPSTREAM_RATE_LIMITED']);
        expect(limited.body.errors?.[0]?.extensions?.httpStatus).toBe(429);
        expect(gw.emulator.control.requestLog()).toHaveLength(1);

        const paused = await gw.graphql(LIST);
        expect(errorCodes(paused.body)).toEqual(['UPSTREAM_RATE_LIMITED']);
        expect(paused.body.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(25_000);
        // The fault had disarmed: the pause alone kept this call off the upstream.
        expect(gw.emulator.control.requestLog()).toHaveLength(1);
      },
    );
  });
});

describeWithRedis('upstream budget, two replicas sharing Redis', () => {
  let redis: TestRedisServer;
  let emulator: RunningEmulator;
  let replicas: TestGateway[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    emulator = await startEmulator({ seed: 'demo' });
  });
  afterEach(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    replicas = [];
  });
  afterAll(async () => {
    await emulator?.close();
    await redis?.stop();
  });

  async function startReplicas(env: Record<string, string>): Promise<TestGateway[]> {
    replicas = await Promise.all(
      [1, 2].map(() =>
        startTestGateway({
          sharedEmulator: emulator,
          // Generous: on a loaded machine a 250 ms command timeout would send calls to the
          // per-process insurance limiter, which is not what these tests are about.
          env: {
            REDIS_URL: redis.url,
            REDIS_CONNECT_TIMEOUT_MS: '5000',
            REDIS_COMMAND_TIMEOUT_MS: '3000',
            REQUEST_DEADLINE_MS: '15000',
            ...env,
          },
        }),
      ),
    );
    return replicas;
  }

  it('together they stay within the budget under a burst', async () => {
    const [one, two] = await startReplicas({
      UPSTREAM_RATE_LIMIT_PER_MINUTE: '6',
      UPSTREAM_RATE_LIMIT_ACCOUNT_PCT: '100',
      UPSTREAM_RATE_LIMIT_MAX_WAIT_MS: '0',
    });
    emulator.control.clearRequestLog();
    const answers = await Promise.all(
      // Twenty different queries (page sizes 1-20): identical ones would share calls.
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? one! : two!).graphql(
          `{ packages(first: ${i + 1}) { edges { node { id } } } }`,
        ),
      ),
    );
    const answered = answers.filter((answer) => answer.body.errors === undefined);
    const refused = answers.flatMap((answer) => errorCodes(answer.body));
    // The budget is the bound; on a loaded machine a granted call may still miss its deadline.
    expect(emulator.control.requestLog().length).toBeLessThanOrEqual(6);
    expect(answered.length).toBeLessThanOrEqual(6);
    expect(answered.length).toBeGreaterThan(0);
    expect(
      refused.filter((code) => code === 'UPSTREAM_RATE_LIMITED').length,
    ).toBeGreaterThanOrEqual(14);
    const ready = await fetch(`${one!.url}/readyz`).then((response) => response.json());
    expect(ready).toMatchObject({ status: 'ready', checks: { redis: 'ready' } });
  });

  it('a 429 seen by one replica pauses the other', async () => {
    const [one, two] = await startReplicas({
      UPSTREAM_RATE_LIMIT_PER_MINUTE: '100',
      UPSTREAM_RETRY_MAX_ATTEMPTS: '1',
    });
    emulator.control.clearRequestLog();
    emulator.control.setFaults([
      { endpoint: '*', kind: 'rateLimit', retryAfterSeconds: 30, times: 1 },
    ]);
    expect(errorCodes((await one!.graphql(LIST)).body)).toEqual(['UPSTREAM_RATE_LIMITED']);
    // The pause is written to Redis after the 429 is read: poll until replica 2 sees it.
    const deadline = Date.now() + 5_000;
    let codes: unknown[] = [];
    while (Date.now() < deadline) {
      codes = errorCodes((await two!.graphql(LIST)).body);
      if (codes.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(codes).toEqual(['UPSTREAM_RATE_LIMITED']);
    emulator.control.clearFaults();
    await redis.kill();
    await redis.restart();
  });

  it('with Redis killed, queries keep answering and /readyz reports it', async () => {
    const [one, two] = await startReplicas({ UPSTREAM_RATE_LIMIT_PER_MINUTE: '1000' });
    expect((await one!.graphql(LIST)).body.errors).toBeUndefined();
    await redis.kill();
    for (const replica of [one!, two!]) {
      for (let i = 0; i < 3; i += 1) {
        const answer = await replica.graphql(LIST);
        expect(answer.body.errors).toBeUndefined();
      }
      const ready = await fetch(`${replica.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ checks: { redis: 'unavailable' } });
    }
    await redis.restart();
  });
});
