/**
 * The GraphQL HTTP endpoint over node:http, without Express: one bounded body read, one
 * JSON.parse, then the operation pipeline's HTTP entrances — the fast path for a repeat of a
 * known operation (src/graphql/pipeline/fast-path.ts), which gives the same answer for less,
 * else Apollo (src/graphql/pipeline/apollo-adapter.ts) — and one access-log line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloAdapter } from '../graphql/pipeline/apollo-adapter';
import type { ExecutionOutcome, FastPath } from '../graphql/pipeline/fast-path';
import type { PipelineContext } from '../graphql/pipeline/operation-pipeline';
import type { Logger } from '../logging/logger';
import { traceServerRequests } from '../observability/tracing/server-span';
import { activeTraceId, type Tracing } from '../observability/tracing/tracing';
import type { BodyBudget } from './body-budget';
import { readRequestBody, setRefusalHeaders } from './request-body';
import { requestIdOf } from './request-id';
import { sendJson } from './send';
import { GRAPHQL_PATH } from './server';

export interface GraphQLHandlerOptions<TContext extends PipelineContext> {
  readonly apollo: ApolloAdapter<TContext>;
  readonly bodyLimitBytes: number;
  /** Request-body bytes all requests together may hold at once (503 `SERVER_BUSY` past it). */
  readonly bodyBudget?: BodyBudget;
  /** Builds the per-request context (caller, API object, loaders); may throw a GraphQLError. */
  readonly buildContext: (request: IncomingMessage, requestId: string) => Promise<TContext>;
  /** Answers repeats of known operations without Apollo's pipeline; absent: always Apollo. */
  readonly fastPath?: FastPath<TContext>;
  /** Receives one access-log line per request. */
  readonly logger: Logger;
  /** When set, every request is an HTTP server span (see server-span.ts). */
  readonly tracing?: Tracing;
}

/** Operation names are client-chosen: log only plain identifiers, bounded in length. */
function loggableOperationName(body: unknown, search: URLSearchParams): string | undefined {
  const name =
    body !== null && typeof body === 'object' && 'operationName' in body
      ? (body as { operationName?: unknown }).operationName
      : search.get('operationName');
  return typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : undefined;
}

/** The URL's `?…` part as WHATWG URL parsing gives it; a POST usually has none to parse. */
function searchOf(requestUrl: string | undefined): string {
  if (requestUrl === undefined || !requestUrl.includes('?')) return '';
  return new URL(requestUrl, 'http://gateway.invalid').search;
}

function graphQLErrorBody(message: string, code: string): { errors: object[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/** Parses a POST body the way Apollo expects: JSON bodies parsed, others passed as text. */
function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (contentType?.toLowerCase().includes('json')) return JSON.parse(text) as unknown;
  return text;
}

/** Returns the request handler for the GraphQL endpoint. */
export function createGraphQLHandler<TContext extends PipelineContext>(
  options: GraphQLHandlerOptions<TContext>,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const startedAt = process.hrtime.bigint();
    const requestId = requestIdOf(request);
    // Which path answered (the log line says; undefined when the body was refused first).
    let answeredBy: 'fast-path' | 'apollo' | undefined;
    response.setHeader('x-request-id', requestId);
    // The line is built only when it will be written (the level may change at runtime).
    if (options.logger.isLevelEnabled('info')) {
      // Read now: the 'finish' listener runs outside the request's trace context. Tracing off,
      // there is no trace to read.
      const traceId = options.tracing === undefined ? undefined : activeTraceId();
      response.once('finish', () => {
        options.logger.info(
          {
            event: 'http.request',
            requestId,
            ...(traceId !== undefined && { traceId }),
            method: request.method,
            status: response.statusCode,
            operationName: loggableOperationName(body, new URLSearchParams(search)),
            answeredBy,
            durationMs: Number(process.hrtime.bigint() - startedAt) / 1e6,
          },
          'graphql request',
        );
      });
    }
    const search = searchOf(request.url);
    let body: unknown;
    if (request.method === 'POST') {
      const read = await readRequestBody(request, {
        limitBytes: options.bodyLimitBytes,
        budget: options.bodyBudget,
      });
      if (read.kind === 'gone') return;
      if (read.kind === 'refused') {
        setRefusalHeaders(response, read.refusal);
        sendJson(
          response,
          read.refusal.status,
          graphQLErrorBody(read.refusal.message, read.refusal.code),
        );
        return;
      }
      try {
        body = parseBody(read.body, request.headers['content-type']);
      } catch {
        sendJson(response, 400, graphQLErrorBody('request body is not valid JSON', 'BAD_REQUEST'));
        return;
      }
    }
    let context = (): Promise<TContext> => options.buildContext(request, requestId);
    let outcome: ExecutionOutcome | undefined;
    if (options.fastPath !== undefined && request.method === 'POST') {
      const fast = await options.fastPath.answer({
        body,
        headers: request.headers,
        buildContext: context,
      });
      if (fast.kind === 'answered') {
        answeredBy = 'fast-path';
        // A length, as Apollo's answer has: without it writeHead commits to chunked encoding.
        response.setHeader('content-length', fast.body.length);
        response.writeHead(200, fast.headers);
        response.end(fast.body);
        return;
      }
      const built = fast.context;
      if (built !== undefined) context = () => built;
      outcome = fast.outcome;
    }
    answeredBy = 'apollo';
    const result = await options.apollo.answer(
      { method: request.method ?? 'GET', headers: request.headers, search, body },
      context,
      outcome,
    );
    response.statusCode = result.status;
    for (const [name, value] of result.headers) response.setHeader(name, value);
    if (typeof result.body === 'string') {
      response.end(result.body);
      return;
    }
    for await (const chunk of result.body) response.write(chunk);
    response.end();
  };
  return options.tracing ? traceServerRequests(handle, options.tracing, GRAPHQL_PATH) : handle;
}
