/**
 * Runs `src/main.ts` as a real child process (through the `ts-register.js` require hook, no
 * build step), for what only a process shows: signals, exit codes, what reaches stdout/stderr,
 * and how the process behaves when its stdout pipe stalls or closes. Every child started here
 * is killed by `stop()`; call it in afterEach/afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const REGISTER = join(__dirname, 'ts-register.js');
const MAIN = join(ROOT, 'src', 'main.ts');

/** A free TCP port on 127.0.0.1 (bound to 0, read, released). */
export function freePort(): Promise<number> {
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

export interface GatewayProcess {
  readonly process: ChildProcess;
  /** `http://127.0.0.1:<PORT>` */
  readonly url: string;
  /** Everything read from stderr so far (and stdout, while it is read). */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has exited, or `undefined` after `withinMs`. */
  exited(withinMs: number): Promise<{ code: number | null; signal: string | null } | undefined>;
  /** Kills the process (SIGKILL) if it still runs. */
  stop(): Promise<void>;
}

/**
 * Spawns the gateway with `env` added to a minimal environment (PATH only, so the test
 * runner's own variables cannot change the configuration). `PORT` is chosen when not given.
 */
export async function spawnGateway(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const port = env['PORT'] ?? String(await freePort());
  const child = spawn(process.execPath, ['-r', REGISTER, MAIN], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: port, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const exited: GatewayProcess['exited'] = (withinMs) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), withinMs);
      void exit.then((status) => {
        clearTimeout(timer);
        resolve(status);
      });
    });
  return {
    process: child,
    url: `http://127.0.0.1:${port}`,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    },
  };
}

/** Polls `url` until it answers any HTTP status; throws when the process exits or after `withinMs`. */
export async function waitUntilServing(
  gateway: GatewayProcess,
  path = '/healthz',
  withinMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      const response = await fetch(`${gateway.url}${path}`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      return;
    } catch {
      if ((await gateway.exited(0)) !== undefined) {
        throw new Error(`the gateway exited before serving:\n${gateway.stderr()}`);
      }
      if (Date.now() > deadline) throw new Error(`the gateway did not serve ${path} in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
