/**
 * One autocannon run, measured per OPERATION rather than per HTTP request: an operation is a
 * sequence of one or more requests sent back to back on one connection (target (a) needs two
 * REST calls for a page with its references). Latency is recorded here with sub-millisecond
 * precision from autocannon's per-response timings (its own histogram rounds to whole ms).
 */
import autocannon, { type AutocannonRequest } from 'autocannon';

export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface LoadSpec {
  /** Origin of the server under load, e.g. http://127.0.0.1:4000. */
  readonly origin: string;
  /** The requests of ONE operation, in order. */
  readonly sequence: readonly LoadRequest[];
  readonly connections: number;
  readonly durationSec: number;
  /** Seconds before a request counts as timed out (default 10). */
  readonly timeoutSec?: number;
  /**
   * Count every request as an operation of its own (the sequence is then just a rotation of
   * independent requests, e.g. a mixed workload) instead of the sequence as one operation.
   */
  readonly independent?: boolean;
}

export interface LoadResult {
  readonly durationSec: number;
  /** Operations fully answered with 2xx and no GraphQL `errors`. */
  readonly okOps: number;
  /** Operations with a non-2xx response or a GraphQL `errors` member. */
  readonly failedOps: number;
  /** Operations started (sent), answered or not: the fair denominator for server-side costs. */
  readonly startedOps: number;
  /** Transport errors and timeouts seen by the load generator. */
  readonly transportErrors: number;
  readonly timeouts: number;
  /** Successful operations per second. */
  readonly opsPerSec: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly mean: number };
}

interface ClientProgress {
  index: number;
  elapsedMs: number;
  failed: boolean;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

/** A GraphQL response reporting errors (REST bodies never carry a top-level `errors`). */
function hasGraphQLErrors(body: string): boolean {
  return body.includes('"errors":');
}

/** Runs the load and resolves with per-operation figures. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const sequenceLength = spec.independent ? 1 : spec.sequence.length;
  const latencies: number[] = [];
  let okOps = 0;
  let failedOps = 0;
  // Failure seen in a body, keyed by the per-connection context autocannon hands to onResponse;
  // read back in the 'response' event through the client's iterator context.
  const bodyFailed = new WeakSet<object>();
  const progress = new Map<object, ClientProgress>();

  const requests: AutocannonRequest[] = spec.sequence.map((request) => ({
    method: request.method,
    path: request.path,
    headers: { ...request.headers },
    body: request.body,
    onResponse: (status, body, context) => {
      if (status < 200 || status >= 300 || hasGraphQLErrors(body)) bodyFailed.add(context);
    },
  }));

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        pipelining: 1,
        duration: spec.durationSec,
        timeout: spec.timeoutSec ?? 10,
        requests,
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const sorted = Float64Array.from(latencies).sort();
        const mean = latencies.reduce((sum, value) => sum + value, 0) / (latencies.length || 1);
        resolve({
          durationSec: result.duration,
          okOps,
          failedOps: failedOps + result.errors,
          startedOps: result.requests.sent / sequenceLength,
          transportErrors: result.errors,
          timeouts: result.timeouts,
          opsPerSec: okOps / result.duration,
          latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean },
        });
      },
    );
    instance.on(
      'response',
      (
        client: { requestIterator?: { context?: object } },
        status: number,
        _bytes: number,
        responseTimeMs: number,
      ) => {
        let state = progress.get(client);
        if (!state) {
          state = { index: 0, elapsedMs: 0, failed: false };
          progress.set(client, state);
        }
        state.elapsedMs += responseTimeMs;
        // Each body verdict is consumed by the response it belongs to.
        const context = client.requestIterator?.context;
        if (context && bodyFailed.delete(context)) state.failed = true;
        if (status < 200 || status >= 300) state.failed = true;
        state.index++;
        if (state.index < sequenceLength) return;
        if (state.failed) failedOps++;
        else {
          okOps++;
          latencies.push(state.elapsedMs);
        }
        state.index = 0;
        state.elapsedMs = 0;
        state.failed = false;
      },
    );
    // A transport error breaks the client's sequence: start the next operation afresh.
    instance.on('reqError', () => progress.clear());
  });
}
