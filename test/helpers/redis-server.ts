/**
 * A private, throw-away `redis-server` (Debian's package) for one test suite: loopback only,
 * on a free port, no persistence (no RDB snapshots, no AOF), its own temp directory. Stopped
 * (and the directory deleted) by `stop()` in the suite's `afterAll`. `.ci/run` installs the
 * package when it is missing; suites skip with a clear message only when the binary is absent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where `apt-get install redis-server` puts the binary. */
export const REDIS_SERVER_PATH = '/usr/bin/redis-server';

/** True when the binary is installed. */
export function isRedisServerInstalled(): boolean {
  return existsSync(REDIS_SERVER_PATH);
}

/**
 * `describe` when redis-server is installed, otherwise `describe.skip` after saying why (once
 * per suite), so a missing binary is visible in the output rather than a silent pass.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (isRedisServerInstalled()) {
    describe(name, body);
    return;
  }
  console.warn(
    `SKIPPED "${name}": ${REDIS_SERVER_PATH} is missing (apt-get install redis-server; .ci/run does it)`,
  );
  describe.skip(name, body);
}

export interface TestRedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Kills the server at once (SIGKILL), to test what happens when Redis disappears. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `kill`), empty. */
  restart(): Promise<void>;
  /** Stops the server and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on `port`, or rejects at the deadline. */
async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port} in time`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a private redis-server; call `stop()` in `afterAll`. */
export async function startRedisServer(): Promise<TestRedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'packages-gateway-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let stopped = false;

  async function launch(): Promise<void> {
    const process = spawn(
      REDIS_SERVER_PATH,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--logfile',
        join(dir, 'redis.log'),
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    child = process;
    await waitForPort(port, process, 10_000);
  }

  async function kill(): Promise<void> {
    const current = child;
    child = undefined;
    if (!current) return;
    current.kill('SIGKILL');
    await exited(current);
  }

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    restart: launch,
    async stop() {
      if (stopped) return;
      stopped = true;
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
