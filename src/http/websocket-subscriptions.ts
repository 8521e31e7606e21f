/**
 * GraphQL over WebSocket (graphql-ws, subprotocol `graphql-transport-ws`) on `/graphql`, on the
 * HTTP server's `upgrade` event: subscriptions only, through the operation pipeline
 * (live-subscription.ts).
 *
 * - Upgrade: the path must be `/graphql`; a browser's `Origin` must be the gateway's own or one
 *   of the CORS allowlist (403 otherwise: no cross-site socket hijacking). Non-browser clients
 *   send no `Origin`.
 * - `connection_init`: `connectionParams.authorization` (`Bearer …`) is checked with the same
 *   authenticator as HTTP requests; a refused or missing token closes with 4401, a caller over
 *   its connection limit with 4429. The socket closes with 4401 `token expired` when the token
 *   expires.
 * - Each `subscribe` is refused with an `error` message when it is not a subscription, fails a
 *   check, or would exceed the subscriptions allowed per connection.
 * - A slow consumer gets a last `SLOW_CONSUMER` error and the socket closes with 1013.
 * - `close()` (graceful shutdown) closes every socket with 1001 and terminates any that have not
 *   closed within a second, so an open socket never holds the server.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context, SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { AuthenticationError } from '../auth/authentication-error';
import type { Authenticator } from '../auth/authenticator';
import type { Caller } from '../auth/caller';
import type { ConnectionLimiter } from '../live/connection-limiter';
import type { Logger } from '../logging/logger';
import { runInWebSocketSubscribeSpan } from '../observability/tracing/subscribe-span';
import type { CorsPolicy } from '../security/cors-policy';
import {
  maskedResult,
  startLiveSubscription,
  type LiveSubscriptionDependencies,
} from './live-subscription';
import { GRAPHQL_PATH } from './server';

/** Close codes this transport uses beyond graphql-ws's own. */
export const WS_CLOSE = {
  goingAway: 1001,
  slowConsumer: 1013,
  unauthorized: 4401,
  tooManyConnections: 4429,
} as const;

export interface WebSocketSubscriptionsOptions extends LiveSubscriptionDependencies {
  readonly server: Server;
  readonly authenticator: Authenticator;
  readonly cors: CorsPolicy;
  readonly limiter: ConnectionLimiter;
  readonly maxSubscriptionsPerConnection: number;
  /** Largest message accepted from a client (bytes). */
  readonly maxPayloadBytes: number;
  readonly logger: Logger;
}

export interface WebSocketSubscriptions {
  /** Open sockets. */
  connectionCount(): number;
  /** Closes every socket with 1001, then stops accepting. */
  close(): Promise<void>;
}

/** What graphql-ws's `ws` adapter hands every hook besides the message. */
type WsExtra = {
  readonly socket: WebSocket;
  /** The upgrade request (its `traceparent` is the parent of the subscribe spans). */
  readonly request: IncomingMessage;
};
type WsContext = Context<Record<string, unknown>, WsExtra>;

interface ConnectionState {
  caller?: Caller;
  release?: () => void;
  expiryTimer?: NodeJS.Timeout;
  subscriptions: number;
}

/** How long closing sockets may take to finish their close handshake at shutdown. */
const CLOSE_HANDSHAKE_MS = 1_000;
/** graphql-ws keep-alive: a ping every 12 s, a socket without pong is terminated. */
const KEEP_ALIVE_MS = 12_000;

function isSameOrigin(origin: string, request: IncomingMessage): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function refuseUpgrade(socket: Duplex, status: 403 | 404, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://gateway.invalid').pathname;
}

/** Serves graphql-ws on `options.server`'s upgrade event. */
export function attachWebSocketSubscriptions(
  options: WebSocketSubscriptionsOptions,
): WebSocketSubscriptions {
  const { logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const states = new WeakMap<object, ConnectionState>();
  /** graphql-ws hands the subscribe hook only the execution args: the start is found by them. */
  const started = new WeakMap<object, AsyncIterableIterator<ExecutionResult>>();
  let closing = false;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (closing || pathOf(request) !== GRAPHQL_PATH) {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    const origin = request.headers.origin;
    if (
      origin !== undefined &&
      !isSameOrigin(origin, request) &&
      options.cors(origin)['Access-Control-Allow-Origin'] === undefined
    ) {
      logger.warn(
        { event: 'live.ws_origin_refused' },
        'WebSocket upgrade from a foreign origin refused',
      );
      refuseUpgrade(socket, 403, 'Forbidden');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  options.server.on('upgrade', onUpgrade);

  function stateOf(ctx: object): ConnectionState {
    let state = states.get(ctx);
    if (state === undefined) states.set(ctx, (state = { subscriptions: 0 }));
    return state;
  }

  /** A subscribe message: the errors refusing it, or the arguments graphql-ws runs it with. */
  async function subscribeOn(
    ctx: WsContext,
    payload: SubscribePayload,
  ): Promise<readonly GraphQLError[] | ExecutionArgs> {
    const state = stateOf(ctx);
    const caller = state.caller;
    if (caller === undefined) {
      return [new GraphQLError('not authenticated', { extensions: { code: 'UNAUTHENTICATED' } })];
    }
    if (state.subscriptions >= options.maxSubscriptionsPerConnection) {
      return [
        new GraphQLError(
          `at most ${options.maxSubscriptionsPerConnection} subscriptions per connection`,
          { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } },
        ),
      ];
    }
    const socket = ctx.extra.socket;
    const outcome = await startLiveSubscription(options, caller, payload, (error) =>
      // After the last result (the SLOW_CONSUMER error) has been queued for sending.
      setImmediate(() => socket.close(WS_CLOSE.slowConsumer, `${error.code}: subscribe again`)),
    );
    if (outcome.kind === 'refused') {
      // graphql-ws sends GraphQLErrors; the masked ones are rebuilt as such.
      return outcome.errors.map(
        (error) =>
          new GraphQLError(error.message, {
            ...(error.extensions !== undefined && { extensions: error.extensions }),
          }),
      );
    }
    state.subscriptions += 1;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      state.subscriptions -= 1;
    };
    const results = outcome.results;
    const counted: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        const next = await results.next().catch((error: unknown) => {
          end();
          throw error;
        });
        if (next.done === true) end();
        return next;
      },
      async return() {
        end();
        return (await results.return?.()) ?? { value: undefined, done: true };
      },
      async throw(error?: unknown) {
        end();
        await results.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return counted;
      },
    };
    // A context object of its own: the key under which `subscribe` finds this start.
    const args: ExecutionArgs = { ...outcome.args, contextValue: { started: true } };
    started.set(args.contextValue as object, counted);
    return args;
  }

  const disposable = useServer<Record<string, unknown>, WsExtra>(
    {
      // Never put an error's message in a close reason.
      isProd: true,
      async onConnect(ctx) {
        const socket = ctx.extra.socket;
        // Clients spell the key as they spell the HTTP header (GraphiQL copies its headers).
        const params = ctx.connectionParams ?? {};
        const key = Object.keys(params).find((name) => name.toLowerCase() === 'authorization');
        const header = key === undefined ? undefined : params[key];
        let caller: Caller;
        try {
          caller = await options.authenticator.authenticate(
            typeof header === 'string' ? header : undefined,
          );
        } catch (error) {
          const reason = error instanceof AuthenticationError ? error.reason : 'malformed';
          socket.close(WS_CLOSE.unauthorized, `Unauthorized: ${reason}`);
          return false;
        }
        const release = options.limiter.acquire(caller);
        if (release === undefined) {
          socket.close(WS_CLOSE.tooManyConnections, 'Too many connections for this caller');
          return false;
        }
        const state = stateOf(ctx);
        state.caller = caller;
        state.release = release;
        if (caller.expiresAtMs !== undefined) {
          // setTimeout's limit is about 24.8 days; tokens live far shorter.
          const delay = Math.min(Math.max(0, caller.expiresAtMs - Date.now()), 2 ** 31 - 1);
          state.expiryTimer = setTimeout(
            () => socket.close(WS_CLOSE.unauthorized, 'Unauthorized: token expired'),
            delay,
          );
          state.expiryTimer.unref();
        }
        return true;
      },
      onSubscribe(ctx, _id, payload) {
        const tracing = options.tracing;
        return tracing === undefined
          ? subscribeOn(ctx, payload)
          : runInWebSocketSubscribeSpan(tracing, ctx.extra.request.headers, GRAPHQL_PATH, () =>
              subscribeOn(ctx, payload),
            );
      },
      // The subscription was started in onSubscribe (through the pipeline); hand it over.
      subscribe: (args) => {
        const results = started.get(args.contextValue as object);
        if (results === undefined) throw new Error('unreachable: a subscription not started');
        return results;
      },
      execute: () => {
        throw new Error('unreachable: every operation was refused or started in onSubscribe');
      },
      onNext: (_ctx, _id, _payload, _args, result) => maskedResult(options, result),
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((error) => options.pipeline.maskError(error)),
      onClose(ctx) {
        const state = states.get(ctx);
        if (state === undefined) return;
        if (state.expiryTimer !== undefined) clearTimeout(state.expiryTimer);
        state.release?.();
        state.release = undefined;
      },
    },
    wss,
    KEEP_ALIVE_MS,
  );

  return {
    connectionCount: () => wss.clients.size,
    async close() {
      closing = true;
      options.server.off('upgrade', onUpgrade);
      const sockets = [...wss.clients];
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.readyState === socket.CLOSED) {
                resolve();
                return;
              }
              const timer = setTimeout(() => {
                socket.terminate();
                resolve();
              }, CLOSE_HANDSHAKE_MS);
              timer.unref();
              socket.once('close', () => {
                clearTimeout(timer);
                resolve();
              });
              socket.close(WS_CLOSE.goingAway, 'server shutting down');
            }),
        ),
      );
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
