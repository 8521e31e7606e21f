/**
 * Compares the CPU per request of two builds of the gateway over its whole HTTP path (body
 * read, authentication, context, checks, executor, headers, the answer's bytes) in one process,
 * so that a busy machine slows both alike. Each build (a checkout with its own `dist/`) runs
 * the real server of `createGateway` in a worker thread of its own, fed through in-memory
 * sockets (no load generator, no syscalls on the client side); the two take turns running
 * `--chunk` requests (10 keep-alive connections, each sending its next request when its answer
 * is complete), alternating which goes first, and the per-turn differences are summarised.
 * On a shared machine the full bench's CPU µs/op varies by ±30 % between runs; the median of
 * the per-turn differences here moves by about ±1.5 µs between two runs of one build. Not a
 * jest test.
 *
 *   npm run build   # in both checkouts
 *   node dist/test/bench/paired-http-cpu.js --a=/path/to/base --b=. [--chunk=1000] [--turns=100]
 *       [--scenarios=floor,single]
 *
 * The emulator runs in a child process, seeded as for `npm run bench`. The CPU measured is the
 * process's during each turn (the other worker waits meanwhile), so it includes GC threads.
 */
import { resolve } from 'node:path';
import { Duplex } from 'node:stream';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import 'reflect-metadata';
import type { Server } from 'node:http';
import type { BenchData } from './seed-bench-data';

type Scenario = 'floor' | 'single' | 'page100' | 'aliases50';
const OPERATION_OF = {
  floor: 'typename',
  single: 'singlePackage',
  page100: 'packagePage',
  aliases50: 'aliasedPackages',
} as const;
const CONNECTIONS = 10;

interface WorkerInput {
  readonly root: string;
  readonly emulatorUrl: string;
  readonly bench: BenchData;
}
type Command = { readonly kind: 'setup' } | { readonly kind: 'run'; scenario: Scenario; n: number };

function option(name: string, fallback: string): string {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : fallback;
}

/** A socket whose bytes stay in the process: what the server writes goes to `onData`. */
class MemorySocket extends Duplex {
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 1;
  bytesRead = 0;

  constructor(private readonly onData: (chunk: Buffer) => void) {
    super();
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.onData(chunk);
    done();
  }

  override _writev(chunks: { chunk: Buffer }[], done: () => void): void {
    for (const { chunk } of chunks) this.onData(chunk);
    done();
  }

  setTimeout(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  feed(bytes: Buffer): void {
    this.bytesRead += bytes.length;
    this.push(bytes);
  }
}

/** Sends `count` copies of `request` over fresh connections; rejects on a non-200 or errors. */
function runRequests(server: Server, request: Buffer, count: number): Promise<void> {
  return new Promise((done, fail) => {
    let sent = 0;
    let answered = 0;
    const sockets: MemorySocket[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      let pending = '';
      const socket: MemorySocket = new MemorySocket((chunk) => {
        pending += chunk.toString('latin1');
        for (;;) {
          const headEnd = pending.indexOf('\r\n\r\n');
          if (headEnd < 0) return;
          const length = Number(/content-length: (\d+)/i.exec(pending.slice(0, headEnd))?.[1]);
          if (pending.length < headEnd + 4 + length) return;
          const body = pending.slice(headEnd + 4, headEnd + 4 + length);
          if (!pending.startsWith('HTTP/1.1 200') || body.includes('"errors"')) {
            fail(new Error(pending.slice(0, 600)));
            return;
          }
          pending = pending.slice(headEnd + 4 + length);
          answered += 1;
          if (answered === count) {
            sockets.forEach((each) => each.destroy());
            done();
            return;
          }
          if (sent < count) {
            sent += 1;
            setImmediate(() => socket.feed(request));
          }
        }
      });
      sockets.push(socket);
      server.emit('connection', socket);
    }
    for (const socket of sockets) {
      if (sent < count) {
        sent += 1;
        socket.feed(request);
      }
    }
  });
}

/** One build's gateway, answering the main thread's commands with µs of CPU per request. */
function serveInWorker(input: WorkerInput): void {
  const load = <T>(path: string): T => require(resolve(input.root, 'dist', path)) as T;
  let server: Server | undefined;
  const requests = new Map<Scenario, Buffer>();
  const setup = async (): Promise<void> => {
    const { GATEWAY_OPERATIONS } = load<typeof import('./scenarios')>('test/bench/scenarios.js');
    const auth = load<typeof import('./targets/gateway-auth')>(
      'test/bench/targets/gateway-auth.js',
    );
    const { BENCH_ACCOUNT_ID, BENCH_API_KEY } = load<typeof import('./rest-calls')>(
      'test/bench/rest-calls.js',
    );
    const { loadConfig } = load<typeof import('../../src/config/config')>('src/config/config.js');
    const { createGateway } = load<typeof import('../../src/gateway')>('src/gateway.js');
    const { createLogger } =
      load<typeof import('../../src/logging/logger')>('src/logging/logger.js');
    // The environment the bench starts the gateway (d) with.
    const config = loadConfig({
      NODE_ENV: 'production',
      WIX_API_URL: input.emulatorUrl,
      WIX_API_KEY: BENCH_API_KEY,
      WIX_ACCOUNT_ID: BENCH_ACCOUNT_ID,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      OPS_PORT: '0',
      UPSTREAM_RATE_LIMIT_PER_MINUTE: '0',
      ENTITY_CACHE_TTL_MS: '0',
      ...auth.GATEWAY_AUTH_ENV,
    });
    const gateway = await createGateway({
      config,
      upstreamUrl: input.emulatorUrl,
      apiKey: BENCH_API_KEY,
      logger: createLogger('silent'),
    });
    server = gateway.server;
    const { authorization } = await auth.gatewayAuthHeaders();
    for (const [scenario, operation] of Object.entries(OPERATION_OF)) {
      const body = JSON.stringify(GATEWAY_OPERATIONS[operation].request(input.bench));
      const head =
        `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
        `authorization: ${authorization}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
      requests.set(scenario as Scenario, Buffer.from(head + body));
    }
  };
  parentPort?.on('message', (command: Command) => {
    void (async () => {
      if (command.kind === 'setup') {
        await setup();
        parentPort?.postMessage(0);
        return;
      }
      const request = requests.get(command.scenario);
      if (server === undefined || request === undefined) throw new Error('not set up');
      const before = process.cpuUsage();
      await runRequests(server, request, command.n);
      const used = process.cpuUsage(before);
      parentPort?.postMessage((used.user + used.system) / command.n);
    })();
  });
}

/** A worker running one build; `ask` sends a command and resolves with its answer. */
function startBuild(input: WorkerInput): { ask(command: Command): Promise<number> } {
  const worker = new Worker(__filename, { workerData: input });
  const waiting: ((value: number) => void)[] = [];
  worker.on('message', (value: number) => waiting.shift()?.(value));
  worker.on('error', (error) => {
    console.error(error);
    process.exit(1);
  });
  return {
    ask: (command) =>
      new Promise((answer) => {
        waiting.push(answer);
        worker.postMessage(command);
      }),
  };
}

function summary(values: readonly number[]): string {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (q: number) => (sorted[Math.floor(q * (sorted.length - 1))] ?? NaN).toFixed(1);
  return `min ${at(0)}  p25 ${at(0.25)}  median ${at(0.5)}`;
}

async function main(): Promise<void> {
  const rootA = resolve(option('a', '.'));
  const rootB = resolve(option('b', '.'));
  const chunk = Number(option('chunk', '1000'));
  const turns = Number(option('turns', '100'));
  const scenarios = option('scenarios', 'floor,single').split(',') as Scenario[];
  const { ChildRegistry } = await import('./harness/child-processes');
  const { startBenchEmulator } = await import('./harness/bench-emulator');
  const { seedBenchData } = await import('./seed-bench-data');
  const registry = new ChildRegistry(false);
  registry.installExitHandlers();
  const emulator = await startBenchEmulator(registry, undefined);
  const bench = await seedBenchData(emulator.url, 300);
  const a = startBuild({ root: rootA, emulatorUrl: emulator.url, bench });
  const b = startBuild({ root: rootB, emulatorUrl: emulator.url, bench });
  await Promise.all([a.ask({ kind: 'setup' }), b.ask({ kind: 'setup' })]);
  console.log(`A = ${rootA}\nB = ${rootB}\n${turns} turns of ${chunk} requests each`);
  for (const scenario of scenarios) {
    // Warm-up: both answer, then compile, before anything is measured.
    await a.ask({ kind: 'run', scenario, n: 3 * chunk });
    await b.ask({ kind: 'run', scenario, n: 3 * chunk });
    const perA: number[] = [];
    const perB: number[] = [];
    const differences: number[] = [];
    for (let turn = 0; turn < turns; turn++) {
      const first = turn % 2 === 0 ? a : b;
      const second = first === a ? b : a;
      const one = await first.ask({ kind: 'run', scenario, n: chunk });
      const two = await second.ask({ kind: 'run', scenario, n: chunk });
      const [ofA, ofB] = first === a ? [one, two] : [two, one];
      perA.push(ofA);
      perB.push(ofB);
      differences.push(ofB - ofA);
    }
    console.log(
      `${scenario} CPU µs/request  A: ${summary(perA)}  |  B: ${summary(perB)}  |  ` +
        `B−A per turn: ${summary(differences)}`,
    );
  }
  process.exit(0);
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  serveInWorker(workerData as WorkerInput);
}
