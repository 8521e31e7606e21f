/**
 * An executor that throws (a bug in a compiled operation, not a resolver error) gets Apollo's
 * answer on both paths: the fast path hands the exception to Apollo instead of letting it
 * reach the HTTP server's generic 500. graphql-jit and the projection (which answers this
 * operation before graphql-jit would) are wrapped so that one package id makes every compiled
 * operation throw; two gateways, one with `GRAPHQL_FAST_PATH=false`, must then
 * answer identically, and the execution must not run a second time.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { send, type RawResponse } from '../../helpers/gateway-http';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

/** Variables carrying this id make a compiled operation throw instead of executing. */
const EXPLODING_ID = packageId(9);

jest.mock('graphql-jit', () => {
  const actual = jest.requireActual<typeof import('graphql-jit')>('graphql-jit');
  return {
    ...actual,
    compileQuery: (...args: Parameters<typeof actual.compileQuery>) => {
      const compiled = actual.compileQuery(...args);
      // An ExecutionResult (compilation refused) has no `query`: passed on as it is.
      if (!('query' in compiled)) return compiled;
      return {
        ...compiled,
        query: (root: unknown, context: unknown, variables: Record<string, unknown>) => {
          if (variables?.['id'] === EXPLODING_ID) throw new Error('compiled operation failed');
          return compiled.query(root, context, variables);
        },
      };
    },
  };
});

jest.mock('../../../src/graphql/pipeline/projection/projection-executor', () => {
  const actual = jest.requireActual<
    typeof import('../../../src/graphql/pipeline/projection/projection-executor')
  >('../../../src/graphql/pipeline/projection/projection-executor');
  return {
    ...actual,
    executeProjection: (...args: Parameters<typeof actual.executeProjection>) => {
      if (args[2].variables?.['id'] === EXPLODING_ID) throw new Error('projection failed');
      return actual.executeProjection(...args);
    },
  };
});

const CUSTOMER = DEMO_ACCOUNTS.customerA;
const QUERY = 'query One($id: ID!) { package(id: $id) { id } }';

let fast: TestGateway;
let slow: TestGateway;
let token: string;

beforeAll(async () => {
  [fast, slow] = await Promise.all([
    startTestGateway({ env: HMAC_AUTH_ENV }),
    startTestGateway({ env: { ...HMAC_AUTH_ENV, GRAPHQL_FAST_PATH: 'false' } }),
  ]);
  for (const gateway of [fast, slow]) {
    gateway.emulator.control.seed({ packages: [aPackage({ id: 1, accountId: CUSTOMER })] });
  }
  token = await tokenFor(CUSTOMER, [SCOPE.read]);
});
afterAll(async () => {
  await Promise.all([fast?.close(), slow?.close()]);
});

function post(gateway: TestGateway, id: string, requestId: string): Promise<RawResponse> {
  return send(gateway, '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...bearer(token) },
    body: JSON.stringify({ query: QUERY, variables: { id }, operationName: 'One' }),
  });
}

function logLinesOf(gateway: TestGateway, requestId: string): Record<string, unknown>[] {
  return gateway.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['requestId'] === requestId);
}

it('answers a throwing executor as Apollo does, once, on the fast path too', async () => {
  // The first run makes the operation known to the fast path.
  for (const gateway of [fast, slow]) {
    expect((await post(gateway, packageId(1), 'learn')).json()).toEqual({
      data: { package: { id: packageId(1) } },
    });
  }

  const [fastAnswer, slowAnswer] = [
    await post(fast, EXPLODING_ID, 'explodes'),
    await post(slow, EXPLODING_ID, 'explodes'),
  ];

  expect(slowAnswer.status).toBe(500);
  expect(slowAnswer.json()).toEqual({
    errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
  });
  for (const header of ['content-type', 'cache-control']) {
    expect(fastAnswer.headers.get(header)).toBe(slowAnswer.headers.get(header));
  }
  expect({ status: fastAnswer.status, body: fastAnswer.text }).toEqual({
    status: slowAnswer.status,
    body: slowAnswer.text,
  });
  // Apollo answered, and the exception was logged once (the masked-error line carries no
  // request id; this is each gateway's only failure), as without the fast path.
  await new Promise((resolve) => setImmediate(resolve));
  const accessLine = logLinesOf(fast, 'explodes').find((line) => line['event'] === 'http.request');
  expect(accessLine?.['answeredBy']).toBe('apollo');
  const unexpectedErrors = (gateway: TestGateway) =>
    gateway.logLines.filter((line) => line.includes('"msg":"unexpected error"')).length;
  expect(unexpectedErrors(fast)).toBe(1);
  expect(unexpectedErrors(slow)).toBe(1);
});
