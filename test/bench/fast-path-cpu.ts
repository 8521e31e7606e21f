/**
 * CPU per operation of the fast path alone, in one process: the pipeline's checks, the
 * executor (resolvers, loaders, mapping, graphql-jit), the serialisation of the answer and its
 * encoding to bytes (done by the fast path itself, as the HTTP handler writes them), for
 * the scenarios of `npm run bench`. No HTTP in or out and no load generator, so on a busy
 * machine it is far steadier than the full bench: use it to compare two builds of a change to
 * that path (run it on each, alternately, a few times). Not a jest test.
 *
 *   npm run build && node dist/test/bench/fast-path-cpu.js [--iterations=150] [--repeats=12]
 *       [--scenarios=single,page100,aliases50] [--replay=parsed|shared]
 *
 * The emulator runs in a child process, seeded as for `npm run bench`; each upstream answer is
 * fetched once and then replayed: from its text, parsed anew for every call as a real call
 * would be (`--replay=parsed`, the default), or as the one parsed object every call shares
 * (`--replay=shared`), as requests joined by read coalescing share it under the bench's load.
 * Prints, per scenario, the lowest and the first-quartile CPU µs per operation over the
 * repeats.
 */
import 'reflect-metadata';
import { getOperationAST, parse } from 'graphql';
import { loadConfig } from '../../src/config/config';
import { createCallerContextFactory } from '../../src/context';
import { createFastPath } from '../../src/graphql/pipeline/fast-path';
import { createOperationPipeline } from '../../src/graphql/pipeline/operation-pipeline';
import type { GatewayContext } from '../../src/graphql/context.type';
import { createInProcessChangeBus } from '../../src/live/change-bus';
import { createChangeFeed } from '../../src/live/change-feed';
import { createLiveChanges } from '../../src/live/live-changes';
import { buildGatewaySchema } from '../../src/schema';
import { createHttpClient, type HttpClient, type HttpRequest } from '../../src/wix/http-client';
import { createUpstreamPool } from '../../src/wix/upstream-pool';
import { startBenchEmulator } from './harness/bench-emulator';
import { ChildRegistry } from './harness/child-processes';
import { BENCH_ACCOUNT_ID, BENCH_API_KEY } from './rest-calls';
import { SCENARIOS } from './scenario-catalog';
import { GATEWAY_OPERATIONS } from './scenarios';
import { seedBenchData } from './seed-bench-data';

function option(name: string, fallback: string): string {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : fallback;
}

/**
 * The real client for the first call of each request, then its answer replayed: parsed anew
 * from its text, or the first answer itself when `shared`.
 */
function replayingClient(real: HttpClient, shared: boolean): HttpClient {
  const recorded = new Map<string, { text: string; value: unknown }>();
  return {
    async request<T>(request: HttpRequest): Promise<T> {
      const key = `${request.method} ${request.path} ${JSON.stringify(request.body ?? null)}`;
      const known = recorded.get(key);
      if (known !== undefined) return (shared ? known.value : JSON.parse(known.text)) as T;
      const value = await real.request<T>(request);
      recorded.set(key, { text: JSON.stringify(value), value });
      return value;
    },
    breakerState: () => real.breakerState(),
  };
}

async function main(): Promise<void> {
  const iterations = Number(option('iterations', '150'));
  const repeats = Number(option('repeats', '12'));
  const wanted = option('scenarios', 'single,page100,aliases50').split(',');
  const replay = option('replay', 'parsed');
  if (replay !== 'parsed' && replay !== 'shared') throw new Error('--replay is parsed or shared');
  const registry = new ChildRegistry(false);
  registry.installExitHandlers();
  try {
    const emulator = await startBenchEmulator(registry, undefined);
    const bench = await seedBenchData(emulator.url, 300);
    const config = loadConfig({
      NODE_ENV: 'production',
      WIX_API_URL: emulator.url,
      WIX_API_KEY: BENCH_API_KEY,
      WIX_ACCOUNT_ID: BENCH_ACCOUNT_ID,
      AUTH_JWT_SECRET: 'fast-path-cpu-bench-only-secret-0123456789',
      LOG_LEVEL: 'silent',
    });
    const client = replayingClient(
      createHttpClient({
        baseUrl: emulator.url,
        apiKey: BENCH_API_KEY,
        dispatcher: createUpstreamPool({
          baseUrl: emulator.url,
          connections: 4,
          connectTimeoutMs: 2_000,
        }),
        timeouts: { headersMs: 10_000, bodyMs: 10_000 },
        retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 },
        breaker: config.breaker,
      }),
      replay === 'shared',
    );
    const pipeline = createOperationPipeline<GatewayContext>({
      schema: buildGatewaySchema(),
      settings: config.graphql,
      logMaskedError: () => {},
    });
    const fastPath = createFastPath({ pipeline, maxKnownOperations: 100 });
    const contextFor = createCallerContextFactory({
      client,
      requestDeadlineMs: 10_000,
      cursorKey: new Uint8Array(32),
      maxResponseValues: config.graphql.maxResponseValues,
      changes: createLiveChanges(
        createChangeFeed({ bus: createInProcessChangeBus(), queueLimit: 10 }),
        () => {},
      ),
    });
    const caller = {
      accountId: BENCH_ACCOUNT_ID,
      scopes: new Set(['packages:read']),
      visibleAccountIds: [BENCH_ACCOUNT_ID],
    };
    const headers = { 'content-type': 'application/json' };
    const results: Record<string, string> = {};
    let sink = 0;
    for (const scenario of SCENARIOS.filter((s) => wanted.includes(s.id))) {
      const body = GATEWAY_OPERATIONS[scenario.operation].request(bench);
      const document = parse(body.query);
      const operation = getOperationAST(document, body.operationName);
      if (!operation) throw new Error(`${scenario.id}: no operation`);
      fastPath.remember({ source: body.query, document, operation }, body.operationName);
      let requests = 0;
      const once = async (): Promise<void> => {
        const outcome = await fastPath.answer({
          body,
          headers,
          buildContext: async () => contextFor(caller, `r${requests++}`),
        });
        if (outcome.kind !== 'answered') throw new Error(`${scenario.id} was not answered`);
        // What the HTTP handler does with the text (its length, then its bytes): a string built
        // by concatenation is flattened here, a cost a benchmark without it would not see.
        sink += outcome.body.length;
      };
      for (let i = 0; i < iterations; i++) await once(); // records, then warms up
      const perOp: number[] = [];
      for (let repeat = 0; repeat < repeats; repeat++) {
        const before = process.cpuUsage();
        for (let i = 0; i < iterations; i++) await once();
        const used = process.cpuUsage(before);
        perOp.push((used.user + used.system) / iterations);
      }
      perOp.sort((a, b) => a - b);
      const quartile = perOp[Math.floor(perOp.length / 4)] ?? NaN;
      results[scenario.id] =
        `${(perOp[0] ?? NaN).toFixed(0)} µs (first quartile ${quartile.toFixed(0)})`;
    }
    process.stdout.write(`${JSON.stringify(results)}\n`);
    if (sink < 0) process.stdout.write('unreachable\n');
  } finally {
    await registry.killAll();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`fast-path-cpu failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
