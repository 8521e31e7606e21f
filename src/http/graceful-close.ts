/**
 * Graceful stop of an HTTP server for rolling deploys, without resetting keep-alive clients.
 *
 * A keep-alive client sends its next request on a connection as soon as a response allows it,
 * and may send one on an idle connection at any moment. Closing a connection while such a
 * request is in transit resets it (ECONNRESET): the client cannot tell whether it ran. So:
 * - once the stop begins, every response not yet started carries `Connection: close`: Node ends
 *   the connection after that response, and the client opens a new one (to another replica);
 * - the listening socket closes at once (new connections are refused), but connections idle
 *   at that moment are left open for `IDLE_LINGER_MS`, so that a request already on its way
 *   arrives and is answered (with `Connection: close`) instead of being reset; only then are
 *   idle connections closed, and from then on each one as soon as it becomes idle (one whose
 *   response had started with keep-alive before the stop, a long stream);
 * - after the grace period, whatever is still open is closed.
 * Node's own `server.close()` closes idle connections immediately, which is the reset above:
 * this stops listening with net.Server's `close` instead.
 */
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { InFlightList } from './in-flight-list';

/**
 * How long a connection idle when the stop begins stays open for a request in transit: well
 * over a network round trip and a loaded event loop's turn.
 */
export const IDLE_LINGER_MS = 500;

/**
 * Prepares `server` for a graceful stop; call it once, before the server serves traffic. The
 * returned function stops accepting connections, lets requests in flight finish (each answered
 * with `Connection: close`), closes idle connections after `IDLE_LINGER_MS`, and after
 * `graceMs` closes whatever is still open. Resolves once every connection is closed.
 */
export function prepareGracefulClose(server: Server): (graceMs: number) => Promise<void> {
  let draining = false;
  let sweeping = false;
  /** Responses whose request is being handled: told to close their connection if we stop. */
  const inFlight = new InFlightList<ServerResponse>();
  const closeConnectionAfter = (response: ServerResponse): void => {
    if (!response.headersSent) response.setHeader('connection', 'close');
  };
  // Before the route handler, which may answer synchronously.
  server.prependListener('request', (_request, response) => {
    if (draining) closeConnectionAfter(response);
    else inFlight.add(response);
    // One listener per response: 'close' follows 'finish', after Node's own finish handling,
    // which marks the connection idle.
    response.once('close', () => {
      inFlight.delete(response);
      if (sweeping) setImmediate(() => server.closeIdleConnections());
    });
  });
  return (graceMs) =>
    new Promise<void>((resolve) => {
      draining = true;
      for (const response of inFlight.drain()) closeConnectionAfter(response);
      const linger = setTimeout(
        () => {
          sweeping = true;
          server.closeIdleConnections();
        },
        Math.min(IDLE_LINGER_MS, graceMs),
      );
      const grace = setTimeout(() => server.closeAllConnections(), graceMs);
      linger.unref();
      grace.unref();
      // Stops listening; the callback runs once the last connection has closed.
      NetServer.prototype.close.call(server, () => {
        clearTimeout(linger);
        clearTimeout(grace);
        resolve();
      });
    });
}
