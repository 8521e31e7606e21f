/**
 * The operational endpoints: `/healthz` (the process serves), `/readyz` (the upstream is
 * usable) and `/metrics` (Prometheus). Shared by the API listener and the separate operations
 * listener (`OPS_PORT`): on the API port, which clients reach, `/readyz` then answers its status
 * only (a load balancer needs no more) and `/metrics` is not served, because their details (the
 * breaker's state, other tenants' operation names and error codes) are for operators.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendBody, sendJson } from './send';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, string>>;
}

export interface OperationsEndpoints {
  readonly readiness: () => Promise<Readiness>;
  /** Prometheus exposition; undefined: `/metrics` is not served here. */
  readonly metrics?: (() => Promise<{ contentType: string; body: string }>) | undefined;
  /** Whether `/readyz` lists its checks (false: its status only). */
  readonly readinessChecks: boolean;
}

/** The handler of an operational endpoint, or undefined when `pathname` is none of them. */
export function operationsRoute(
  pathname: string,
  endpoints: OperationsEndpoints,
): RequestHandler | undefined {
  if (pathname === '/healthz') return async (_req, res) => sendJson(res, 200, { status: 'ok' });
  if (pathname === '/readyz') {
    return async (_req, res) => {
      const readiness = await endpoints.readiness();
      const status = readiness.ready ? 'ready' : 'not ready';
      sendJson(
        res,
        readiness.ready ? 200 : 503,
        endpoints.readinessChecks ? { status, checks: readiness.checks } : { status },
      );
    };
  }
  const metrics = endpoints.metrics;
  if (pathname === '/metrics' && metrics) {
    return async (_req, res) => {
      const exposition = await metrics();
      sendBody(res, 200, exposition.contentType, exposition.body);
    };
  }
  return undefined;
}
