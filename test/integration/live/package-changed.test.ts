/**
 * `subscription { packageChanged }` over the gateway's change feed, fed by the gateway's own
 * writes: every subscriber sees exactly the changes of its visible accounts, the package after
 * the change is served from the event (no upstream call per subscriber), `packageIds` narrows,
 * and bad arguments are refused before anything else.
 */
import type { ExecutionResult } from 'graphql';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { callerOf, running, subscribeAs } from '../../helpers/live-subscriber';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { upstreamCalls } from '../../helpers/upstream-calls';
import { CREATE_PACKAGE, premiumInput } from '../mutations/mutation-documents';

const { reseller, customerA, customerB } = DEMO_ACCOUNTS;
const SOME_GUID = '11111111-1111-4111-8111-111111111111';

const SUBSCRIPTION = `
  subscription Changes($ids: [ID!]) {
    packageChanged(packageIds: $ids) {
      eventId kind occurredAt productInstanceId
      package { id accountId productInstances { instanceId status package { id } } }
    }
  }`;

interface ChangeView {
  eventId: string;
  kind: string;
  occurredAt: string;
  productInstanceId: string | null;
  package: {
    id: string;
    accountId: string;
    productInstances: { instanceId: string; status: string; package: { id: string } }[];
  } | null;
}

function changeOf(result: ExecutionResult): ChangeView {
  expect(result.errors).toBeUndefined();
  return (result.data as { packageChanged: ChangeView }).packageChanged;
}

let gw: TestGateway;
const writers: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV, WIX_WATCH_INTERVAL_MS: '0' } });
  for (const account of [customerA, customerB]) {
    writers[account] = bearer(await tokenFor(account, [SCOPE.read, SCOPE.write]));
  }
});
afterAll(async () => {
  await gw.close();
});

async function createAs(account: string): Promise<{ id: string; instanceId: string }> {
  const response = await gw.graphql<{
    createPackage: { package: { id: string; productInstances: { instanceId: string }[] } };
  }>(CREATE_PACKAGE, { input: premiumInput() }, writers[account]);
  const pkg = response.body.data?.createPackage.package;
  if (!pkg) throw new Error(`create failed: ${JSON.stringify(response.body)}`);
  return { id: pkg.id, instanceId: pkg.productInstances[0]!.instanceId };
}

describe('packageChanged fed by own writes', () => {
  it("delivers a write to exactly the subscribers that may see the package's account", async () => {
    const ofA = running(await subscribeAs(gw, callerOf(customerA), SUBSCRIPTION));
    const ofB = running(await subscribeAs(gw, callerOf(customerB), SUBSCRIPTION));
    const parentOnly = running(await subscribeAs(gw, callerOf(reseller), SUBSCRIPTION));
    const parentWithA = running(
      await subscribeAs(gw, callerOf(reseller, [customerA]), SUBSCRIPTION),
    );
    try {
      gw.emulator.control.clearRequestLog();
      const created = await createAs(customerA);
      const seenByA = changeOf(await ofA.result(0));
      expect(seenByA).toMatchObject({
        kind: 'CREATED',
        productInstanceId: null,
        package: {
          id: created.id,
          accountId: customerA,
          productInstances: [
            { instanceId: created.instanceId, status: 'PENDING', package: { id: created.id } },
          ],
        },
      });
      expect(changeOf(await parentWithA.result(0))).toEqual(seenByA);
      // Both subscribers read the package from the event: the create was the only call.
      expect(upstreamCalls(gw.emulator).map((call) => `${call.method} ${call.path}`)).toEqual([
        'POST /resellers/v2/packages',
      ]);

      // A change of customerB reaches its own subscriber; it is the first thing B sees, so A's
      // change never reached B, nor the parent subscribers that do not name customerB.
      const createdByB = await createAs(customerB);
      expect(changeOf(await ofB.result(0)).package?.id).toBe(createdByB.id);
      expect(ofB.results).toHaveLength(1);
      expect(parentOnly.results).toHaveLength(0);
      expect(parentWithA.results).toHaveLength(1);
      expect(ofA.results).toHaveLength(1);
    } finally {
      await Promise.all([ofA, ofB, parentOnly, parentWithA].map((sub) => sub.close()));
    }
  });

  it('publishes each kind of instance write with its instance', async () => {
    const sub = running(await subscribeAs(gw, callerOf(customerA), SUBSCRIPTION));
    try {
      const created = await createAs(customerA);
      await sub.result(0);
      const cancel = await gw.graphql(
        `mutation C($id: ID!) { cancelProductInstance(instanceId: $id) { package { id } } }`,
        { id: created.instanceId },
        writers[customerA],
      );
      expect(cancel.body.errors).toBeUndefined();
      expect(changeOf(await sub.result(1))).toMatchObject({
        kind: 'INSTANCE_CANCELED',
        productInstanceId: created.instanceId,
        package: { productInstances: [{ status: 'CANCELED' }] },
      });
    } finally {
      await sub.close();
    }
  });

  it('narrows to the given packageIds', async () => {
    const first = await createAs(customerA);
    const sub = running(
      await subscribeAs(gw, callerOf(customerA), SUBSCRIPTION, { ids: [first.id.toUpperCase()] }),
    );
    try {
      await createAs(customerA);
      await gw.graphql(
        `mutation C($id: ID!) { cancelPackage(id: $id) { package { id } } }`,
        { id: first.id },
        writers[customerA],
      );
      expect(changeOf(await sub.result(0))).toMatchObject({
        kind: 'CANCELED',
        package: { id: first.id },
      });
      expect(sub.results).toHaveLength(1);
    } finally {
      await sub.close();
    }
  });

  it('refuses bad packageIds with BAD_USER_INPUT before any upstream call', async () => {
    gw.emulator.control.clearRequestLog();
    for (const ids of [[], ['not-a-guid'], Array.from({ length: 101 }, () => SOME_GUID)]) {
      const outcome = await subscribeAs(gw, callerOf(customerA), SUBSCRIPTION, { ids });
      expect('close' in outcome).toBe(false);
      const errors = (outcome as ExecutionResult).errors ?? [];
      expect(errors.map((error) => error.extensions['code'])).toEqual(['BAD_USER_INPUT']);
    }
    expect(gw.gateway.live.feed.subscriptionCount()).toBe(0);
    expect(upstreamCalls(gw.emulator)).toHaveLength(0);
  });

  it('unsubscribes from the feed when the client ends the stream', async () => {
    const sub = running(await subscribeAs(gw, callerOf(customerA), SUBSCRIPTION));
    expect(gw.gateway.live.feed.subscriptionCount()).toBe(1);
    await sub.close();
    expect(sub.ended).toBe(true);
    expect(gw.gateway.live.feed.subscriptionCount()).toBe(0);
  });
});
