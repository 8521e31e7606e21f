/**
 * GraphQL over Server-Sent Events (graphql-sse, distinct connections mode) on
 * `/graphql/stream`: one subscription per request (`Accept: text/event-stream`, the operation in
 * a JSON POST body or in GET parameters), authenticated by the `Authorization` header like
 * every HTTP request, through the operation pipeline (live-subscription.ts).
 *
 * Refusals are plain JSON answers before the stream opens (401 with `WWW-Authenticate`, 403,
 * 400, 429 over the caller's connection limit), with masked errors. A slow consumer gets a last
 * `SLOW_CONSUMER` error and the stream completes. `close()` (graceful shutdown) completes every
 * open stream, and destroys any response that has not ended within a second.
 *
 * graphql-sse's core handler is used with a body read here, under the gateway's body limit
 * (its Node adapter would buffer a body of any size).
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';
import {
  createHandler,
  type Request as SseRequest,
  type Response as SseResponse,
} from 'graphql-sse';
import { AuthenticationError } from '../auth/authentication-error';
import type { Authenticator } from '../auth/authenticator';
import type { Caller } from '../auth/caller';
import type { ConnectionLimiter } from '../live/connection-limiter';
import { runInServerSpan } from '../observability/tracing/server-span';
import {
  ATTR_LIVE_TRANSPORT,
  recordSubscribeOutcome,
} from '../observability/tracing/subscribe-span';
import type { BodyBudget } from './body-budget';
import { readRequestBody, setRefusalHeaders } from './request-body';
import { sendJson } from './send';
import { GRAPHQL_STREAM_PATH } from './server';
import {
  maskedResult,
  startLiveSubscription,
  type LiveSubscriptionDependencies,
} from './live-subscription';

export interface SseSubscriptionsOptions extends LiveSubscriptionDependencies {
  readonly authenticator: Authenticator;
  readonly limiter: ConnectionLimiter;
  readonly bodyLimitBytes: number;
  /** Request-body bytes all requests together may hold at once (503 `SERVER_BUSY` past it). */
  readonly bodyBudget?: BodyBudget;
}

export interface SseSubscriptions {
  /** The route handler for `/graphql/stream` (CORS is applied by the router). */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  connectionCount(): number;
  /** Completes every open stream; new requests are refused with 503 from now on. */
  close(): Promise<void>;
}

interface RequestState {
  readonly caller: Caller;
  readonly response: ServerResponse;
  /** The request's server span, while the stream opens (tracing on). */
  readonly span?: Span;
}

/** The events of one open stream, as graphql-sse writes them. */
type SseStream = AsyncGenerator<string, void, undefined>;

/** How long open streams may take to end at shutdown before their sockets are destroyed. */
const END_GRACE_MS = 1_000;

function errorBody(message: string, code: string): { errors: object[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/** A JSON answer given instead of opening the stream. */
function jsonAnswer(status: number, body: object): SseResponse {
  return [
    JSON.stringify(body),
    {
      status,
      statusText: STATUS_CODES[status] ?? '',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    },
  ];
}

/** Creates the SSE transport. */
export function createSseSubscriptions(options: SseSubscriptionsOptions): SseSubscriptions {
  const states = new WeakMap<IncomingMessage, RequestState>();
  const open = new Map<ServerResponse, SseStream>();
  let closing = false;

  const handler = createHandler<IncomingMessage, undefined>({
    // Distinct connections mode only: no stream reservations (single connection mode).
    authenticate: () => 'distinct',
    async onSubscribe(request, params) {
      const state = request.raw === undefined ? undefined : states.get(request.raw);
      if (state === undefined) {
        return jsonAnswer(401, errorBody('not authenticated', 'UNAUTHENTICATED'));
      }
      const outcome = await startLiveSubscription(options, state.caller, params, () => {
        // The stream completes after the SLOW_CONSUMER result: nothing more to do.
      });
      if (state.span !== undefined) {
        const refusal = outcome.kind === 'refused' ? outcome.errors : undefined;
        recordSubscribeOutcome(state.span, refusal, { asError: false });
      }
      if (outcome.kind === 'refused') return jsonAnswer(outcome.status, { errors: outcome.errors });
      return outcome.results;
    },
    onNext: (_context, _request, result) =>
      'hasNext' in result ? undefined : (maskedResult(options, result) as never),
  });

  /** Answers a refusal, or opens the stream (its head written) and returns it. */
  async function openStream(
    request: IncomingMessage,
    response: ServerResponse,
    body: string | undefined,
  ): Promise<SseStream | undefined> {
    const sseRequest: SseRequest<IncomingMessage, undefined> = {
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: {
        get(key) {
          const header = request.headers[key];
          return Array.isArray(header) ? header.join('\n') : header;
        },
      },
      body: body ?? null,
      raw: request,
      context: undefined,
    };
    const [stream, init] = await handler(sseRequest);
    response.writeHead(init.status, init.statusText, init.headers);
    if (stream === null || typeof stream === 'string') {
      response.end(stream ?? undefined);
      return undefined;
    }
    // At once: a shutdown from now on ends this stream.
    open.set(response, stream);
    return stream;
  }

  /** Writes the stream's events until it ends or the client goes. */
  async function pump(response: ServerResponse, stream: SseStream): Promise<void> {
    const stop = (): void => {
      void stream.return?.();
    };
    response.once('close', stop);
    try {
      for await (const chunk of stream) {
        if (!response.writable) break;
        const written = response.write(chunk);
        // Backpressure: wait for the socket to drain (a client that stops reading fills the
        // subscriber's bounded queue instead, and is dropped as a slow consumer).
        if (!written) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              response.off('drain', done);
              response.off('close', done);
              resolve();
            };
            response.once('drain', done);
            response.once('close', done);
          });
        }
      }
    } finally {
      response.off('close', stop);
      open.delete(response);
      response.end();
    }
  }

  /**
   * Everything before the events: the checks of the request, the subscribe, the stream's head.
   * Returns the open stream, or undefined when the request was answered instead.
   */
  async function opening(
    request: IncomingMessage,
    response: ServerResponse,
    span?: Span,
  ): Promise<SseStream | undefined> {
    if (closing) {
      sendJson(response, 503, errorBody('the server is shutting down', 'SHUTTING_DOWN'));
      return undefined;
    }
    if (request.method !== 'GET' && request.method !== 'POST') {
      response.setHeader('allow', 'GET, POST');
      sendJson(response, 405, errorBody('use GET or POST', 'METHOD_NOT_ALLOWED'));
      return undefined;
    }
    if (request.headers.accept !== 'text/event-stream') {
      sendJson(
        response,
        406,
        errorBody(
          'this endpoint streams subscriptions: send Accept: text/event-stream',
          'NOT_ACCEPTABLE',
        ),
      );
      return undefined;
    }
    let caller: Caller;
    try {
      caller = await options.authenticator.authenticate(request.headers.authorization);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      response.setHeader('www-authenticate', error.wwwAuthenticate);
      sendJson(response, 401, { errors: [options.pipeline.maskError(error)] });
      return undefined;
    }
    let body: string | undefined;
    if (request.method === 'POST') {
      const read = await readRequestBody(request, {
        limitBytes: options.bodyLimitBytes,
        budget: options.bodyBudget,
      });
      if (read.kind === 'gone') return undefined;
      if (read.kind === 'refused') {
        setRefusalHeaders(response, read.refusal);
        sendJson(response, read.refusal.status, errorBody(read.refusal.message, read.refusal.code));
        return undefined;
      }
      body = read.body.toString('utf8');
    }
    const release = options.limiter.acquire(caller);
    if (release === undefined) {
      sendJson(
        response,
        429,
        errorBody('too many open connections for this caller', 'TOO_MANY_CONNECTIONS'),
      );
      return undefined;
    }
    response.once('close', release);
    states.set(request, { caller, response, ...(span && { span }) });
    return openStream(request, response, body);
  }

  return {
    async handle(request, response) {
      const tracing = options.tracing;
      const stream =
        tracing === undefined
          ? await opening(request, response)
          : await runInServerSpan(
              tracing,
              GRAPHQL_STREAM_PATH,
              request,
              response,
              (span) => opening(request, response, span),
              { [ATTR_LIVE_TRANSPORT]: 'sse' },
            );
      if (stream !== undefined) await pump(response, stream);
    },
    connectionCount: () => open.size,
    async close() {
      closing = true;
      const responses = [...open.entries()];
      await Promise.all(
        responses.map(async ([response, stream]) => {
          const timer = setTimeout(() => response.destroy(), END_GRACE_MS);
          timer.unref();
          await stream.return?.();
          if (!response.writableEnded) response.end();
          await new Promise<void>((resolve) => {
            if (response.closed) resolve();
            else response.once('close', () => resolve());
          });
          clearTimeout(timer);
        }),
      );
    },
  };
}
