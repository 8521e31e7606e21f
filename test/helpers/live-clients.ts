/**
 * Clients of the gateway's live transports as frontends use them: graphql-ws (over the `ws`
 * package in Node) on `/graphql`, graphql-sse in distinct connections mode on
 * `/graphql/stream`, and a raw WebSocket for what the libraries hide (close codes, upgrades).
 */
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface CloseEvent {
  readonly code: number;
  readonly reason: string;
}

export interface TestWsClient {
  readonly client: WsClient;
  /** Resolves with the first close of the socket. */
  readonly closed: Promise<CloseEvent>;
}

function wsUrlOf(httpUrl: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}/graphql`;
}

/** A graphql-ws client that connects at once and never retries (tests see every close). */
export function wsClientFor(httpUrl: string, authorization?: string): TestWsClient {
  let onClosed: (event: CloseEvent) => void = () => {};
  const closed = new Promise<CloseEvent>((resolve) => (onClosed = resolve));
  const client = createWsClient({
    url: wsUrlOf(httpUrl),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: authorization === undefined ? {} : { authorization },
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string | Buffer };
        onClosed({ code, reason: String(reason) });
      },
    },
    onNonLazyError: () => {},
  });
  return { client, closed };
}

/** A graphql-sse client (distinct connections mode) that never retries. */
export function sseClientFor(httpUrl: string, authorization?: string): SseClient {
  return createSseClient({
    url: `${httpUrl}/graphql/stream`,
    retryAttempts: 0,
    headers: authorization === undefined ? {} : { authorization },
  });
}

/** The outcome of a raw upgrade: the socket once open, or the HTTP status it was refused with. */
export function rawUpgrade(
  httpUrl: string,
  options: { origin?: string; path?: string; protocol?: string } = {},
): Promise<{ socket?: WebSocket; status?: number }> {
  const url = `${httpUrl.replace(/^http/, 'ws')}${options.path ?? '/graphql'}`;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocol ?? 'graphql-transport-ws', {
      ...(options.origin !== undefined && { origin: options.origin }),
    });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', (error) => {
      if (socket.readyState !== socket.CLOSED) reject(error);
    });
  });
}
