/**
 * The emulator of a benchmark run, in its own process: start it, reset it, set its injected
 * faults through the admin hooks (`/_emulator/reset`, `/_emulator/faults`), and read how many
 * API calls it has received so far (over IPC, see emulator-process.ts).
 */
import { join } from 'node:path';
import type { FaultRule } from '../../../src/emulator';
import { freePort, type Child, type ChildRegistry } from './child-processes';

export interface UpstreamCallCount {
  readonly total: number;
  readonly byEndpoint: Readonly<Record<string, number>>;
}

export interface BenchEmulator {
  readonly url: string;
  readonly child: Child;
  /** API calls received since the emulator started. */
  calls(): Promise<UpstreamCallCount>;
  /** Drops every package (fixture accounts and sites stay). Fault rules are kept. */
  reset(): Promise<void>;
  /** Replaces the fault rules (an empty list clears them). */
  setFaults(rules: readonly FaultRule[]): Promise<void>;
  /** A fixed latency on every endpoint, or none for 0. */
  setLatency(latencyMs: number): Promise<void>;
}

async function admin(url: string, method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${url}/_emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`emulator admin ${method} ${path}: ${response.status} ${text}`);
}

/** Starts the emulator child (empty seed) on a free loopback port. */
export async function startBenchEmulator(
  registry: ChildRegistry,
  core: number | undefined,
): Promise<BenchEmulator> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await registry.start({
    name: 'emulator',
    script: join(__dirname, 'emulator-process.js'),
    args: [`--port=${port}`],
    env: { NODE_ENV: 'production' },
    core,
    ipc: true,
    readyUrl: `${url}/_emulator/stats`,
  });
  const calls = (): Promise<UpstreamCallCount> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('emulator did not report its calls')), 5000);
      const onMessage = (message: { type?: string } & UpstreamCallCount): void => {
        if (message?.type !== 'calls') return;
        clearTimeout(timer);
        child.process.off('message', onMessage);
        resolve({ total: message.total, byEndpoint: message.byEndpoint });
      };
      child.process.on('message', onMessage);
      child.process.send({ type: 'calls' });
    });
  const setFaults = (rules: readonly FaultRule[]): Promise<void> =>
    admin(url, 'PUT', 'faults', { rules });
  return {
    url,
    child,
    calls,
    reset: () => admin(url, 'POST', 'reset', { seed: 'empty' }),
    setFaults,
    setLatency: (latencyMs) =>
      setFaults(latencyMs > 0 ? [{ endpoint: '*', kind: 'latency', latencyMs }] : []),
  };
}
