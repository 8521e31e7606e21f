/**
 * Starts the processes of a benchmark run (emulator, targets) as children, optionally pinned to
 * a CPU core with `taskset`, waits until each answers HTTP, and guarantees that every child is
 * killed when the run ends: normally, on an exception, or on Ctrl-C / SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface ChildSpec {
  /** Name shown in messages. */
  readonly name: string;
  /** Node script to run (absolute path). */
  readonly script: string;
  readonly args?: readonly string[];
  /** Options for node itself, before the script (e.g. `--cpu-prof`). */
  readonly nodeOptions?: readonly string[];
  /** Added to (not replacing) the parent's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** CPU core to pin the child to; ignored when pinning is off. */
  readonly core?: number;
  /** URL polled until it answers with any HTTP status: the child is then ready. */
  readonly readyUrl: string;
  /** How long to wait for readiness. */
  readonly readyTimeoutMs?: number;
  /** Open an IPC channel to the child (`Child.process.send`). */
  readonly ipc?: boolean;
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Whether the child has exited. */
  exited(): boolean;
  /** The last few KB the child wrote to stdout/stderr (for error messages). */
  outputTail(): string;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
}

const TAIL_BYTES = 4096;

/** Finds a free TCP port on 127.0.0.1 (bind to 0, read, release). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answersHttp(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

function waitForExit(proc: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Owns every child of a run; `killAll` is safe to call any number of times. */
export class ChildRegistry {
  private readonly children = new Set<ChildProcess>();
  private handlersInstalled = false;

  constructor(private readonly pinning: boolean) {}

  /** Kills children on process exit, exceptions and termination signals. */
  installExitHandlers(): void {
    if (this.handlersInstalled) return;
    this.handlersInstalled = true;
    process.on('exit', () => this.killAllNow());
    const onSignal = (signal: NodeJS.Signals): void => {
      process.stderr.write(`\nbench: ${signal} received, stopping every child process\n`);
      this.killAll().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('uncaughtException', (error) => {
      process.stderr.write(`bench: uncaught exception: ${error.stack ?? String(error)}\n`);
      this.killAllNow();
      process.exit(1);
    });
  }

  /** Starts a child and resolves once it answers HTTP at `spec.readyUrl`. */
  async start(spec: ChildSpec): Promise<Child> {
    const nodeArgs = [...(spec.nodeOptions ?? []), spec.script, ...(spec.args ?? [])];
    const [command, args] =
      this.pinning && spec.core !== undefined
        ? ['taskset', ['-c', String(spec.core), process.execPath, ...nodeArgs]]
        : [process.execPath, nodeArgs];
    // taskset execs node in place, so the pid below is node's own pid.
    const proc = spawn(command, args, {
      env: { ...process.env, ...spec.env },
      stdio: spec.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(proc);
    proc.once('exit', () => this.children.delete(proc));
    let tail = '';
    const keepTail = (chunk: Buffer): void => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    };
    proc.stdout?.on('data', keepTail);
    proc.stderr?.on('data', keepTail);
    const child: Child = {
      name: spec.name,
      pid: proc.pid ?? -1,
      process: proc,
      exited: () => proc.exitCode !== null || proc.signalCode !== null,
      outputTail: () => tail.trim(),
      stop: async () => {
        if (child.exited()) return;
        proc.kill('SIGTERM');
        if (!(await waitForExit(proc, 3000))) {
          proc.kill('SIGKILL');
          await waitForExit(proc, 2000);
        }
      },
    };
    const deadline = Date.now() + (spec.readyTimeoutMs ?? 20_000);
    while (!(await answersHttp(spec.readyUrl))) {
      if (child.exited()) {
        throw new Error(`${spec.name} exited before it was ready:\n${child.outputTail()}`);
      }
      if (Date.now() > deadline) {
        await child.stop();
        throw new Error(`${spec.name} did not answer ${spec.readyUrl} in time:\n${tail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return child;
  }

  /** Stops every live child (SIGTERM, then SIGKILL). */
  async killAll(): Promise<void> {
    await Promise.all(
      [...this.children].map(async (proc) => {
        proc.kill('SIGTERM');
        if (!(await waitForExit(proc, 3000))) proc.kill('SIGKILL');
      }),
    );
  }

  /** Synchronous last resort (process 'exit' handlers cannot wait). */
  killAllNow(): void {
    for (const proc of this.children) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
  }
}
