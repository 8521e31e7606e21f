import type { ServerResponse } from 'node:http';
import { newGuid } from '../ids';

/**
 * Sends a JSON response with a fresh `x-wix-request-id`. Does nothing when the connection is
 * already gone (dropped, or the emulator is closing).
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'x-wix-request-id': newGuid(),
  });
  res.end(payload);
}

/** Destroys the connection without an answer (injected drop faults). */
export function dropConnection(res: ServerResponse): void {
  res.socket?.destroy();
  res.destroy();
}
