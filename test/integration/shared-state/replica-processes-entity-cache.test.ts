/**
 * The entity cache across two real gateway processes sharing one Redis, with the emulator
 * delivering its webhooks (as Wix does) to replica 1 only: a package cached for both is
 * replaced on both by the one webhook, with no upstream read.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, startEmulator, type RunningEmulator } from '../../../src/emulator';
import { bearer, tokenFor } from '../../helpers/auth-tokens';
import { postGraphQL } from '../../helpers/gateway-http';
import type { GatewayProcess } from '../../helpers/gateway-process';
import { aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import {
  describeWithRedis,
  startRedisServer,
  type TestRedisServer,
} from '../../helpers/redis-server';
import { startReplicaProcesses, type ReplicaProcesses } from '../../helpers/replica-processes';

const { reseller } = DEMO_ACCOUNTS;
const PACKAGE = `query Package($id: ID!) {
  package(id: $id) { id productInstances { instanceId status } }
}`;

describeWithRedis('entity cache of two gateway processes sharing one Redis', () => {
  let redis: TestRedisServer;
  let emulator: RunningEmulator;
  let one: GatewayProcess;
  let two: GatewayProcess;
  let replicas: ReplicaProcesses | undefined;
  let auth: Record<string, string>;

  beforeAll(async () => {
    redis = await startRedisServer();
    emulator = await startEmulator({ seed: 'empty' });
    replicas = await startReplicaProcesses(emulator, redis, { ENTITY_CACHE_TTL_MS: '120000' });
    ({ one, two } = replicas);
    auth = bearer(await tokenFor(reseller, [SCOPE.read]));
  }, 90_000);
  afterAll(async () => {
    emulator?.control.setWebhookTarget(undefined);
    await replicas?.stop();
    await emulator?.close();
    await redis?.stop();
  });

  async function statusOn(replica: GatewayProcess): Promise<string | undefined> {
    const response = await postGraphQL(
      replica,
      { query: PACKAGE, variables: { id: packageId(1) } },
      auth,
    );
    const body = response.json<{
      data?: { package: { productInstances: { status: string }[] } | null };
    }>();
    return body.data?.package?.productInstances[0]?.status;
  }

  it('replaces on both replicas, from one webhook to one of them, a package cached for both', async () => {
    emulator.control.seed({
      packages: [
        aPackage({ id: 1, accountId: reseller, instances: [{ id: 1, status: 'PENDING' }] }),
      ],
    });
    emulator.control.clearRequestLog();
    expect(await statusOn(one)).toBe('PENDING');
    expect(await statusOn(two)).toBe('PENDING');
    // One upstream read for both replicas: the second answered from the shared cache.
    expect(emulator.control.requestLog()).toHaveLength(1);

    emulator.control.setWebhookTarget(`${one.url}/webhooks/wix`);
    emulator.control.setInstanceStatus(instanceId(1), 'ENABLED');
    await emulator.control.whenWebhooksIdle();
    const deadline = Date.now() + 20_000;
    for (const replica of [one, two]) {
      while ((await statusOn(replica)) !== 'ENABLED') {
        if (Date.now() > deadline) throw new Error('the webhook did not reach the cache in time');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    // The webhook carried the new state: neither replica read it from the upstream.
    expect(emulator.control.requestLog()).toHaveLength(1);
  }, 60_000);
});
