/**
 * What every abuse case checks after its typed refusal: the gateway made the upstream calls it
 * promised (none, for a refusal before execution) and still answers a trivial query.
 */
import type { GraphQLResult, TestGateway } from '../../helpers/test-gateway';

/** The `extensions.code` of every error of a result. */
export function codesOf(result: GraphQLResult): unknown[] {
  return (result.body.errors ?? []).map((error) => error.extensions?.['code']);
}

/** Fails unless the gateway answers `{ __typename }` with data. */
export async function expectStillServing(
  gateway: TestGateway,
  headers: Record<string, string> = {},
): Promise<void> {
  const result = await gateway.graphql('{ __typename }', undefined, headers);
  expect(result.status).toBe(200);
  expect(result.body).toEqual({ data: { __typename: 'Query' } });
}

/** The upstream API calls the emulator logged since the last clear. */
export function upstreamCallCount(gateway: TestGateway): number {
  return gateway.emulator.control.requestLog().length;
}
