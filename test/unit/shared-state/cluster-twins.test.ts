/**
 * The IPC twins of the change bus and the once-store (WORKERS > 1 without Redis), over the real
 * primary services and worker links, with the IPC channel replaced by in-memory pipes: what the
 * process test cannot provoke on demand (a primary that is gone or does not answer).
 */
import type { Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { createPrimaryServices } from '../../../src/cluster/primary-services';
import { connectToPrimary, type ChildChannel } from '../../../src/cluster/primary-link';
import type { PackageChangeEvent } from '../../../src/live/package-change';
import { createClusterChangeBus } from '../../../src/shared-state/cluster-change-bus';
import { createClusterOnceStore } from '../../../src/shared-state/cluster-once-store';

/** A worker's end of the channel; `connected = false` is a primary that is gone. */
class FakeChannel extends EventEmitter implements ChildChannel {
  connected = true;
  /** When false, messages to the primary are swallowed (a primary that does not answer). */
  primaryAnswers = true;
  toPrimary: (message: unknown) => void = () => {};

  send(message: unknown, callback?: (error: Error | null) => void): boolean {
    if (this.primaryAnswers) setImmediate(() => this.toPrimary(message));
    callback?.(null);
    return true;
  }
}

/** `count` workers wired to one primary's services. */
function machine(count: number): FakeChannel[] {
  const channels = Array.from({ length: count }, () => new FakeChannel());
  const workers = channels.map(
    (channel) =>
      ({
        isConnected: () => channel.connected,
        send: (message: unknown) => {
          setImmediate(() => channel.emit('message', message));
          return true;
        },
      }) as unknown as Worker,
  );
  const handle = createPrimaryServices({
    upstream: { url: 'http://127.0.0.1:1', apiKey: 'k' },
    metricsEnabled: false,
    workers: () => workers,
  });
  channels.forEach((channel, index) => {
    channel.toPrimary = (message) => handle(workers[index]!, message);
  });
  return channels;
}

function change(eventId: string): PackageChangeEvent {
  return {
    eventId,
    kind: 'CANCELED',
    occurredAt: '2026-01-01T00:00:00.000Z',
    accountId: '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9',
    packageId: '2db7f3a0-9513-4167-bcd9-b7a9d4aec335',
    order: 1,
    source: 'webhook',
  };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition still false');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('cluster change bus', () => {
  it('hands an event published on one worker to the listeners of every worker, once', async () => {
    const [a, b] = machine(2).map((channel) => createClusterChangeBus(connectToPrimary(channel)));
    const seen: string[] = [];
    a!.subscribe((event) => seen.push(`a:${event.eventId}`));
    b!.subscribe((event) => seen.push(`b:${event.eventId}`));
    await a!.publish(change('e1'));
    // The same event published again (by the other worker) is not handed on twice.
    await b!.publish(change('e1'));
    await b!.publish(change('e2'));
    // Relayed in order: once e2 is everywhere, the repeated e1 has been too.
    await until(() => seen.includes('a:e2') && seen.includes('b:e2'));
    expect(seen.sort()).toEqual(['a:e1', 'a:e2', 'b:e1', 'b:e2']);
  });

  it('with the primary gone, still hands the worker’s own events to its listeners', async () => {
    const [channel] = machine(1);
    const bus = createClusterChangeBus(connectToPrimary(channel));
    const seen: string[] = [];
    bus.subscribe((event) => seen.push(event.eventId));
    channel!.connected = false;
    await bus.publish(change('local'));
    expect(seen).toEqual(['local']);
  });
});

describe('cluster once-store', () => {
  it('answers the same for every worker: the first claim wins, a release frees the key', async () => {
    const [a, b] = machine(2).map((channel) => createClusterOnceStore(connectToPrimary(channel)));
    expect(await a!.claim('evt', 60_000)).toBe(true);
    expect(await b!.claim('evt', 60_000)).toBe(false);
    await a!.release('evt');
    expect(await b!.claim('evt', 60_000)).toBe(true);
  });

  it('decides in the worker when the primary is gone or does not answer', async () => {
    const [gone, silent] = machine(2);
    gone!.connected = false;
    const alone = createClusterOnceStore(connectToPrimary(gone));
    expect(await alone.claim('x', 60_000)).toBe(true);
    expect(await alone.claim('x', 60_000)).toBe(false);

    silent!.primaryAnswers = false;
    const unanswered = createClusterOnceStore(connectToPrimary(silent));
    // After the 1 s bound, the worker's own store answers.
    expect(await unanswered.claim('y', 60_000)).toBe(true);
  });
});
