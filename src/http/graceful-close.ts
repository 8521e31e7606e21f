/**
 * Graceful stop of an HTTP server for rolling deploys. `server.close()` alone stops accepting and
 * closes the connections idle at that instant, but a keep-alive connection whose request was in
 * flight becomes idle later and then stays open until the client drops it (seconds for fetch,
 * minutes for some load balancers), holding the shutdown up until the grace period cuts it.
 */
import type { Server } from 'node:http';

/**
 * Prepares `server` for a graceful stop; call it once, before the server serves traffic. The
 * returned function stops accepting connections, lets requests in flight finish, closes each
 * connection as soon as its response is done (and answers any further request on it with
 * `Connection: close`), and after `graceMs` closes whatever is still open.
 */
export function prepareGracefulClose(server: Server): (graceMs: number) => Promise<void> {
  let draining = false;
  server.on('request', (_request, response) => {
    if (draining) response.setHeader('connection', 'close');
    response.once('finish', () => {
      // After Node's own finish handling, which marks the connection idle.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  return (graceMs) =>
    new Promise<void>((resolve) => {
      draining = true;
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
}
