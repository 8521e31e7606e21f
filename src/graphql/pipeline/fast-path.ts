/**
 * The fast path for repeated operations: a POST whose query text and operation name the full
 * pipeline (Apollo, through apollo-adapter.ts) has already parsed, validated, checked and
 * started to execute once runs here without Apollo's per-request machinery (query hashing,
 * request-context and plugin dispatch, response building), which costs more CPU than our
 * resolvers and the upstream call together.
 *
 * It answers by itself only when the result is plainly successful; the answer is then the one
 * the full pipeline would give: the pipeline's checks run first, in its order, the pipeline's
 * executor runs the operation, the body is Apollo's serialisation, the headers and the
 * operation metric are the pipeline's. In every other case it steps aside before anything
 * observable happens, and the full pipeline answers with the context already built and, when
 * the operation already ran, with its outcome (`FastPathFallback.outcome`), so nothing
 * executes twice:
 * - not a plain JSON POST of `{query, variables?, operationName?}` (GET, batches, persisted
 *   query hashes, `extensions`, other content types): Apollo's own request rules apply;
 * - an operation the full pipeline has not run yet, or an `Accept` header that needs
 *   negotiation Apollo would refuse;
 * - the context cannot be built (authentication), or a check refuses the operation;
 * - the result carries errors, refused variables included (formatting, masking, codes and
 *   status rules are Apollo's), or the executor threw.
 *
 * Known operations are remembered by the exact query text and operation name a client sent,
 * only once the full pipeline reached execution with an operation resolved, i.e. after parsing
 * (token limit), validation (including the production introspection ban) and every check
 * passed. The table is bounded: the oldest text goes when it is full.
 */
import type { IncomingHttpHeaders } from 'node:http';
import Negotiator from 'negotiator';
import type {
  DocumentNode,
  ExecutionResult,
  GraphQLSchema,
  OperationDefinitionNode,
} from 'graphql';
import type { OperationRecorder } from '../../observability/operation-recorder';
import type { OperationExecutor } from './compiled-executor';
import type { OperationCheck } from './operation-check';
import { serializedDataOf } from './serialized-result';

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

/** What the fast path takes from the operation pipeline (operation-pipeline.ts). */
export interface FastPathPipeline<TContext> {
  readonly schema: GraphQLSchema;
  /** The pipeline's checks, in its order. */
  readonly checks: readonly OperationCheck<TContext>[];
  /** The pipeline's executor (compiled operations, graphql-js where needed). */
  readonly execute: OperationExecutor;
  /** Headers every successful response carries. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** Records the operation as the full pipeline's metrics do; absent when metrics are off. */
  readonly recordOperation: OperationRecorder | undefined;
}

export interface FastPathOptions<TContext> {
  readonly pipeline: FastPathPipeline<TContext>;
  /** Distinct (query text, operation name) pairs remembered. */
  readonly maxKnownOperations: number;
}

/** An operation the full pipeline checked and started to execute. */
export interface KnownOperation {
  readonly source: string;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
}

export interface FastPathRequest<TContext> {
  /** The parsed JSON body. */
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  /** Builds this request's context; called at most once. */
  readonly buildContext: () => Promise<TContext>;
}

/** How an execution the fast path ran ended: with a result, or by throwing. */
export type ExecutionOutcome = { readonly result: ExecutionResult } | { readonly thrown: unknown };

/** The full pipeline must answer; what the fast path already did is handed over. */
export interface FastPathFallback<TContext> {
  readonly kind: 'full-pipeline';
  /** The context, when it was built (it must not be built again). */
  readonly context?: Promise<TContext>;
  /** When the operation already ran: how it ended (the full pipeline must not run it again). */
  readonly outcome?: ExecutionOutcome;
}

export type FastPathOutcome<TContext> =
  | {
      readonly kind: 'answered';
      /** Every response header but the length. */
      readonly headers: Readonly<Record<string, string>>;
      /** The body's bytes. */
      readonly body: Buffer;
    }
  | FastPathFallback<TContext>;

export interface FastPath<TContext> {
  /** Answers the request, or says why the full pipeline must (see the module comment). */
  answer(request: FastPathRequest<TContext>): Promise<FastPathOutcome<TContext>>;
  /** Remembers an operation as the full pipeline starts executing it. */
  remember(known: KnownOperation, operationName: string | undefined): void;
  /** The operation for this query text and operation name, as a client sent them. */
  find(source: string, operationName: string | undefined): KnownOperation | undefined;
  /** Number of remembered (text, name) pairs. */
  size(): number;
}

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

/** The known operations of one query text, by operation name (undefined: none sent). */
interface KnownSource {
  readonly source: string;
  readonly byName: Map<string | undefined, KnownOperation>;
}

/** The bounded table of known operations (see the module comment). */
function createKnownOperations(maxEntries: number) {
  // query text → its operations; a Map keeps insertion order for eviction.
  const bySource = new Map<string, KnownSource>();
  // The same entries by the text's length, for `find`: the text of a request is a new string
  // every time, and a Map lookup computes its hash over every character first (a 2 KB query of
  // fifty aliases: about 5 µs); comparing it with the one or two known texts of its length
  // takes a fraction of that.
  const byLength = new Map<number, KnownSource[]>();
  let size = 0;
  const forget = (known: KnownSource): void => {
    bySource.delete(known.source);
    const sameLength = byLength.get(known.source.length) ?? [];
    const rest = sameLength.filter((candidate) => candidate !== known);
    if (rest.length > 0) byLength.set(known.source.length, rest);
    else byLength.delete(known.source.length);
  };
  const remember = (entry: KnownOperation, operationName: string | undefined): void => {
    let known = bySource.get(entry.source);
    if (known?.byName.has(operationName)) return;
    if (size >= maxEntries) {
      const oldest = bySource.values().next().value as KnownSource;
      size -= oldest.byName.size;
      forget(oldest);
      if (oldest === known) known = undefined;
    }
    if (known === undefined) {
      known = { source: entry.source, byName: new Map() };
      bySource.set(entry.source, known);
      const sameLength = byLength.get(entry.source.length);
      if (sameLength === undefined) byLength.set(entry.source.length, [known]);
      else sameLength.push(known);
    }
    known.byName.set(operationName, entry);
    size += 1;
  };
  const find = (source: string, operationName: string | undefined): KnownOperation | undefined => {
    const sameLength = byLength.get(source.length);
    if (sameLength === undefined) return undefined;
    for (const known of sameLength) {
      if (known.source === source) return known.byName.get(operationName);
    }
    return undefined;
  };
  return { remember, find, size: () => size };
}

const NEWLINE = 0x0a;

/**
 * `json` and a newline as UTF-8 bytes, encoded once. Handed to the socket as a string, a large
 * answer was copied into one flat string twice on the heap (to measure it, then joined to the
 * headers for the write: JSON.stringify builds a long text in pieces), before being encoded
 * anyway; as bytes it is copied once, off the heap, and written as it is.
 */
function jsonLineBytes(json: string): Buffer {
  const length = Buffer.byteLength(json);
  const bytes = Buffer.allocUnsafe(length + 1);
  bytes.write(json, 0, length, 'utf8');
  bytes[length] = NEWLINE;
  return bytes;
}

/** Returns the fast path; see the module comment for when it answers. */
export function createFastPath<TContext extends object>(
  options: FastPathOptions<TContext>,
): FastPath<TContext> {
  const { schema, checks, execute, recordOperation, responseHeaders } = options.pipeline;
  const knownOperations = createKnownOperations(options.maxKnownOperations);
  const chooseMediaType = createMediaTypeChooser();
  const fallback: FastPathOutcome<TContext> = { kind: 'full-pipeline' };
  // One frozen header set per media type (there are three).
  const headerSets = new Map(
    RESPONSE_MEDIA_TYPES.map((type) => [
      type as string,
      Object.freeze({ 'content-type': type, ...responseHeaders }),
    ]),
  );

  const answer = async ({
    body,
    headers,
    buildContext,
  }: FastPathRequest<TContext>): Promise<FastPathOutcome<TContext>> => {
    const startedAt = performance.now();
    const contentType = headers['content-type'];
    if (contentType === undefined || !JSON_CONTENT_TYPE.test(contentType)) return fallback;
    const request = plainRequest(body);
    if (request === undefined) return fallback;
    const known = knownOperations.find(request.query, request.operationName);
    if (known === undefined) return fallback;
    const mediaType = chooseMediaType(headers.accept);
    if (mediaType === null) return fallback;

    const context = buildContext();
    let contextValue: TContext;
    try {
      contextValue = await context;
    } catch {
      return { kind: 'full-pipeline', context };
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
      return { kind: 'full-pipeline', context };
    }
    let result: ExecutionResult;
    try {
      result = await execute({
        document,
        operation,
        operationName: request.operationName,
        variables: request.variables,
        contextValue,
        serialize: true,
      });
    } catch (thrown) {
      // An executor failure is the full pipeline's to answer (its 500 body, log line, metric).
      return { kind: 'full-pipeline', context, outcome: { thrown } };
    }
    if (result.errors !== undefined && result.errors.length > 0) {
      return { kind: 'full-pipeline', context, outcome: { result } };
    }
    recordOperation?.(
      operation.name?.value ?? request.operationName,
      operation.operation,
      undefined,
      (performance.now() - startedAt) / 1000,
    );
    // Apollo's serialisation: `{errors, data, extensions}` in that order, then a newline; the
    // executor may have the data's part already (the projection's text).
    const dataJson = serializedDataOf(result);
    return {
      kind: 'answered',
      headers: headerSets.get(mediaType) ?? { 'content-type': mediaType, ...responseHeaders },
      body: jsonLineBytes(
        dataJson !== undefined && result.extensions === undefined
          ? `{"data":${dataJson}}`
          : JSON.stringify({ data: result.data, extensions: result.extensions }),
      ),
    };
  };

  return {
    answer,
    remember: knownOperations.remember,
    find: knownOperations.find,
    size: knownOperations.size,
  };
}
