/**
 * The messages between the primary and its workers over node:cluster's IPC channel. Every
 * message carries `tag`, so ours are told apart from prom-client's metric requests (which use
 * the same channel).
 *
 * | topic | direction | what |
 * |---|---|---|
 * | `upstream` | request | the upstream's address (the embedded emulator runs in the primary) |
 * | `metrics` | request | `/metrics` of every worker, aggregated by the primary |
 * | `once.claim` / `once.release` | request | webhook de-duplication, one store in the primary |
 * | `changes.publish` | worker → primary | a package change to hand to every worker |
 * | `changes.deliver` | primary → workers | that change, for the worker's subscribers |
 * | `ready` | worker → primary | the worker listens (payload: its origin) |
 */
export const IPC_TAG = 'packages-gateway';

export type IpcTopic =
  | 'upstream'
  | 'metrics'
  | 'once.claim'
  | 'once.release'
  | 'changes.publish'
  | 'changes.deliver'
  | 'ready';

export interface IpcRequest {
  readonly tag: typeof IPC_TAG;
  readonly kind: 'request';
  readonly id: number;
  readonly topic: IpcTopic;
  readonly payload: unknown;
}

export interface IpcReply {
  readonly tag: typeof IPC_TAG;
  readonly kind: 'reply';
  readonly id: number;
  /** Set when the request failed: a short reason, never a stack. */
  readonly error?: string;
  readonly payload?: unknown;
}

export interface IpcEvent {
  readonly tag: typeof IPC_TAG;
  readonly kind: 'event';
  readonly topic: IpcTopic;
  readonly payload: unknown;
}

export type IpcMessage = IpcRequest | IpcReply | IpcEvent;

export function isIpcMessage(message: unknown): message is IpcMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { tag?: unknown }).tag === IPC_TAG
  );
}

export function ipcEvent(topic: IpcTopic, payload: unknown): IpcEvent {
  return { tag: IPC_TAG, kind: 'event', topic, payload };
}
