/**
 * The entity cache end to end: GraphQL over HTTP against the emulator, counting the upstream
 * calls in the emulator's request log. Changes made "behind the gateway's back" use the
 * emulator's provisioning engine (`setInstanceStatus`), which no event reports to the gateway
 * here (no webhook target, no watcher): only the cache can explain a stale answer.
 */
import { gql } from '@apollo/client/core';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, startEmulator, type RunningEmulator } from '../../../src/emulator';
import type { PackageChangeEvent } from '../../../src/live/package-change';
import type { WixPackage } from '../../../src/wix/wire-types';
import { createRecordingApolloClient } from '../../helpers/apollo-test-client';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { send } from '../../helpers/gateway-http';
import { sampleSum } from '../../helpers/prometheus-text';
import { aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import {
  describeWithRedis,
  startRedisServer,
  type TestRedisServer,
} from '../../helpers/redis-server';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const { customerA, customerB } = DEMO_ACCOUNTS;

const CACHE_ENV = {
  ...HMAC_AUTH_ENV,
  ENTITY_CACHE_TTL_MS: '60000',
  WIX_WATCH_INTERVAL_MS: '0',
};

const PACKAGE = `query Package($id: ID!) {
  package(id: $id) { id externalId productInstances { instanceId status } }
}`;
const INSTANCE = `query Instance($id: ID!) {
  productInstance(instanceId: $id) { instanceId status package { id } }
}`;
const LIST = `query List {
  packages(first: 10) { edges { node { id productInstances { status } } } totalCount }
}`;
const UPDATE_EXTERNAL_ID = `mutation Rename($id: ID!, $externalId: String!) {
  updatePackageExternalId(packageId: $id, externalId: $externalId) { package { externalId } }
}`;

/** customerA: packages 1 and 2 (instance 1 PENDING); customerB: package 3. */
function seed(emulator: RunningEmulator): void {
  emulator.control.reset('empty');
  emulator.control.seed({
    packages: [
      aPackage({ id: 1, accountId: customerA, instances: [{ id: 1, status: 'PENDING' }] }),
      aPackage({ id: 2, accountId: customerA }),
      aPackage({ id: 3, accountId: customerB }),
    ],
  });
  emulator.control.clearRequestLog();
}

/** Upstream calls since the last look, then forgets them. */
function callsSince(emulator: RunningEmulator): number {
  const count = emulator.control.requestLog().length;
  emulator.control.clearRequestLog();
  return count;
}

/** A change as a webhook would publish it: the package's state after the change. */
function changeOf(pkg: WixPackage, eventId: string): PackageChangeEvent {
  return {
    eventId,
    kind: 'INSTANCE_UPDATED',
    occurredAt: pkg.updatedDate,
    accountId: pkg.accountId,
    packageId: pkg.id,
    productInstanceId: pkg.productInstances[0]!.instanceId,
    package: pkg,
    order: Date.parse(pkg.updatedDate),
    source: 'webhook',
  };
}

interface Answer {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: unknown;
}

async function ask(
  gateway: TestGateway,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Answer> {
  const { body } = await gateway.graphql(query, variables, headers);
  return { data: body.data, errors: body.errors };
}

/** Status of package 1's first instance as a `packages` page shows it. */
function listedStatusOf(answer: Answer): unknown {
  const page = answer.data?.['packages'] as {
    edges: { node: { id: string; productInstances: { status: string }[] } }[];
  };
  return page.edges.find((edge) => edge.node.id === packageId(1))?.node.productInstances[0]?.status;
}

function statusOf(answer: Answer): unknown {
  const pkg = answer.data?.['package'] as { productInstances: { status: string }[] } | null;
  return pkg?.productInstances[0]?.status;
}

describe('entity cache (in-process)', () => {
  let gateway: TestGateway;
  let asA: Record<string, string>;
  let asB: Record<string, string>;

  // A gateway (and cache) per test: no test sees another's entries.
  beforeEach(async () => {
    gateway = await startTestGateway({ env: CACHE_ENV });
    asA = bearer(await tokenFor(customerA, [SCOPE.read, SCOPE.write]));
    asB = bearer(await tokenFor(customerB, [SCOPE.read]));
    seed(gateway.emulator);
  });
  afterEach(() => gateway?.close());

  it('answers a second identical query, in a new request, with no upstream call', async () => {
    for (const [query, variables] of [
      [PACKAGE, { id: packageId(1) }],
      [INSTANCE, { id: instanceId(2) }],
      [LIST, {}],
    ] as const) {
      const first = await ask(gateway, query, variables, asA);
      expect(first.errors).toBeUndefined();
      expect(callsSince(gateway.emulator)).toBeGreaterThan(0);
      const second = await ask(gateway, query, variables, asA);
      expect(second).toEqual(first);
      expect(callsSince(gateway.emulator)).toBe(0);
    }
  });

  it('shows the state a write made, with no read upstream, in the entity and in lists', async () => {
    await ask(gateway, PACKAGE, { id: packageId(2) }, asA);
    await ask(gateway, LIST, {}, asA);
    callsSince(gateway.emulator);
    const write = await ask(
      gateway,
      UPDATE_EXTERNAL_ID,
      { id: packageId(2), externalId: 'renamed' },
      asA,
    );
    expect(write.errors).toBeUndefined();
    // The write itself, after its scope check was answered from the cache.
    expect(callsSince(gateway.emulator)).toBe(1);
    const read = await ask(gateway, PACKAGE, { id: packageId(2) }, asA);
    expect(read.data?.['package']).toMatchObject({ externalId: 'renamed' });
    expect(callsSince(gateway.emulator)).toBe(0);
    // The account's lists were renewed: the next list is read again.
    await ask(gateway, LIST, {}, asA);
    expect(callsSince(gateway.emulator)).toBeGreaterThan(0);
  });

  it('forgets a package whose write failed: its outcome may be unknown', async () => {
    // Wix applies the rename, then the answer is lost: the gateway reports a failure.
    await ask(gateway, PACKAGE, { id: packageId(2) }, asA);
    gateway.emulator.control.setFaults([
      { endpoint: 'updatePackageExternalId', kind: 'dropAfter', times: 5 },
    ]);
    const write = await ask(
      gateway,
      UPDATE_EXTERNAL_ID,
      { id: packageId(2), externalId: 'renamed-unseen' },
      asA,
    );
    gateway.emulator.control.setFaults([]);
    expect(write.errors).toBeDefined();
    callsSince(gateway.emulator);
    // The next read goes upstream and shows what Wix holds, not the cached state.
    const read = await ask(gateway, PACKAGE, { id: packageId(2) }, asA);
    expect(read.data?.['package']).toMatchObject({ externalId: 'renamed-unseen' });
    expect(callsSince(gateway.emulator)).toBeGreaterThan(0);
  });

  it('keeps serving the cached state until a change event on the bus replaces it', async () => {
    expect(statusOf(await ask(gateway, PACKAGE, { id: packageId(1) }, asA))).toBe('PENDING');
    const list = await ask(gateway, LIST, {}, asA);
    expect(listedStatusOf(list)).toBe('PENDING');
    const pending = structuredClone(gateway.emulator.control.getPackage(packageId(1))!);
    const enabled = gateway.emulator.control.setInstanceStatus(instanceId(1), 'ENABLED');
    callsSince(gateway.emulator);
    // No event yet: the cache answers (the upstream has moved on).
    expect(statusOf(await ask(gateway, PACKAGE, { id: packageId(1) }, asA))).toBe('PENDING');
    expect(await ask(gateway, LIST, {}, asA)).toEqual(list);
    expect(callsSince(gateway.emulator)).toBe(0);
    await gateway.gateway.live.bus.publish(changeOf(enabled, 'event-enabled-1'));
    // The event carried the new state: the entity is answered from it, the list read again.
    expect(statusOf(await ask(gateway, PACKAGE, { id: packageId(1) }, asA))).toBe('ENABLED');
    expect(callsSince(gateway.emulator)).toBe(0);
    const relisted = await ask(gateway, LIST, {}, asA);
    expect(listedStatusOf(relisted)).toBe('ENABLED');
    expect(callsSince(gateway.emulator)).toBeGreaterThan(0);
    // A late resend of the older state changes nothing: the newer updatedDate wins.
    await gateway.gateway.live.bus.publish(changeOf(pending, 'event-pending-resent'));
    expect(statusOf(await ask(gateway, PACKAGE, { id: packageId(1) }, asA))).toBe('ENABLED');
    expect(callsSince(gateway.emulator)).toBe(0);
  });

  it('answers from the upstream a client that sends Cache-Control: no-cache', async () => {
    await ask(gateway, PACKAGE, { id: packageId(1) }, asA);
    await ask(gateway, LIST, {}, asA);
    gateway.emulator.control.setInstanceStatus(instanceId(1), 'ENABLED');
    callsSince(gateway.emulator);
    expect(statusOf(await ask(gateway, PACKAGE, { id: packageId(1) }, asA))).toBe('PENDING');
    const optOuts: Record<string, string>[] = [
      { 'cache-control': 'no-cache' },
      { pragma: 'no-cache' },
    ];
    for (const header of optOuts) {
      const fresh = { ...asA, ...header };
      expect(statusOf(await ask(gateway, PACKAGE, { id: packageId(1) }, fresh))).toBe('ENABLED');
      expect(callsSince(gateway.emulator)).toBe(1);
      expect(listedStatusOf(await ask(gateway, LIST, {}, fresh))).toBe('ENABLED');
      expect(callsSince(gateway.emulator)).toBeGreaterThan(0);
    }
    // What the fresh reads learnt now serves everyone: the package, and the page it bypassed.
    expect(statusOf(await ask(gateway, PACKAGE, { id: packageId(1) }, asA))).toBe('ENABLED');
    expect(listedStatusOf(await ask(gateway, LIST, {}, asA))).toBe('ENABLED');
    expect(callsSince(gateway.emulator)).toBe(0);
  });

  it("gives Apollo Client the upstream's state with the README's no-cache context", async () => {
    const { client } = createRecordingApolloClient(`${gateway.url}/graphql`);
    const read = async (headers: Record<string, string>) => {
      const { data } = await client.query<{ package: { productInstances: { status: string }[] } }>({
        query: gql(PACKAGE),
        variables: { id: packageId(1) },
        fetchPolicy: 'network-only',
        context: { headers },
      });
      return data.package.productInstances[0]?.status;
    };
    expect(await read(asA)).toBe('PENDING');
    gateway.emulator.control.setInstanceStatus(instanceId(1), 'ENABLED');
    expect(await read(asA)).toBe('PENDING');
    expect(await read({ ...asA, 'cache-control': 'no-cache' })).toBe('ENABLED');
  });

  it('counts hits, misses and bypasses in /metrics', async () => {
    for (let i = 0; i < 2; i++) {
      await ask(gateway, PACKAGE, { id: packageId(1) }, asA);
      await ask(gateway, LIST, {}, asA);
    }
    await ask(gateway, PACKAGE, { id: packageId(1) }, { ...asA, 'cache-control': 'no-cache' });
    const metrics = (await send(gateway, '/metrics')).text;
    const lookups = (kind: string, outcome: string) =>
      sampleSum(metrics, 'gateway_entity_cache_lookups_total', { kind, outcome });
    expect([lookups('package', 'miss'), lookups('package', 'hit')]).toEqual([1, 1]);
    expect(lookups('package', 'bypass')).toBe(1);
    // A page and its totalCount are two list lookups.
    expect([lookups('list', 'miss'), lookups('list', 'hit')]).toEqual([2, 2]);
  });

  it("never serves one account's cached package or list to another account", async () => {
    const ownA = await ask(gateway, PACKAGE, { id: packageId(1) }, asA);
    const instanceA = await ask(gateway, INSTANCE, { id: instanceId(1) }, asA);
    await ask(gateway, LIST, {}, asA);
    callsSince(gateway.emulator);
    expect(await ask(gateway, PACKAGE, { id: packageId(1) }, asA)).toEqual(ownA);
    expect(await ask(gateway, INSTANCE, { id: instanceId(1) }, asA)).toEqual(instanceA);
    expect(callsSince(gateway.emulator)).toBe(0);
    // customerB asks for customerA's package, instance and the same list: none of A's entries.
    expect((await ask(gateway, PACKAGE, { id: packageId(1) }, asB)).data).toEqual({
      package: null,
    });
    expect((await ask(gateway, INSTANCE, { id: instanceId(1) }, asB)).data).toEqual({
      productInstance: null,
    });
    const listB = await ask(gateway, LIST, {}, asB);
    expect(listB.data).toEqual({
      packages: {
        edges: [{ node: { id: packageId(3), productInstances: [{ status: 'ENABLED' }] } }],
        totalCount: 1,
      },
    });
    expect(callsSince(gateway.emulator)).toBeGreaterThanOrEqual(3);
  });
});

describeWithRedis('entity cache shared in Redis by two replicas', () => {
  let redis: TestRedisServer;
  let emulator: RunningEmulator;
  let one: TestGateway;
  let two: TestGateway;
  let asA: Record<string, string>;

  beforeAll(async () => {
    redis = await startRedisServer();
    emulator = await startEmulator({ seed: 'empty' });
    [one, two] = await Promise.all(
      [1, 2].map(() =>
        startTestGateway({
          sharedEmulator: emulator,
          env: {
            ...CACHE_ENV,
            REDIS_URL: redis.url,
            REDIS_CONNECT_TIMEOUT_MS: '5000',
            REDIS_COMMAND_TIMEOUT_MS: '3000',
          },
        }),
      ),
    );
    asA = bearer(await tokenFor(customerA, [SCOPE.read, SCOPE.write]));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
    await emulator?.close();
    await redis?.stop();
  });
  beforeEach(() => seed(emulator));

  it('invalidates an entity cached for both replicas with one event on one replica', async () => {
    expect(statusOf(await ask(one, PACKAGE, { id: packageId(1) }, asA))).toBe('PENDING');
    expect(callsSince(emulator)).toBe(1);
    // Cached for both: the second replica reads it from the shared store.
    expect(statusOf(await ask(two, PACKAGE, { id: packageId(1) }, asA))).toBe('PENDING');
    const list = await ask(two, LIST, {}, asA);
    expect(listedStatusOf(list)).toBe('PENDING');
    expect(await ask(one, LIST, {}, asA)).toEqual(list);
    const enabled = emulator.control.setInstanceStatus(instanceId(1), 'ENABLED');
    callsSince(emulator);
    expect(statusOf(await ask(two, PACKAGE, { id: packageId(1) }, asA))).toBe('PENDING');
    expect(callsSince(emulator)).toBe(0);
    // One event, published on replica one only (the bus carries it to two).
    await one.gateway.live.bus.publish(changeOf(enabled, 'event-enabled-redis'));
    for (const replica of [one, two]) {
      await waitFor(
        async () => statusOf(await ask(replica, PACKAGE, { id: packageId(1) }, asA)) === 'ENABLED',
      );
      expect(listedStatusOf(await ask(replica, LIST, {}, asA))).toBe('ENABLED');
    }
  });

  it('keeps answering, from the upstream, while Redis is killed, and caches again after', async () => {
    await ask(one, PACKAGE, { id: packageId(2) }, asA);
    callsSince(emulator);
    expect(statusOf(await ask(two, PACKAGE, { id: packageId(2) }, asA))).toBe('ENABLED');
    expect(callsSince(emulator)).toBe(0);
    await redis.kill();
    try {
      for (const replica of [one, two]) {
        const answer = await ask(replica, PACKAGE, { id: packageId(2) }, asA);
        expect(answer.errors).toBeUndefined();
        expect(statusOf(answer)).toBe('ENABLED');
        const list = await ask(replica, LIST, {}, asA);
        expect(list.errors).toBeUndefined();
      }
      expect(callsSince(emulator)).toBeGreaterThanOrEqual(4);
    } finally {
      await redis.restart();
    }
    await waitFor(async () => {
      await ask(one, PACKAGE, { id: packageId(2) }, asA);
      callsSince(emulator);
      await ask(two, PACKAGE, { id: packageId(2) }, asA);
      return callsSince(emulator) === 0;
    });
  }, 60_000);
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
