/**
 * Starting one `packageChanged` subscription for a live transport (WebSocket, SSE): the same
 * pipeline as every other entrance (parse under the token limit, validation, allowlist, scope
 * `packages:read`, depth/aliases/directives, cost: `pipeline.prepare`), then the subscription
 * with a context of its own per event. Only subscriptions are served here: queries and
 * mutations go to `POST /graphql`, where CSRF prevention and the fast path apply.
 *
 * Errors leave only through `pipeline.maskError`: typed refusals pass, anything unexpected is
 * replaced and logged once.
 */
import { randomUUID } from 'node:crypto';
import {
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import type { Caller } from '../auth/caller';
import type { GatewayContext } from '../graphql/context.type';
import type { OperationPipeline } from '../graphql/pipeline/operation-pipeline';
import type { SlowConsumerError } from '../live/subscriber-queue';
import type { Tracing } from '../observability/tracing/tracing';
import { endingWithReason } from './server-ended-stream';

export interface LiveSubscriptionDependencies {
  readonly pipeline: OperationPipeline<GatewayContext>;
  /** A fresh request context for `caller` (loaders, API deadline). */
  readonly contextFor: (caller: Caller, requestId: string) => GatewayContext;
  /** Each subscribe gets an entrance span (subscribe-span.ts); absent when tracing is off. */
  readonly tracing?: Tracing;
}

/** A subscribe request as both transports receive it. */
export interface LiveSubscriptionRequest {
  readonly query: unknown;
  readonly operationName?: unknown;
  readonly variables?: unknown;
}

export type LiveSubscriptionOutcome =
  | {
      readonly kind: 'refused';
      /** Already masked. */
      readonly errors: readonly GraphQLFormattedError[];
      /** The HTTP status an HTTP transport answers with. */
      readonly status: number;
    }
  | {
      readonly kind: 'started';
      /** The prepared operation (graphql-ws identifies the operation type from it). */
      readonly args: ExecutionArgs;
      readonly results: AsyncIterableIterator<ExecutionResult>;
    };

/** The code of a request that is not a subscription, on a transport that serves only those. */
export const OPERATION_NOT_SUPPORTED = 'OPERATION_NOT_SUPPORTED';

function statusOf(errors: readonly GraphQLFormattedError[]): number {
  const code = errors[0]?.extensions?.['code'];
  if (code === 'UNAUTHENTICATED') return 401;
  if (code === 'FORBIDDEN') return 403;
  if (code === 'INTERNAL_SERVER_ERROR') return 500;
  return 400;
}

function refusal(
  dependencies: LiveSubscriptionDependencies,
  errors: readonly GraphQLError[],
): LiveSubscriptionOutcome {
  const masked = errors.map((error) => dependencies.pipeline.maskError(error));
  return { kind: 'refused', errors: masked, status: statusOf(masked) };
}

function badRequest(message: string, code = 'BAD_REQUEST'): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

function isAsyncIterable(value: unknown): value is AsyncIterableIterator<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Checks and starts the subscription. `onServerEnd` runs when the server ends it (a slow
 * consumer), after which the results deliver one last `SLOW_CONSUMER` error and complete.
 */
export async function startLiveSubscription(
  dependencies: LiveSubscriptionDependencies,
  caller: Caller,
  request: LiveSubscriptionRequest,
  onServerEnd: (error: SlowConsumerError) => void,
): Promise<LiveSubscriptionOutcome> {
  const { query, operationName, variables } = request;
  if (typeof query !== 'string' || query.length === 0) {
    return refusal(dependencies, [badRequest('a subscription needs its query text in `query`')]);
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return refusal(dependencies, [badRequest('`operationName` must be a string')]);
  }
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  ) {
    return refusal(dependencies, [badRequest('`variables` must be an object')]);
  }
  const requestId = randomUUID();
  let events = 0;
  const prepared = dependencies.pipeline.prepare({
    source: query,
    operationName: operationName ?? null,
    variables: (variables as Record<string, unknown> | null | undefined) ?? null,
    contextValue: dependencies.contextFor(caller, requestId),
  });
  if (prepared.kind === 'refused') return refusal(dependencies, prepared.errors);
  if (prepared.operation.operation !== 'subscription') {
    return refusal(dependencies, [
      badRequest(
        'only subscriptions are served here; send queries and mutations to POST /graphql',
        OPERATION_NOT_SUPPORTED,
      ),
    ]);
  }
  const outcome = await prepared.subscribe(() =>
    dependencies.contextFor(caller, `${requestId}:${(events += 1)}`),
  );
  if (!isAsyncIterable(outcome)) return refusal(dependencies, outcome.errors ?? []);
  return { kind: 'started', args: prepared.args, results: endingWithReason(outcome, onServerEnd) };
}

/** A result as a client may see it: every error masked. */
export function maskedResult(
  dependencies: LiveSubscriptionDependencies,
  result: ExecutionResult,
): FormattedExecutionResult {
  const { errors, ...rest } = result;
  return errors === undefined
    ? rest
    : { ...rest, errors: errors.map((error) => dependencies.pipeline.maskError(error)) };
}
