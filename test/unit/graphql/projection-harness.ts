/**
 * Runs one operation twice over identical fakes, through the production executor (projection
 * first) and through graphql-js, and says what each gave: the bytes, the upstream calls, the
 * response budget left and how the projection ended. Shared by the projection's tests.
 */
import {
  execute as executeWithGraphQLJs,
  getOperationAST,
  parse,
  validate,
  type ExecutionResult,
} from 'graphql';
import type { GatewayContext } from '../../../src/graphql/context.type';
import { createOperationExecutor } from '../../../src/graphql/pipeline/compiled-executor';
import * as projectionExecutor from '../../../src/graphql/pipeline/projection/projection-executor';
import { serializedDataOf } from '../../../src/graphql/pipeline/serialized-result';
import { createLoaders } from '../../../src/loaders/create-loaders';
import { buildGatewaySchema } from '../../../src/schema';
import { createResponseBudget, withResponseBudget } from '../../../src/security/response-budget';
import type { WixPackage } from '../../../src/wix/wire-types';
import { FakePackagesApi } from '../../helpers/fake-packages-api';
import { testCaller, testLiveChanges, TEST_CURSOR_KEY } from './run-operation';

export const schema = buildGatewaySchema();
export const production = withResponseBudget(createOperationExecutor(schema));
const reference = withResponseBudget(
  async (input: { contextValue: unknown; source: string; variables?: Record<string, unknown> }) =>
    executeWithGraphQLJs({
      schema,
      document: parse(input.source),
      contextValue: input.contextValue,
      variableValues: input.variables,
    }),
);

/** A value Wix may add to an enum later (the wire types list today's). */
export const wireDrift = <T extends string>(value: string): T => value as T;

export function contextFor(api: FakePackagesApi, maxResponseValues = 100_000): GatewayContext {
  return {
    requestId: 'projection-test',
    caller: testCaller(api),
    accountId: api.accountId,
    api,
    cursorKey: TEST_CURSOR_KEY,
    loaders: createLoaders(api),
    changes: testLiveChanges(),
    responseBudget: createResponseBudget(maxResponseValues),
  };
}

const projectionRuns = jest.spyOn(projectionExecutor, 'executeProjection');

/**
 * `api` answering each read it saw before with the very objects it gave then, as requests
 * joined by one coalesced read share them (and with them their mapped objects' serialised
 * projections, serialized-fragments.ts).
 */
function sharingReads(api: FakePackagesApi): FakePackagesApi {
  const answers = new Map<string, unknown>();
  return new Proxy(api, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'getPackage' && property !== 'queryPackages') return value;
      return (...args: unknown[]) => {
        const key = `${String(property)} ${JSON.stringify(args)}`;
        if (!answers.has(key)) {
          answers.set(key, (value as (...a: unknown[]) => unknown).apply(target, args));
        }
        return answers.get(key);
      };
    },
  });
}

/** The fast path's text of a result: the executor's `data` text when it gave one. */
function sentText(result: ExecutionResult): string {
  const dataJson = serializedDataOf(result);
  return dataJson !== undefined && result.errors === undefined
    ? `{"data":${dataJson}}`
    : JSON.stringify({ errors: result.errors, data: result.data });
}

export interface Run {
  readonly result: ExecutionResult;
  /** How the projection ended in this run (undefined: it did not run). */
  readonly projection: string | undefined;
  readonly text: string;
  readonly calls: readonly string[];
  readonly budgetLeft: number | undefined;
}

export async function runBoth(
  source: string,
  variables: Record<string, unknown> | undefined,
  options: { data: () => WixPackage[]; maxResponseValues?: number },
): Promise<{
  projected: Run;
  expected: Run;
  serialized: { first: string; again: string; budgetsLeft: unknown[] };
}> {
  const document = parse(source);
  expect(validate(schema, document)).toEqual([]);
  const run = async (which: 'production' | 'reference'): Promise<Run> => {
    const api = new FakePackagesApi(options.data());
    const contextValue = contextFor(api, options.maxResponseValues);
    projectionRuns.mockClear();
    const result =
      which === 'production'
        ? await production({
            document,
            operation: getOperationAST(document) ?? undefined,
            operationName: undefined,
            variables,
            contextValue,
          })
        : await reference({ source, variables, contextValue });
    // graphql-js may answer before a lookup it started reaches the fake (a failed non-null
    // root ends the execution early): let started calls arrive before counting them.
    await new Promise((resolve) => setImmediate(resolve));
    const outcome = projectionRuns.mock.results[0]?.value as
      Promise<projectionExecutor.ProjectionOutcome> | undefined;
    return {
      result,
      projection: outcome === undefined ? undefined : (await outcome).kind,
      // In the order Apollo and the fast path serialise them (executors order the keys freely).
      text: JSON.stringify({ errors: result.errors, data: result.data }),
      calls: api.calls.map((call) => `${call.method} ${JSON.stringify(call.args)}`),
      budgetLeft: contextValue.responseBudget?.remaining,
    };
  };
  /**
   * The production executor asked for text, as the fast path asks: twice over reads that share
   * their objects, so the second run reuses the first one's serialised projections.
   */
  const serialize = async (): Promise<{ first: string; again: string; budgetsLeft: unknown[] }> => {
    const api = sharingReads(new FakePackagesApi(options.data()));
    const texts: string[] = [];
    const budgetsLeft: unknown[] = [];
    for (let turn = 0; turn < 2; turn += 1) {
      const contextValue = contextFor(api, options.maxResponseValues);
      const result = await production({
        document,
        operation: getOperationAST(document) ?? undefined,
        operationName: undefined,
        variables,
        contextValue,
        serialize: true,
      });
      texts.push(sentText(result));
      budgetsLeft.push(contextValue.responseBudget?.remaining);
    }
    return { first: texts[0] ?? '', again: texts[1] ?? '', budgetsLeft };
  };
  return {
    projected: await run('production'),
    expected: await run('reference'),
    serialized: await serialize(),
  };
}
