/**
 * A hostile upstream for integration tests: an HTTP server in front of the emulator that
 * passes every request through, unless the test's script answers it instead, or rewrites the
 * emulator's answer. It sees exactly what the gateway sends (the `Authorization` header with
 * the API key included), so a script can echo it back the way a careless or compromised
 * upstream would.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the gateway sent, as the upstream received it. */
export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** An answer to send back: `body` is sent as JSON. */
export interface HostileAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * Decides the answer to `request`: `forward()` gets the emulator's own answer (the request is
 * applied there), which the script may return, alter or ignore.
 */
export type HostileScript = (
  request: HostileRequest,
  forward: () => Promise<HostileAnswer>,
) => Promise<HostileAnswer>;

export interface HostileUpstream {
  /** Base URL to give the gateway as its upstream. */
  readonly url: string;
  /** Replaces the script; without one, every request passes through unchanged. */
  setScript(script: HostileScript | undefined): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

/** Starts the hostile upstream on 127.0.0.1, in front of the upstream at `targetUrl`. */
export async function startHostileUpstream(targetUrl: string): Promise<HostileUpstream> {
  let script: HostileScript | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: HostileRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const forward = async (): Promise<HostileAnswer> => {
        const response = await fetch(`${targetUrl}${request.path}`, {
          method: request.method,
          headers: forwardedHeaders(request.headers),
          ...(request.body !== '' && { body: request.body }),
        });
        const text = await response.text();
        return { status: response.status, body: text === '' ? '' : (JSON.parse(text) as unknown) };
      };
      (script ? script(request, forward) : forward()).then(
        (answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          res.end(JSON.stringify(answer.body));
        },
        (error: unknown) => {
          res.writeHead(599, { 'content-type': 'text/plain' });
          res.end(`hostile upstream script failed: ${String(error)}`);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setScript(next) {
      script = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
