import type { IncomingMessage } from 'node:http';

/** A request body read up to a size limit. */
export type BodyReadResult =
  | { readonly kind: 'ok'; readonly text: string }
  /** The body exceeded the limit; it was drained (not stored) so a 413 can still be sent. */
  | { readonly kind: 'tooLarge' };

/**
 * Reads the whole body as UTF-8. Beyond `maxBytes` the rest is read and discarded, so the
 * client can finish sending and receive the 413 on the same connection.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyReadResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        chunks.length = 0;
      } else if (!tooLarge) {
        chunks.push(chunk);
      }
    });
    req.on('end', () =>
      resolve(
        tooLarge
          ? { kind: 'tooLarge' }
          : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') },
      ),
    );
    req.on('error', reject);
    // A client that disconnects mid-body must not leave the request pending forever.
    req.on('close', () => {
      if (!req.complete) reject(new Error('request closed before its body was complete'));
    });
  });
}

/** A body parsed as JSON. Empty bodies count as `{}` (GET/DELETE and body-less PATCH). */
export type ParsedBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'malformed'; readonly reason: string };

/** Parses a request body text. */
export function parseJsonBody(text: string): ParsedBody {
  if (text.trim() === '') return { kind: 'json', value: {} };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'malformed', reason: (error as Error).message };
  }
}
