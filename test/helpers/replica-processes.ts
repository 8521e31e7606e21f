/**
 * Two gateway replicas as real processes (`src/main.ts`, nothing shared in memory) in front of
 * `emulator` standing in for Wix (its webhook key configured), sharing one `redis`: what the
 * multi-replica suites start in `beforeAll` and stop in `afterAll`.
 */
import type { RunningEmulator } from '../../src/emulator';
import { HMAC_AUTH_ENV } from './auth-tokens';
import { spawnGateway, waitUntilServing, type GatewayProcess } from './gateway-process';
import type { TestRedisServer } from './redis-server';
import { TEST_API_KEY } from './test-gateway';

export interface ReplicaProcesses {
  readonly one: GatewayProcess;
  readonly two: GatewayProcess;
  /** Stops both (each drains within its SHUTDOWN_GRACE_MS). */
  stop(): Promise<void>;
}

/** Starts both replicas and resolves once both serve; `env` adds to or overrides the base. */
export async function startReplicaProcesses(
  emulator: RunningEmulator,
  redis: TestRedisServer,
  env: Record<string, string> = {},
): Promise<ReplicaProcesses> {
  const fullEnv = {
    ...HMAC_AUTH_ENV,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    WIX_API_URL: emulator.url,
    WIX_API_KEY: TEST_API_KEY,
    WIX_WEBHOOK_PUBLIC_KEY: emulator.control.webhookPublicKeyPem(),
    REDIS_URL: redis.url,
    REDIS_CONNECT_TIMEOUT_MS: '5000',
    SHUTDOWN_GRACE_MS: '2000',
    ...env,
  };
  const [one, two] = await Promise.all([spawnGateway(fullEnv), spawnGateway(fullEnv)]);
  await Promise.all([
    waitUntilServing(one, '/healthz', 60_000),
    waitUntilServing(two, '/healthz', 60_000),
  ]);
  return {
    one,
    two,
    async stop() {
      await Promise.all([one.stop(), two.stop()]);
    },
  };
}
