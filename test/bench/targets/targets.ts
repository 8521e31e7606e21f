/**
 * The servers compared in one run, each in its own process (target (a) is the emulator
 * itself): how to start them, which process to measure, and the HTTP requests that make one
 * operation of a scenario. A target that cannot start, or whose answer to a scenario is wrong,
 * is skipped with the reason instead of failing the run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../scenario-catalog';
import { GATEWAY_OPERATIONS, REFERENCE_OPERATIONS, type OperationSet } from '../scenarios';
import type { BenchData } from '../seed-bench-data';
import { BENCH_ACCOUNT_ID, BENCH_API_KEY, UPSTREAM_HEADERS } from '../rest-calls';
import type { BenchEmulator } from '../harness/bench-emulator';
import { freePort, type Child, type ChildRegistry } from '../harness/child-processes';
import { GATEWAY_AUTH_ENV, gatewayAuthHeaders } from './gateway-auth';
import type { LoadRequest } from '../harness/load-run';

export type TargetId = 'rest' | 'proxy' | 'baseline' | 'gateway';

export interface TargetInfo {
  readonly id: TargetId;
  readonly label: string;
}

/** Table order. Ratios are taken against `proxy` and `baseline`. */
export const TARGETS: readonly TargetInfo[] = [
  { id: 'rest', label: '(a) emulator REST' },
  { id: 'proxy', label: '(b) minimal proxy' },
  { id: 'baseline', label: '(c) apollo+ds-rest' },
  { id: 'gateway', label: '(d) gateway' },
];

export interface RunningTarget {
  readonly info: TargetInfo;
  readonly origin: string;
  /** The process whose CPU and memory are reported (the server under test). */
  readonly pid: number;
  /** Where its garbage-collection totals are written on SIGUSR2 (`--gc`; harness/gc-probe.ts). */
  readonly gcFile?: string;
  /** The requests of one operation. */
  sequence(scenario: Scenario, bench: BenchData): LoadRequest[];
  /** Sends one operation and returns what is wrong with the answer, if anything. */
  probe(scenario: Scenario, bench: BenchData): Promise<string | undefined>;
  /** Stops the target's process (no-op for the emulator). */
  stop(): Promise<void>;
}

export type TargetStart = { readonly target: RunningTarget } | { readonly skipped: string };

export interface TargetContext {
  readonly registry: ChildRegistry;
  readonly emulator: BenchEmulator;
  /** Core for the server under test (undefined = not pinned). */
  readonly core: number | undefined;
  /** Extra environment for the gateway (e.g. shorter upstream timeouts in the soak). */
  readonly gatewayEnv?: Readonly<Record<string, string>>;
  /** Write a CPU profile of each target process into this directory (`node --cpu-prof`). */
  readonly profileDir?: string;
  /** Preload the garbage-collection probe, its totals written into this directory (`--gc`). */
  readonly gcDir?: string;
}

/** `dist/` (this file runs as dist/test/bench/targets/targets.js). */
const DIST = join(__dirname, '..', '..', '..');
const JSON_HEADERS = { 'content-type': 'application/json' };

async function sendOnce(
  origin: string,
  request: LoadRequest,
): Promise<{ status: number; text: string }> {
  const response = await fetch(origin + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text() };
}

function restTarget(info: TargetInfo, emulator: BenchEmulator): RunningTarget {
  const sequence = (scenario: Scenario, bench: BenchData): LoadRequest[] =>
    scenario.restCalls(bench).map((call) => ({ ...call, headers: UPSTREAM_HEADERS }));
  return {
    info,
    origin: emulator.url,
    pid: emulator.child.pid,
    sequence,
    probe: async (scenario, bench) => {
      for (const request of sequence(scenario, bench)) {
        const { status, text } = await sendOnce(emulator.url, request);
        if (status !== 200)
          return `${request.method} ${request.path} → ${status} ${text.slice(0, 200)}`;
      }
      return undefined;
    },
    stop: async () => {},
  };
}

function graphqlTarget(
  info: TargetInfo,
  origin: string,
  child: Child,
  operations: OperationSet,
  extraHeaders: Readonly<Record<string, string>>,
): RunningTarget {
  const headers = { ...JSON_HEADERS, ...extraHeaders };
  const sequence = (scenario: Scenario, bench: BenchData): LoadRequest[] => [
    {
      method: 'POST',
      path: '/graphql',
      headers,
      body: JSON.stringify(operations[scenario.operation].request(bench)),
    },
  ];
  return {
    info,
    origin,
    pid: child.pid,
    sequence,
    probe: async (scenario, bench) => {
      const [request] = sequence(scenario, bench);
      if (!request) return 'no request';
      const { status, text } = await sendOnce(origin, request);
      let body: { data?: Record<string, unknown> | null; errors?: { message?: string }[] };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return `HTTP ${status}, not JSON: ${text.slice(0, 200)}`;
      }
      if (body.errors?.length) {
        return `HTTP ${status}, errors: ${body.errors
          .map((e) => e.message)
          .join('; ')
          .slice(0, 300)}`;
      }
      if (status !== 200 || !body.data) return `HTTP ${status} without data`;
      return operations[scenario.operation].check(body.data, bench);
    },
    stop: () => child.stop(),
  };
}

async function startChildTarget(
  info: TargetInfo,
  context: TargetContext,
  script: string,
  env: Record<string, string>,
  readyPath: string,
  operations: OperationSet,
  requestHeaders: Readonly<Record<string, string>> = {},
): Promise<TargetStart> {
  if (!existsSync(script)) return { skipped: `${script} not found (not built yet?)` };
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const gcFile = context.gcDir === undefined ? undefined : join(context.gcDir, `${info.id}.json`);
  try {
    const child = await context.registry.start({
      name: info.label,
      script,
      env: {
        ...env,
        PORT: String(port),
        ...(gcFile === undefined ? {} : { BENCH_GC_FILE: gcFile }),
      },
      core: context.core,
      nodeOptions: [
        ...(context.profileDir === undefined
          ? []
          : ['--cpu-prof', `--cpu-prof-dir=${context.profileDir}`]),
        ...(gcFile === undefined ? [] : ['-r', join(__dirname, '..', 'harness', 'gc-probe.js')]),
      ],
      readyUrl: origin + readyPath,
    });
    const target = graphqlTarget(info, origin, child, operations, requestHeaders);
    return { target: gcFile === undefined ? target : { ...target, gcFile } };
  } catch (error) {
    const message = (error as Error).message.split('\n').slice(0, 6).join(' | ');
    return { skipped: `could not start: ${message}` };
  }
}

/** Starts one target against the emulator. */
export async function startTarget(info: TargetInfo, context: TargetContext): Promise<TargetStart> {
  const upstream = context.emulator.url;
  switch (info.id) {
    case 'rest':
      return { target: restTarget(info, context.emulator) };
    case 'proxy':
      return startChildTarget(
        info,
        context,
        join(__dirname, 'minimal-proxy.js'),
        { UPSTREAM_URL: upstream, NODE_ENV: 'production' },
        '/healthz',
        REFERENCE_OPERATIONS,
      );
    case 'baseline':
      return startChildTarget(
        info,
        context,
        join(__dirname, 'apollo-baseline.js'),
        { UPSTREAM_URL: upstream, NODE_ENV: 'production' },
        '/',
        REFERENCE_OPERATIONS,
      );
    case 'gateway':
      return startChildTarget(
        info,
        context,
        join(DIST, 'src', 'main.js'),
        {
          WIX_API_URL: upstream,
          WIX_API_KEY: BENCH_API_KEY,
          WIX_ACCOUNT_ID: BENCH_ACCOUNT_ID,
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          NODE_ENV: 'production',
          OPS_PORT: '0',
          // The bench measures the gateway, not Wix's budget: its emulator has no limit.
          UPSTREAM_RATE_LIMIT_PER_MINUTE: '0',
          // The table compares the work of answering from the upstream; the entity cache would
          // answer repeats without it (the `--dashboard` run measures the cache).
          ENTITY_CACHE_TTL_MS: '0',
          ...GATEWAY_AUTH_ENV,
          ...context.gatewayEnv,
        },
        '/healthz',
        GATEWAY_OPERATIONS,
        await gatewayAuthHeaders(),
      );
  }
}
