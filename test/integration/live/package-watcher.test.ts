/**
 * The watcher against the emulator: for each account with live subscribers it makes one Query
 * Packages per interval (counted in the emulator's request log), however many subscribers
 * there are; what it finds reaches every subscriber of that account and no other. Ticks are
 * driven by the test (`watcher.tick()`, the interval set far beyond the test's life), so
 * nothing depends on timing.
 */
import type { ExecutionResult } from 'graphql';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import {
  callerOf,
  running,
  subscribeAs,
  type CollectedSubscription,
} from '../../helpers/live-subscriber';
import { aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { queryOf, upstreamCalls } from '../../helpers/upstream-calls';

const { customerA, customerB } = DEMO_ACCOUNTS;

const SUBSCRIPTION = `subscription {
  packageChanged { kind productInstanceId package { id productInstances { instanceId status } } }
}`;

let gw: TestGateway;
const open: CollectedSubscription[] = [];

beforeAll(async () => {
  gw = await startTestGateway({ env: { WIX_WATCH_INTERVAL_MS: '3600000' } });
});
beforeEach(() => {
  gw.emulator.control.reset('empty');
  gw.emulator.control.seed({
    packages: [1, 2, 3, 4, 5, 6].map((n) =>
      aPackage({
        id: n,
        accountId: n <= 5 ? customerA : customerB,
        instances: [{ id: n, status: 'PENDING' }],
      }),
    ),
  });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((sub) => sub.close()));
  // Lets the watcher forget the accounts (the next test starts from a fresh emulator state).
  await gw.gateway.live.watcher?.tick();
});
afterAll(async () => {
  await gw.close();
});

function watcher() {
  const found = gw.gateway.live.watcher;
  if (!found) throw new Error('the watcher is off');
  return found;
}

async function subscribe(accountId: string): Promise<CollectedSubscription> {
  const sub = running(await subscribeAs(gw, callerOf(accountId), SUBSCRIPTION));
  open.push(sub);
  return sub;
}

function changeOf(result: ExecutionResult) {
  expect(result.errors).toBeUndefined();
  return (result.data as { packageChanged: Record<string, unknown> }).packageChanged;
}

describe('the package watcher', () => {
  it('is off without subscribers: a tick makes no upstream call', async () => {
    gw.emulator.control.clearRequestLog();
    await watcher().tick();
    expect(upstreamCalls(gw.emulator)).toHaveLength(0);
  });

  it('makes one call per account per tick, whatever the number of subscribers', async () => {
    const callsPerTick: number[] = [];
    const subscribers: { sub: CollectedSubscription; joined: number }[] = [];
    for (const [round, count] of [1, 4, 10].entries()) {
      while (subscribers.length < count) {
        subscribers.push({ sub: await subscribe(customerA), joined: round });
      }
      await watcher().tick(); // the baseline on the first round, nothing new on the others
      gw.emulator.control.clearRequestLog();
      gw.emulator.control.setInstanceStatus(instanceId(round + 1), 'ENABLED');
      await watcher().tick();
      // Every subscriber receives the change, served from the watcher's answer.
      for (const { sub, joined } of subscribers) {
        expect(changeOf(await sub.result(round - joined))).toMatchObject({
          kind: 'INSTANCE_UPDATED',
          productInstanceId: instanceId(round + 1),
          package: { id: packageId(round + 1), productInstances: [{ status: 'ENABLED' }] },
        });
      }
      callsPerTick.push(upstreamCalls(gw.emulator).length);
    }
    expect(callsPerTick).toEqual([1, 1, 1]);
  });

  it("asks only for each watched account's own packages changed since the newest seen", async () => {
    await subscribe(customerA);
    await subscribe(customerA);
    await subscribe(customerB);
    gw.emulator.control.clearRequestLog();
    await watcher().tick();
    const baseline = upstreamCalls(gw.emulator).map((call) => [
      call.headers['wix-account-id'],
      queryOf(call),
    ]);
    expect(baseline).toHaveLength(2);
    expect(new Set(baseline.map(([account]) => account))).toEqual(new Set([customerA, customerB]));
    gw.emulator.control.clearRequestLog();
    gw.emulator.control.setInstanceStatus(instanceId(6), 'FAILED', { code: 'UNKNOWN' });
    await watcher().tick();
    const calls = upstreamCalls(gw.emulator);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      const account = call.headers['wix-account-id'];
      expect(queryOf(call).filter).toEqual({
        $and: [{ accountId: { $eq: account } }, { updatedDate: { $gte: expect.any(String) } }],
      });
    }
  });

  it('tells each account only its own changes, named as Wix would', async () => {
    const ofA = await subscribe(customerA);
    const ofB = await subscribe(customerB);
    await watcher().tick();
    gw.emulator.control.setInstanceStatus(instanceId(6), 'FAILED', { code: 'UNKNOWN' });
    gw.emulator.control.setInstanceStatus(instanceId(1), 'AWAITING_ACTION');
    await watcher().tick();
    expect(changeOf(await ofB.result(0))).toMatchObject({
      kind: 'INSTANCE_FAILED',
      productInstanceId: instanceId(6),
    });
    expect(changeOf(await ofA.result(0))).toMatchObject({
      kind: 'INSTANCE_UPDATED',
      productInstanceId: instanceId(1),
      package: { productInstances: [{ status: 'AWAITING_ACTION' }] },
    });
    // Nothing changed since: a further tick reports nothing again.
    await watcher().tick();
    expect(ofA.results).toHaveLength(1);
    expect(ofB.results).toHaveLength(1);
  });

  it('sees past more than a page of packages updated in the same millisecond', async () => {
    // 101 packages share the newest updatedDate: a look from it ($gte, a page of 100) used to
    // return only packages of that millisecond at every tick, so a later change was never seen.
    const sameMoment = '2026-01-01T00:00:00.000Z';
    gw.emulator.control.reset('empty');
    gw.emulator.control.seed({
      packages: Array.from({ length: 101 }, (_, index) =>
        aPackage({
          id: index + 1,
          accountId: customerA,
          updatedDate: sameMoment,
          instances: [{ id: index + 1, status: 'PENDING', updatedDate: sameMoment }],
        }),
      ),
    });
    const sub = await subscribe(customerA);
    await watcher().tick(); // the baseline
    gw.emulator.control.setInstanceStatus(instanceId(50), 'ENABLED');
    await watcher().tick();
    await watcher().tick();
    // Results are delivered asynchronously: read them in order until the change is among them
    // (a missing change ends in result()'s timeout).
    const changed: Record<string, unknown>[] = [];
    while (!changed.some((change) => change.productInstanceId === instanceId(50))) {
      changed.push(changeOf(await sub.result(changed.length)));
    }
    expect(changed.find((change) => change.productInstanceId === instanceId(50))).toMatchObject({
      kind: 'INSTANCE_UPDATED',
      package: { id: packageId(50) },
    });
    // The change is told once, not again at the second tick.
    await watcher().tick();
    expect(
      sub.results.filter((result) => changeOf(result).productInstanceId === instanceId(50)),
    ).toHaveLength(1);
  });

  it('stops looking at an account when its last subscriber leaves', async () => {
    const sub = await subscribe(customerA);
    await watcher().tick();
    await sub.close();
    gw.emulator.control.clearRequestLog();
    await watcher().tick();
    expect(upstreamCalls(gw.emulator)).toHaveLength(0);
  });
});
