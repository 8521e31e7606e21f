/**
 * A worker's side of the IPC channel to its primary: requests with an answer (bounded by a
 * timeout, failing at once when the primary is gone) and one-way events.
 */
import type { EventEmitter } from 'node:events';
import { IPC_TAG, ipcEvent, isIpcMessage, type IpcRequest, type IpcTopic } from './ipc-messages';

export interface PrimaryLink {
  /** Asks the primary; rejects after `timeoutMs`, or at once when the channel is closed. */
  request<T>(topic: IpcTopic, payload: unknown, timeoutMs: number): Promise<T>;
  /** Sends one event; false when the primary cannot be reached. */
  emit(topic: IpcTopic, payload: unknown): boolean;
  /** Listens for the primary's events of `topic`; the returned function stops listening. */
  on(topic: IpcTopic, listener: (payload: unknown) => void): () => void;
}

/** What the link needs of a forked process (`process` in a worker). */
export interface ChildChannel extends EventEmitter {
  readonly connected: boolean;
  send?(message: unknown, callback?: (error: Error | null) => void): boolean;
}

export function connectToPrimary(channel: ChildChannel = process): PrimaryLink {
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const listeners = new Map<IpcTopic, Set<(payload: unknown) => void>>();

  channel.on('message', (message: unknown) => {
    if (!isIpcMessage(message)) return;
    if (message.kind === 'reply') {
      const waiter = pending.get(message.id);
      if (waiter === undefined) return;
      pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.payload);
      return;
    }
    if (message.kind === 'event') {
      for (const listener of [...(listeners.get(message.topic) ?? [])]) listener(message.payload);
    }
  });
  channel.on('disconnect', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('primary disconnected'));
    pending.clear();
  });

  const send = (message: unknown): boolean => {
    if (!channel.connected || channel.send === undefined) return false;
    try {
      // The callback takes a failed send's error (no 'error' event); a full channel queues.
      channel.send(message, () => {});
      return true;
    } catch {
      return false;
    }
  };

  return {
    request<T>(topic: IpcTopic, payload: unknown, timeoutMs: number): Promise<T> {
      const id = nextId++;
      const request: IpcRequest = { tag: IPC_TAG, kind: 'request', id, topic, payload };
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`primary did not answer ${topic} in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        if (!send(request)) {
          pending.get(id)?.reject(new Error('primary unreachable'));
          pending.delete(id);
        }
      });
    },
    emit: (topic, payload) => send(ipcEvent(topic, payload)),
    on(topic, listener) {
      let set = listeners.get(topic);
      if (set === undefined) listeners.set(topic, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
