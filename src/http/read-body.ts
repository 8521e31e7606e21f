/**
 * Reads a request body up to a byte limit. Past the limit it stops reading and rejects with
 * `BodyTooLargeError`, so an oversize upload costs at most `limit` bytes of memory. With a
 * `BodyBudget`, every chunk is also taken from the budget shared by all requests (and given
 * back once the read ends, however it ends); when the budget is spent it rejects with
 * `ServerBusyError`.
 */
import type { IncomingMessage } from 'node:http';
import type { BodyBudget } from './body-budget';

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The bytes buffered for all requests in flight reached their cap: try again shortly. */
export class ServerBusyError extends Error {
  constructor() {
    super('the server is busy receiving other requests: retry shortly');
    this.name = 'ServerBusyError';
  }
}

/** The client went away (or the request timed out) before the body was complete. */
export class BodyAbortedError extends Error {
  constructor() {
    super('request body aborted');
    this.name = 'BodyAbortedError';
  }
}

/** Resolves with the whole body as a Buffer, or rejects (see the error classes above). */
export function readBody(
  request: IncomingMessage,
  limitBytes: number,
  budget?: BodyBudget,
): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    return Promise.reject(new BodyTooLargeError(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      budget?.give(size);
      request.off('data', onData);
      outcome();
    };
    // Stops buffering; the rest of the body is read and dropped.
    const refuse = (error: Error): void =>
      settle(() => {
        chunks.length = 0;
        request.resume();
        reject(error);
      });
    function onData(chunk: Buffer): void {
      if (size + chunk.length > limitBytes) return refuse(new BodyTooLargeError(limitBytes));
      if (budget !== undefined && !budget.tryTake(chunk.length)) {
        return refuse(new ServerBusyError());
      }
      size += chunk.length;
      chunks.push(chunk);
    }
    request.on('data', onData);
    request.once('end', () => settle(() => resolve(Buffer.concat(chunks, size))));
    request.once('error', () => settle(() => reject(new BodyAbortedError())));
    request.once('close', () => settle(() => reject(new BodyAbortedError())));
  });
}
