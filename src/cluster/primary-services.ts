/**
 * What the primary does for its workers, answering their IPC messages (ipc-messages.ts): the
 * upstream's address, `/metrics` aggregated over every worker (prom-client's
 * AggregatorRegistry), the one webhook de-duplication store, and the relay of package changes
 * to every worker.
 */
import type { Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { createInProcessOnceStore } from '../shared-state/once-store';
import type { UpstreamAddress } from '../runtime/upstream';
import { IPC_TAG, ipcEvent, isIpcMessage, type IpcReply, type IpcRequest } from './ipc-messages';

export interface RenderedMetrics {
  readonly contentType: string;
  readonly body: string;
}

export interface PrimaryServicesOptions {
  readonly upstream: UpstreamAddress;
  /** False when `METRICS_ENABLED=false`: workers then serve no `/metrics`. */
  readonly metricsEnabled: boolean;
  /** The workers alive now (every relayed change goes to each). */
  readonly workers: () => Iterable<Worker>;
}

/** Returns the handler of one worker message (for `cluster.on('message')`). */
export function createPrimaryServices(
  options: PrimaryServicesOptions,
): (worker: Worker, message: unknown) => void {
  // Constructed in the primary, it collects from each worker's registry (see worker-metrics.ts).
  const aggregator = options.metricsEnabled ? new AggregatorRegistry() : undefined;
  const once = createInProcessOnceStore();

  async function answer(request: IpcRequest): Promise<unknown> {
    switch (request.topic) {
      case 'upstream':
        return options.upstream;
      case 'metrics': {
        if (aggregator === undefined) throw new Error('metrics are off');
        const body = await aggregator.clusterMetrics();
        return { contentType: aggregator.contentType, body } satisfies RenderedMetrics;
      }
      case 'once.claim': {
        const { key, ttlMs } = request.payload as { key: string; ttlMs: number };
        return once.claim(String(key), Number(ttlMs));
      }
      case 'once.release': {
        await once.release(String((request.payload as { key: string }).key));
        return true;
      }
      default:
        throw new Error(`unknown request ${request.topic}`);
    }
  }

  return (worker, message) => {
    if (!isIpcMessage(message)) return;
    if (message.kind === 'event' && message.topic === 'changes.publish') {
      const deliver = ipcEvent('changes.deliver', message.payload);
      for (const each of options.workers()) {
        if (each.isConnected()) each.send(deliver, undefined, () => {});
      }
      return;
    }
    if (message.kind !== 'request') return;
    answer(message).then(
      (payload) => reply(worker, { tag: IPC_TAG, kind: 'reply', id: message.id, payload }),
      (error: unknown) =>
        reply(worker, {
          tag: IPC_TAG,
          kind: 'reply',
          id: message.id,
          error: (error as Error)?.message ?? 'failed',
        }),
    );
  };
}

function reply(worker: Worker, message: IpcReply): void {
  if (worker.isConnected()) worker.send(message, undefined, () => {});
}
