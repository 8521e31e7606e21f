import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from '../emulator-core';
import { camelizeKeys } from '../case-keys';
import {
  applicationError,
  EMULATOR_ONLY_CODES,
  EmulatorApiError,
  systemError,
  validationFailed,
} from '../errors';
import { QueryRequestError } from '../query';
import { loggableHeaders } from '../request-log';
import { isJsonObject } from '../validation/field-violations';
import { requireCaller } from './caller-headers';
import { isIdempotentEndpoint, runEndpoint } from './api-endpoints';
import { parseJsonBody, readBody } from './read-body';
import type { BodyReadResult, ParsedBody } from './read-body';
import { matchRoute } from './routes';
import type { ApiRoute } from './routes';
import { dropConnection, sendJson } from './send';

/** What the API handler needs from the server around it. */
export interface ConnectionLifecycle {
  /** True once the emulator started closing. */
  isClosing(): boolean;
  /** Waits `ms` (resolves early when the emulator closes). */
  delay(ms: number): Promise<void>;
  /** Keeps a response open without answering (hang fault) until the emulator closes. */
  hang(res: ServerResponse): void;
}

/** A computed answer, not yet sent. */
interface Outcome {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Handles one Wix API request: log it, route it, apply injected faults, check headers and
 * body, honour the idempotency key, run the endpoint, answer. Never throws.
 */
export async function handleApiRequest(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  lifecycle: ConnectionLifecycle,
): Promise<void> {
  const method = req.method ?? 'GET';
  const read = await readBody(req, core.maxBodyBytes);
  const parsed = read.kind === 'ok' ? parseJsonBody(read.text) : undefined;
  const entry = core.requestLog.append({
    at: new Date().toISOString(),
    method,
    path: req.url ?? pathname,
    headers: loggableHeaders(req.headers),
    body: loggableBody(read, parsed),
  });
  const respond = (outcome: Outcome): void => {
    entry.status = outcome.status;
    sendJson(res, outcome.status, outcome.body, outcome.headers);
  };

  const route = matchRoute(method, pathname);
  if (route.kind !== 'api') return respond(routingFailure(route, method, pathname));

  const decision = core.faults.decide(route.endpoint);
  if (decision.latencyMs > 0) {
    await lifecycle.delay(decision.latencyMs);
    if (lifecycle.isClosing()) return;
  }
  const fault = decision.terminal;
  if (fault) entry.fault = fault.kind;
  else if (decision.latencyMs > 0) entry.fault = 'latency';
  switch (fault?.kind) {
    case 'error':
      return respond({ status: fault.status ?? 500, body: systemError(500).body });
    case 'rateLimit': {
      const retryAfter = String(fault.retryAfterSeconds ?? 1);
      return respond({
        status: 429,
        body: applicationError(429, EMULATOR_ONLY_CODES.tooManyRequests, 'too many requests', {
          retryAfterSeconds: Number(retryAfter),
        }).body,
        headers: { 'retry-after': retryAfter },
      });
    }
    case 'dropBefore':
      return dropConnection(res);
    case 'hang':
      return lifecycle.hang(res);
    default:
      break;
  }
  const outcome = processApiRequest(core, route, pathname, method, req.headers, read, parsed);
  if (fault?.kind === 'dropAfter') {
    entry.status = outcome.status;
    return dropConnection(res);
  }
  respond(outcome);
}

function loggableBody(read: BodyReadResult, parsed: ParsedBody | undefined): unknown {
  if (read.kind === 'tooLarge') return '<body too large>';
  if (read.text === '') return undefined;
  return parsed?.kind === 'json' ? parsed.value : read.text;
}

function routingFailure(
  route: Exclude<ReturnType<typeof matchRoute>, ApiRoute>,
  method: string,
  pathname: string,
): Outcome {
  switch (route.kind) {
    case 'methodNotAllowed':
      return {
        status: 405,
        body: applicationError(
          405,
          EMULATOR_ONLY_CODES.methodNotAllowed,
          `method ${method} is not allowed on ${pathname}`,
          { allow: route.allow },
        ).body,
        headers: { allow: route.allow.join(', ') },
      };
    case 'badPath':
      return {
        status: 400,
        body: validationFailed([
          { field: 'path', description: 'invalid percent-encoding', violatedRule: 'FORMAT' },
        ]).body,
      };
    case 'notFound':
      return {
        status: 404,
        body: applicationError(
          404,
          EMULATOR_ONLY_CODES.routeNotFound,
          `no route for ${method} ${pathname}`,
        ).body,
      };
  }
}

/**
 * The synchronous core of a request (no await between the idempotency lookup and storing the
 * result, so two concurrent requests with one key cannot both apply).
 */
function processApiRequest(
  core: EmulatorCore,
  route: ApiRoute,
  pathname: string,
  method: string,
  headers: IncomingHttpHeaders,
  read: BodyReadResult,
  parsed: ParsedBody | undefined,
): Outcome {
  try {
    const accountId = requireCaller(headers);
    if (read.kind === 'tooLarge') {
      throw applicationError(
        413,
        EMULATOR_ONLY_CODES.payloadTooLarge,
        `request body exceeds ${core.maxBodyBytes} bytes`,
        { maxBodyBytes: core.maxBodyBytes },
      );
    }
    if (!parsed || parsed.kind === 'malformed') {
      throw validationFailed(
        [{ field: 'body', description: 'is not valid JSON', violatedRule: 'FORMAT' }],
        'malformed JSON body',
      );
    }
    if (!isJsonObject(parsed.value)) {
      throw validationFailed([
        { field: 'body', description: 'must be a JSON object', violatedRule: 'TYPE' },
      ]);
    }
    const body = camelizeKeys(parsed.value) as Record<string, unknown>;
    const ctx = core.contextFor(accountId);
    const execute = (): Outcome => runSafely(() => runEndpoint(ctx, route, body, parsed.value));
    const key = idempotencyKeyOf(route, body);
    if (key === undefined) return execute();

    const scope = { accountId, method, path: pathname, idempotencyKey: key };
    const found = core.idempotency.lookup(scope, body);
    if (found.kind === 'replay') {
      return { status: found.record.status, body: found.record.responseBody };
    }
    if (found.kind === 'conflict') {
      // Invented code (not Wix): the key was first used with a different request body.
      throw applicationError(
        409,
        EMULATOR_ONLY_CODES.idempotencyKeyReused,
        `idempotency key ${key} was already used with a different request`,
        { idempotencyKey: key },
      );
    }
    const outcome = execute();
    const answered =
      outcome.status === 200
        ? { ...outcome, body: { idempotencyKey: key, ...(outcome.body as object) } }
        : outcome;
    if (answered.status < 500)
      core.idempotency.remember(scope, body, answered.status, answered.body);
    return answered;
  } catch (error) {
    return errorOutcome(error);
  }
}

function runSafely(run: () => Outcome): Outcome {
  try {
    return run();
  } catch (error) {
    return errorOutcome(error);
  }
}

/** Maps a thrown error to an answer; unexpected errors become an empty 500 (contract: error envelope). */
function errorOutcome(error: unknown): Outcome {
  if (error instanceof EmulatorApiError) {
    return { status: error.status, body: error.body, headers: error.headers };
  }
  if (error instanceof QueryRequestError) {
    return { status: 400, body: error.toWixErrorBody() };
  }
  return { status: 500, body: systemError(500).body };
}

/**
 * The request's idempotency key, for endpoints that take one.
 * @throws EmulatorApiError 400 when `idempotencyKey` is not a string
 */
function idempotencyKeyOf(route: ApiRoute, body: Record<string, unknown>): string | undefined {
  if (!isIdempotentEndpoint(route.endpoint)) return undefined;
  const key = body.idempotencyKey;
  if (key === undefined || key === null || key === '') return undefined;
  if (typeof key !== 'string') {
    throw validationFailed([
      { field: 'idempotencyKey', description: 'must be a string', violatedRule: 'TYPE' },
    ]);
  }
  return key;
}
