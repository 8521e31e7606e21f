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
export async function readBody(
  request: IncomingMessage,
  limitBytes: number,
  budget?: BodyBudget,
): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    request.resume();
    throw new BodyTooLargeError(limitBytes);
  }
  // Node emits 'request' as soon as the headers are parsed, and goes on parsing what the same
  // read brought: a small request's whole body is buffered in the request one turn of the
  // microtask queue later. When all the declared bytes are there, they are taken in one piece,
  // with no listener and no copy (the end of the message follows on its own).
  await undefined;
  if (
    declared === request.readableLength &&
    request.readableFlowing === null &&
    !request.destroyed
  ) {
    return takeBuffered(request, declared, budget);
  }
  return streamBody(request, limitBytes, budget);
}

/** The declared `size` bytes of the body, all buffered (nothing consumed them yet). */
function takeBuffered(request: IncomingMessage, size: number, budget?: BodyBudget): Buffer {
  // Taken and given back at once: the bytes are already here, but a spent budget still refuses.
  if (budget !== undefined) {
    if (!budget.tryTake(size)) {
      request.resume();
      throw new ServerBusyError();
    }
    budget.give(size);
  }
  return (request.read() as Buffer | null) ?? Buffer.alloc(0);
}

/** Reads the body as it arrives, chunk by chunk. */
function streamBody(
  request: IncomingMessage,
  limitBytes: number,
  budget?: BodyBudget,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A small body arrives in one chunk, which is handed out as it is; only a body of several
    // chunks is copied into one Buffer.
    let first: Buffer | undefined;
    let more: Buffer[] | undefined;
    let size = 0;
    let settled = false;
    /** True for the first outcome only; gives the body's bytes back to the budget. */
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      budget?.give(size);
      return true;
    };
    // Stops buffering; the rest of the body is read and dropped.
    const refuse = (error: Error): void => {
      if (!settle()) return;
      request.off('data', onData);
      first = undefined;
      more = undefined;
      request.resume();
      reject(error);
    };
    function onData(chunk: Buffer): void {
      if (settled) return;
      if (size + chunk.length > limitBytes) return refuse(new BodyTooLargeError(limitBytes));
      if (budget !== undefined && !budget.tryTake(chunk.length)) {
        return refuse(new ServerBusyError());
      }
      size += chunk.length;
      if (first === undefined) first = chunk;
      else (more ??= [first]).push(chunk);
    }
    const onAbort = (): void => {
      if (settle()) reject(new BodyAbortedError());
    };
    // Plain listeners, not `once`: each one is a no-op once the read has settled (a 'close'
    // follows every request), so no wrapper is made and removed per request.
    request.on('data', onData);
    request.on('end', () => {
      if (settle())
        resolve(more === undefined ? (first ?? Buffer.alloc(0)) : Buffer.concat(more, size));
    });
    request.on('error', onAbort);
    request.on('close', onAbort);
  });
}
