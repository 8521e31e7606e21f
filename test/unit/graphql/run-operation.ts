import { graphql, type ExecutionResult } from 'graphql';
import type { GatewayContext } from '../../../src/graphql/context.type';
import { createLoaders } from '../../../src/loaders/create-loaders';
import { buildGatewaySchema } from '../../../src/schema';
import type { FakePackagesApi } from '../../helpers/fake-packages-api';

const schema = buildGatewaySchema();

/** Executes one operation as one request: fresh context and loaders over `api`. */
export async function runOperation(
  api: FakePackagesApi,
  source: string,
  variableValues?: Record<string, unknown>,
): Promise<ExecutionResult> {
  const contextValue: GatewayContext = {
    requestId: 'test-request',
    accountId: api.accountId,
    api,
    loaders: createLoaders(api),
  };
  return graphql({ schema, source, variableValues, contextValue });
}

/** The `extensions.code` of each error of a result. */
export function errorCodes(result: ExecutionResult): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions['code']);
}
