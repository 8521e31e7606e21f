/**
 * The node:http server every listener of the gateway uses (API and operations), with its limits
 * against slow, stalled and piled-up clients. Node's defaults (headers 60 s, request 300 s,
 * checked every 30 s) let a stalled upload hold its memory and connection for minutes.
 *
 * Node times a connection from the moment it is accepted, and a connection that sent nothing
 * counts as a request whose headers are late: past the headers timeout it writes
 * `408 Request Timeout` into it. That is wrong for two kinds of connection, and both break
 * browsers:
 *
 * - A connection a browser opened ahead of need (Chromium preconnects, and keeps a socket a
 *   request did not end up using) sits idle, sending nothing. A 408 written into it can cross a
 *   request the browser sends at that moment, which then reads the 408 as its answer.
 * - Node checks the timeouts in its timers phase, before the poll phase reads what arrived
 *   meanwhile. When the event loop was busy (a loaded machine) for longer than the headers
 *   timeout after accepting a connection, the request already sent on it is still unread, and
 *   Node answers it 408 unread: headless Chromium reported GraphiQL's fetch as failed.
 *
 * So a timeout on a connection from which nothing has been read is decided one turn of the
 * event loop later, after pending input has been read: if a request has started meanwhile, Node
 * times it again from its first byte; a connection that still has sent nothing is treated as an
 * idle keep-alive connection: closed without an answer once it has been idle for the keep-alive
 * timeout (browsers expect that and retry; a load balancer's idle timeout is tuned against it).
 * Every other client error is answered with Node's status, and a typed body
 * (`{"errors":[{"message","extensions":{"code"}}]}`, e.g. 408 `REQUEST_TIMEOUT`).
 */
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';

export interface HttpServerLimits {
  /** Time from a request's first byte to the end of its headers (408 past it). */
  readonly headersTimeoutMs: number;
  /** Time from a request's first byte to the end of its body (408 past it). */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections at most; past it new connections are closed at once. */
  readonly maxConnections: number;
}

/**
 * How often Node checks the headers and request timeouts (its default is 30 s, which would let
 * a stalled body live 30 s past its timeout).
 */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * The answer to a request that failed at the HTTP level, by Node's error code (Node's own
 * statuses, lib/_http_server.js), with a typed body like every other refusal of the gateway.
 */
interface ClientErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const ANSWERS_BY_ERROR_CODE: Readonly<Record<string, ClientErrorAnswer>> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    message: 'the request did not arrive in time',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    message: 'the request headers are too large',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'the chunk extensions are too large',
  },
};
const MALFORMED_REQUEST: ClientErrorAnswer = {
  status: 400,
  code: 'BAD_REQUEST',
  message: 'the request is not valid HTTP',
};

/** The raw response (there is no ServerResponse for a request Node could not read). */
function rawAnswer({ status, code, message }: ClientErrorAnswer): string {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
    `Content-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/** Creates (but does not start) a server with `limits`, answering with `listener`. */
export function createLimitedServer(limits: HttpServerLimits, listener: RequestListener): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    listener,
  );
  // Past the cap, a new connection is closed as soon as it is accepted (no request read yet).
  server.maxConnections = limits.maxConnections;
  answerClientErrors(server, limits);
  return server;
}

function answerClientErrors(server: Server, limits: HttpServerLimits): void {
  // The latest response on each socket: while it is unfinished and its headers are out, no
  // error status can follow. (Read when an error comes, rather than forgotten on 'finish': a
  // listener per response costs every request for the rare client error.)
  const latest = new WeakMap<Socket, ServerResponse>();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    latest.set(request.socket, response);
  });
  const answerStarted = (socket: Socket): boolean => {
    const response = latest.get(socket);
    return response !== undefined && !response.writableFinished && response.headersSent;
  };
  const acceptedAt = new WeakMap<Socket, number>();
  server.on('connection', (socket: Socket) => acceptedAt.set(socket, Date.now()));
  // Decided in the check phase (setImmediate), after the poll phase has read pending input.
  const closeWhenIdleTooLong = (socket: Socket): void => {
    const closeIfUnused = (): void => {
      if (socket.bytesRead === 0) socket.destroy();
    };
    const idleMs = Date.now() - (acceptedAt.get(socket) ?? 0);
    const leftMs = limits.keepAliveTimeoutMs - idleMs;
    if (leftMs <= 0) {
      setImmediate(closeIfUnused);
      return;
    }
    const timer = setTimeout(() => setImmediate(closeIfUnused), leftMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.bytesRead === 0) {
      closeWhenIdleTooLong(socket);
      return;
    }
    if (error.code !== 'ECONNRESET' && socket.writable && !answerStarted(socket)) {
      socket.write(rawAnswer(ANSWERS_BY_ERROR_CODE[error.code ?? ''] ?? MALFORMED_REQUEST));
    }
    socket.destroy();
  });
}
