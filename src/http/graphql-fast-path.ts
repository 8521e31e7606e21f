/**
 * The fast path for repeated operations: a POST whose query text and operation name Apollo
 * has already parsed, validated, checked and executed once (known-operations.ts) runs here
 * without Apollo's per-request pipeline (query hashing, request-context and plugin dispatch,
 * response building), which cost more CPU than our resolvers and the upstream call together.
 *
 * It answers by itself only when the result is plainly successful; the answer is then the one
 * Apollo would give: the same checks (operation-checks.ts) run first, the same executor runs
 * the operation, the body is Apollo's serialisation, the headers and the
 * operation metric are Apollo's. In every other case it steps aside before anything observable
 * happens, and Apollo answers with the context already built and, when the operation already
 * ran, with its result (precomputed-results.ts), so nothing executes twice:
 * - not a plain JSON POST of `{query, variables?, operationName?}` (GET, batches, persisted
 *   query hashes, `extensions`, other content types): Apollo's own request rules apply;
 * - an operation Apollo has not run yet, or an `Accept` header that needs negotiation Apollo
 *   would refuse;
 * - the context cannot be built (authentication), or a check refuses the operation;
 * - the result carries errors, refused variables included (formatting, masking, codes and
 *   status rules are Apollo's), or the executor threw.
 */
import type { IncomingHttpHeaders } from 'node:http';
import Negotiator from 'negotiator';
import type { GraphQLSchema } from 'graphql';
import type { OperationExecutor } from '../graphql/execution/compiled-executor';
import type { KnownOperations } from '../graphql/execution/known-operations';
import type { OperationCheck } from '../graphql/execution/operation-checks';
import { withPrecomputedOutcome } from '../graphql/execution/precomputed-results';
import type { OperationRecorder } from '../observability/graphql-metrics-plugin';

/** Apollo Server's response media types (its `MEDIA_TYPES`, not exported), in its order. */
export const RESPONSE_MEDIA_TYPES = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
] as const;
const DEFAULT_MEDIA_TYPE = RESPONSE_MEDIA_TYPES[0];

/** Distinct `Accept` values whose negotiation is remembered (clients send a handful). */
const MAX_REMEMBERED_ACCEPTS = 64;

/** A content type whose essence is `application/json` (not a CSRF-prone "simple" type). */
const JSON_CONTENT_TYPE = /^application\/json[\t ]*(;|$)/i;

export interface FastPathOptions<TContext> {
  readonly schema: GraphQLSchema;
  readonly knownOperations: KnownOperations;
  /** The executor Apollo's pipeline uses (compiled operations, graphql-js where needed). */
  readonly execute: OperationExecutor;
  /** The checks Apollo runs in `didResolveOperation`, in the same order. */
  readonly checks: readonly OperationCheck<TContext>[];
  /** Headers Apollo's plugins add to every successful response. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** Records the operation as the metrics plugin would; absent when metrics are off. */
  readonly recordOperation?: OperationRecorder;
}

export interface FastPathRequest<TContext> {
  /** The parsed JSON body. */
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  /** Builds this request's context; called at most once. */
  readonly buildContext: () => Promise<TContext>;
}

export type FastPathOutcome<TContext> =
  | {
      readonly kind: 'answered';
      /** Every response header but the length. */
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    }
  | {
      readonly kind: 'apollo';
      /**
       * The context, when it was built (Apollo must not build it again); when the operation
       * already ran, it carries the result for Apollo's executor to return.
       */
      readonly context?: Promise<TContext>;
    };

export type FastPath<TContext> = (
  request: FastPathRequest<TContext>,
) => Promise<FastPathOutcome<TContext>>;

interface PlainRequest {
  readonly query: string;
  readonly variables: Record<string, unknown> | undefined;
  readonly operationName: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body as a plain request, or undefined when Apollo's request rules must judge it. */
function plainRequest(body: unknown): PlainRequest | undefined {
  if (!isRecord(body) || typeof body.query !== 'string' || 'extensions' in body) return undefined;
  const { variables, operationName } = body;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return undefined;
  }
  return {
    query: body.query,
    variables: variables ?? undefined,
    operationName: operationName ?? undefined,
  };
}

/** Apollo's choice of response media type for an `Accept` header (null: it answers 406). */
function createMediaTypeChooser(): (accept: string | undefined) => string | null {
  const remembered = new Map<string, string | null>();
  return (accept) => {
    if (!accept) return DEFAULT_MEDIA_TYPE;
    let chosen = remembered.get(accept);
    if (chosen === undefined) {
      chosen = new Negotiator({ headers: { accept } }).mediaType([...RESPONSE_MEDIA_TYPES]) ?? null;
      if (remembered.size < MAX_REMEMBERED_ACCEPTS) remembered.set(accept, chosen);
    }
    return chosen;
  };
}

/** Returns the fast path; see the module comment for when it answers. */
export function createGraphQLFastPath<TContext extends object>(
  options: FastPathOptions<TContext>,
): FastPath<TContext> {
  const { schema, knownOperations, execute, checks, recordOperation } = options;
  const chooseMediaType = createMediaTypeChooser();
  const toApollo: FastPathOutcome<TContext> = { kind: 'apollo' };
  // One frozen header set per media type (there are three).
  const headerSets = new Map(
    RESPONSE_MEDIA_TYPES.map((type) => [
      type as string,
      Object.freeze({ 'content-type': type, ...options.responseHeaders }),
    ]),
  );

  return async ({ body, headers, buildContext }) => {
    const startedAt = performance.now();
    const contentType = headers['content-type'];
    if (contentType === undefined || !JSON_CONTENT_TYPE.test(contentType)) return toApollo;
    const request = plainRequest(body);
    if (request === undefined) return toApollo;
    const known = knownOperations.find(request.query, request.operationName);
    if (known === undefined) return toApollo;
    const mediaType = chooseMediaType(headers.accept);
    if (mediaType === null) return toApollo;

    const context = buildContext();
    let contextValue: TContext;
    try {
      contextValue = await context;
    } catch {
      return { kind: 'apollo', context };
    }
    const { document, operation } = known;
    const input = {
      schema,
      source: known.source,
      document,
      operation,
      variables: request.variables,
      contextValue,
    };
    try {
      for (const check of checks) check(input);
    } catch {
      return { kind: 'apollo', context };
    }
    let result: Awaited<ReturnType<OperationExecutor>>;
    try {
      result = await execute({
        document,
        operation,
        operationName: request.operationName,
        variables: request.variables,
        contextValue,
      });
    } catch (thrown) {
      // An executor failure is Apollo's to answer (its 500 body, log line and metric).
      return {
        kind: 'apollo',
        context: Promise.resolve(withPrecomputedOutcome(contextValue, { thrown })),
      };
    }
    if (result.errors !== undefined && result.errors.length > 0) {
      return {
        kind: 'apollo',
        context: Promise.resolve(withPrecomputedOutcome(contextValue, { result })),
      };
    }
    recordOperation?.(
      operation.name?.value ?? request.operationName,
      operation.operation,
      undefined,
      (performance.now() - startedAt) / 1000,
    );
    // Apollo's serialisation: `{errors, data, extensions}` in that order, then a newline.
    return {
      kind: 'answered',
      headers: headerSets.get(mediaType) ?? {
        'content-type': mediaType,
        ...options.responseHeaders,
      },
      body: `${JSON.stringify({ data: result.data, extensions: result.extensions })}\n`,
    };
  };
}
