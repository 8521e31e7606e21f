/**
 * The upstream budget shared by two gateway processes (`src/main.ts`, nothing shared in memory)
 * through one private redis-server, in front of the emulator standing in for Wix: a burst spread
 * over both stays within the one budget, and the calls over it are refused before reaching Wix.
 * (upstream-budget.test.ts shows the same with in-process replicas.)
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, startEmulator, type RunningEmulator } from '../../../src/emulator';
import { bearer, tokenFor } from '../../helpers/auth-tokens';
import type { GatewayProcess } from '../../helpers/gateway-process';
import {
  describeWithRedis,
  startRedisServer,
  type TestRedisServer,
} from '../../helpers/redis-server';
import { startReplicaProcesses, type ReplicaProcesses } from '../../helpers/replica-processes';

const BUDGET = 6;

interface Answer {
  readonly data?: unknown;
  readonly errors?: { extensions?: { code?: string } }[];
}

describeWithRedis('two gateway processes sharing one upstream budget', () => {
  let redis: TestRedisServer;
  let emulator: RunningEmulator;
  let processes: ReplicaProcesses | undefined;
  let replicas: GatewayProcess[] = [];
  let auth: Record<string, string>;

  beforeAll(async () => {
    redis = await startRedisServer();
    emulator = await startEmulator({ seed: 'demo' });
    processes = await startReplicaProcesses(emulator, redis, {
      // Generous: on a loaded machine a short command timeout would send calls to the
      // per-process insurance limiter, which is not what this test is about.
      REDIS_CONNECT_TIMEOUT_MS: '5000',
      REDIS_COMMAND_TIMEOUT_MS: '3000',
      REQUEST_DEADLINE_MS: '15000',
      UPSTREAM_RATE_LIMIT_PER_MINUTE: String(BUDGET),
      UPSTREAM_RATE_LIMIT_ACCOUNT_PCT: '100',
      UPSTREAM_RATE_LIMIT_MAX_WAIT_MS: '0',
    });
    replicas = [processes.one, processes.two];
    auth = bearer(await tokenFor(DEMO_ACCOUNTS.reseller, [SCOPE.read]));
  }, 90_000);
  afterAll(async () => {
    await processes?.stop();
    await emulator?.close();
    await redis?.stop();
  });

  it('a burst over both stays within the one budget; the rest is refused before Wix', async () => {
    emulator.control.clearRequestLog();
    const answers = await Promise.all(
      // Twenty different queries (page sizes 1-20): identical ones would share calls or a
      // cached answer.
      Array.from({ length: 20 }, async (_, i): Promise<Answer> => {
        const replica = replicas[i % 2]!;
        const response = await fetch(`${replica.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify({
            query: `{ packages(first: ${i + 1}) { edges { node { id } } } }`,
          }),
        });
        return (await response.json()) as Answer;
      }),
    );
    const answered = answers.filter((answer) => answer.errors === undefined);
    const codes = answers.flatMap((answer) => (answer.errors ?? []).map((e) => e.extensions?.code));
    // One budget for both: each process alone would have let 6 through (12 in all).
    expect(emulator.control.requestLog().length).toBeLessThanOrEqual(BUDGET);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.length).toBeLessThanOrEqual(BUDGET);
    expect(codes.filter((code) => code === 'UPSTREAM_RATE_LIMITED').length).toBeGreaterThanOrEqual(
      20 - BUDGET,
    );
  });
});
