import { getOperationAST, parse, validate, type ExecutionResult } from 'graphql';
import type { Caller } from '../../../src/auth/caller';
import { ALL_SCOPES } from '../../../src/auth/scopes';
import type { GatewayContext } from '../../../src/graphql/context.type';
import { createOperationExecutor } from '../../../src/graphql/pipeline/compiled-executor';
import { createInProcessChangeBus } from '../../../src/live/change-bus';
import { createChangeFeed } from '../../../src/live/change-feed';
import { createLiveChanges, type LiveChanges } from '../../../src/live/live-changes';
import { createLoaders } from '../../../src/loaders/create-loaders';
import { buildGatewaySchema } from '../../../src/schema';
import type { FakePackagesApi } from '../../helpers/fake-packages-api';

const schema = buildGatewaySchema();
/** The executor production runs (graphql-jit compiled operations, graphql-js where needed). */
const execute = createOperationExecutor(schema);

/** The key test contexts sign connection cursors with. */
export const TEST_CURSOR_KEY = new Uint8Array(32).fill(7);

/** A caller of the fake's account holding every scope. */
export function testCaller(api: FakePackagesApi): Caller {
  return {
    accountId: api.accountId,
    scopes: new Set(ALL_SCOPES),
    visibleAccountIds: [api.accountId],
  };
}

/** Live updates over a bus of their own (what unit tests publish stays in the test). */
export function testLiveChanges(): LiveChanges {
  const feed = createChangeFeed({ bus: createInProcessChangeBus(), queueLimit: 100 });
  return createLiveChanges(feed, (error) => {
    throw error;
  });
}

/** The context src/context.ts would build for one request over `api`. */
export function testContext(
  api: FakePackagesApi,
  changes: LiveChanges = testLiveChanges(),
): GatewayContext {
  return {
    requestId: 'test-request',
    caller: testCaller(api),
    accountId: api.accountId,
    api,
    cursorKey: TEST_CURSOR_KEY,
    loaders: createLoaders(api),
    changes,
  };
}

/**
 * Executes one operation as one request on the production executor: fresh context and loaders
 * over `api`. Parse and validation errors come back as the result's errors.
 */
export async function runOperation(
  api: FakePackagesApi,
  source: string,
  variableValues?: Record<string, unknown>,
): Promise<ExecutionResult> {
  const document = parse(source);
  const invalid = validate(schema, document);
  if (invalid.length > 0) return { errors: invalid };
  return execute({
    document,
    operation: getOperationAST(document) ?? undefined,
    operationName: undefined,
    variables: variableValues,
    contextValue: testContext(api),
  });
}

/** The `extensions.code` of each error of a result. */
export function errorCodes(result: ExecutionResult): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions['code']);
}
