import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { EmulatorCore } from '../emulator-core';
import { systemError } from '../errors';
import { ADMIN_PREFIX, handleAdminRequest } from './admin-handler';
import { handleApiRequest } from './api-handler';
import type { ConnectionLifecycle } from './api-handler';
import { sendJson } from './send';

/** The emulator's HTTP server with the bookkeeping needed to close it completely. */
export interface EmulatorHttpServer {
  readonly server: Server;
  /** Resolves with the bound port. */
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, ends hanging/delayed responses and destroys every socket. */
  close(): Promise<void>;
}

/** Builds the `node:http` server (no framework) that serves the API and the admin hooks. */
export function createEmulatorHttpServer(core: EmulatorCore): EmulatorHttpServer {
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const delays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let closing = false;

  const lifecycle: ConnectionLifecycle = {
    isClosing: () => closing,
    delay: (ms) =>
      new Promise<void>((resolve) => {
        const entry = {
          timer: setTimeout(() => {
            delays.delete(entry);
            resolve();
          }, ms),
          resolve,
        };
        delays.add(entry);
      }),
    hang: (res) => {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
    },
  };

  const server = createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] as string;
    const handled =
      pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`)
        ? handleAdminRequest(core, req, res, pathname)
        : handleApiRequest(core, req, res, pathname, lifecycle);
    handled.catch(() => sendJson(res, 500, systemError(500).body));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  return {
    server,
    listen: (port, host) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const entry of delays) {
          clearTimeout(entry.timer);
          entry.resolve();
        }
        delays.clear();
        server.close(() => resolve());
        for (const res of hanging) res.destroy();
        hanging.clear();
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      }),
  };
}
