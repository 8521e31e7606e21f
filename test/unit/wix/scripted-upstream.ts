/**
 * A local HTTP server on 127.0.0.1:0 that answers each incoming request with the next scripted
 * responder and records what it received (raw URL, headers, body). Unscripted requests get 599
 * so a test notices them.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Raw request target as sent on the wire (still percent-encoded). */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Responder = (request: RecordedRequest, response: ServerResponse) => void;

export interface ScriptedUpstream {
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  /** Appends responders, used one per request in order. */
  script(...responders: Responder[]): void;
  /** Answers every request (after the scripted ones) with `responder`. */
  always(responder: Responder): void;
  close(): Promise<void>;
}

/** Answers with `status` and `body` serialised as JSON (a string body is sent as is). */
export function reply(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Responder {
  return (_request, response) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/html' : 'application/json',
      ...headers,
    });
    response.end(text);
  };
}

/** Never answers (until the server closes). */
export const hang: Responder = () => undefined;

/** Closes the socket without an answer (a reset from the client's point of view). */
export const dropConnection: Responder = (_request, response) => {
  response.socket?.destroy();
};

/** Sends headers and a partial body, then stalls. */
export const stallBody: Responder = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"package":');
};

/** Starts the server; `port` 0 picks an ephemeral port. */
export async function startScriptedUpstream(port = 0): Promise<ScriptedUpstream> {
  const requests: RecordedRequest[] = [];
  const queue: Responder[] = [];
  let fallback: Responder = reply(599, { message: 'unscripted request', details: {} });

  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const recorded: RecordedRequest = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      (queue.shift() ?? fallback)(recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    script: (...responders) => queue.push(...responders),
    always: (responder) => {
      fallback = responder;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function unusedPort(): Promise<number> {
  const upstream = await startScriptedUpstream();
  await upstream.close();
  return upstream.port;
}
