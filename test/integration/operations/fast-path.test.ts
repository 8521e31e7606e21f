/**
 * The fast path for repeated operations gives exactly Apollo's answers. Two gateways over two
 * identically seeded emulators, one with `GRAPHQL_FAST_PATH=false`, get the same requests; each
 * request is sent twice (the first run makes the operation known) and the second answers must
 * match byte for byte: status, content type, cache-control and body, plus the number of upstream
 * calls (nothing runs twice when the fast path hands a result to Apollo) and, at the end, the
 * operation metrics. The access log tells which path answered: plain successes are the fast
 * path's, everything else Apollo's.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, PRODUCTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { send, type RawResponse } from '../../helpers/gateway-http';
import { aPackage, ABSENT_ID, packageId } from '../../helpers/package-fixtures';
import { parseSamples } from '../../helpers/prometheus-text';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const CUSTOMER = DEMO_ACCOUNTS.customerA;
// A small cost budget, so that a page size variable decides whether an operation may run.
const ENV = { ...HMAC_AUTH_ENV, GRAPHQL_MAX_WORST_CASE_COST: '5000' };

const ONE_PACKAGE = `query One($id: ID!) { package(id: $id) { id accountId productInstances { instanceId status } } }`;
const PAGE = `query Page($first: Int!, $withInstances: Boolean!) {
  packages(first: $first) {
    edges { node { id productInstances @include(if: $withInstances) { instanceId } } }
    pageInfo { hasNextPage }
  }
}`;
const FILTERED = `query Filtered($filter: PackageFilter) { packages(first: 5, filter: $filter) { totalCount } }`;
const TWO_OPERATIONS = `query A { package(id: "${packageId(1)}") { id } } query B { package(id: "${packageId(2)}") { id } }`;
const CREATE = `mutation Create($input: CreatePackageInput!) {
  createPackage(input: $input) { package { id productInstances { catalogProductId } } userErrors { code field } }
}`;

let fast: TestGateway;
let slow: TestGateway;
let readToken: string;
let writeToken: string;
let readWriteToken: string;

function seed(gateway: TestGateway): void {
  gateway.emulator.control.seed({
    packages: [1, 2, 3, 4, 5, 6].map((id) => aPackage({ id, accountId: CUSTOMER })),
  });
}

beforeAll(async () => {
  [fast, slow] = await Promise.all([
    startTestGateway({ env: ENV }),
    startTestGateway({ env: { ...ENV, GRAPHQL_FAST_PATH: 'false' } }),
  ]);
  seed(fast);
  seed(slow);
  [readToken, writeToken, readWriteToken] = await Promise.all([
    tokenFor(CUSTOMER, [SCOPE.read]),
    tokenFor(CUSTOMER, [SCOPE.write]),
    tokenFor(CUSTOMER, [SCOPE.read, SCOPE.write]),
  ]);
});
afterEach(() => {
  fast.emulator.control.setFaults([]);
  slow.emulator.control.setFaults([]);
});
afterAll(async () => {
  await Promise.all([fast?.close(), slow?.close()]);
});

interface Case {
  readonly name: string;
  /** The JSON body (an object is serialised; a string is sent as is). */
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  /** True when the repeat must be answered by the fast path. */
  readonly fastPath: boolean;
}

const json = { 'content-type': 'application/json' };
const reader = () => ({ ...json, ...bearer(readToken) });

const CASES: (() => Case)[] = [
  () => ({
    name: 'a query with variables',
    body: { query: ONE_PACKAGE, variables: { id: packageId(1) }, operationName: 'One' },
    headers: reader(),
    fastPath: true,
  }),
  () => ({
    name: 'the same text without an operation name',
    body: { query: ONE_PACKAGE, variables: { id: packageId(2) } },
    headers: reader(),
    fastPath: true,
  }),
  () => ({
    name: 'a package that does not exist (null, no error)',
    body: { query: ONE_PACKAGE, variables: { id: ABSENT_ID }, operationName: 'One' },
    headers: reader(),
    fastPath: true,
  }),
  () => ({
    name: 'a malformed id (a resolver error, formatted by Apollo)',
    body: { query: ONE_PACKAGE, variables: { id: 'not-a-guid' }, operationName: 'One' },
    headers: reader(),
    fastPath: false,
  }),
  () => ({
    name: 'a variable of the wrong type (400 BAD_USER_INPUT)',
    body: { query: PAGE, variables: { first: 'ten', withInstances: true } },
    headers: reader(),
    fastPath: false,
  }),
  () => ({
    name: 'a page whose @include variable is off',
    body: { query: PAGE, variables: { first: 3, withInstances: false } },
    headers: reader(),
    fastPath: true,
  }),
  () => ({
    name: 'a page size over the cost budget (QUERY_TOO_COMPLEX)',
    body: { query: PAGE, variables: { first: 100, withInstances: true } },
    headers: reader(),
    fastPath: false,
  }),
  () => ({
    name: 'an input-object variable',
    body: { query: FILTERED, variables: { filter: { id: { in: [packageId(1), packageId(2)] } } } },
    headers: reader(),
    fastPath: true,
  }),
  () => ({
    name: 'an input-object variable that does not coerce (400)',
    body: { query: FILTERED, variables: { filter: { id: { in: [{ not: 'an id' }] } } } },
    headers: reader(),
    fastPath: false,
  }),
  () => ({
    name: 'an operation picked from two by name',
    body: { query: TWO_OPERATIONS, operationName: 'B' },
    headers: reader(),
    fastPath: true,
  }),
  () => ({
    name: 'two operations and no name',
    body: { query: TWO_OPERATIONS },
    headers: reader(),
    fastPath: false,
  }),
  () => ({
    name: 'no token (401)',
    body: { query: ONE_PACKAGE, variables: { id: packageId(1) }, operationName: 'One' },
    headers: json,
    fastPath: false,
  }),
  () => ({
    name: 'a token without the read scope (403)',
    body: { query: ONE_PACKAGE, variables: { id: packageId(1) }, operationName: 'One' },
    headers: { ...json, ...bearer(writeToken) },
    fastPath: false,
  }),
  () => ({
    name: 'a mutation by a read-only token (403)',
    body: { query: CREATE, variables: { input: createInput('fp-denied') } },
    headers: reader(),
    fastPath: false,
  }),
  () => ({
    name: 'Accept: application/graphql-response+json',
    body: { query: ONE_PACKAGE, variables: { id: packageId(3) }, operationName: 'One' },
    headers: { ...reader(), accept: 'application/graphql-response+json' },
    fastPath: true,
  }),
  () => ({
    name: 'Accept with weights',
    body: { query: ONE_PACKAGE, variables: { id: packageId(3) }, operationName: 'One' },
    headers: {
      ...reader(),
      accept: 'application/json;q=0.5, application/graphql-response+json;q=0.9',
    },
    fastPath: true,
  }),
  () => ({
    name: 'Accept: */*',
    body: { query: ONE_PACKAGE, variables: { id: packageId(3) }, operationName: 'One' },
    headers: { ...reader(), accept: '*/*' },
    fastPath: true,
  }),
  () => ({
    name: 'an Accept header Apollo refuses (406)',
    body: { query: ONE_PACKAGE, variables: { id: packageId(3) }, operationName: 'One' },
    headers: { ...reader(), accept: 'text/html' },
    fastPath: false,
  }),
  () => ({
    name: 'a JSON content type with parameters',
    body: { query: ONE_PACKAGE, variables: { id: packageId(4) }, operationName: 'One' },
    headers: { ...reader(), 'content-type': 'application/json; charset=utf-8' },
    fastPath: true,
  }),
  () => ({
    name: 'a text/plain body (refused as a CSRF risk)',
    body: { query: ONE_PACKAGE, variables: { id: packageId(4) }, operationName: 'One' },
    headers: { ...bearer(readToken), 'content-type': 'text/plain' },
    fastPath: false,
  }),
  () => ({
    name: 'a body with extensions',
    body: {
      query: ONE_PACKAGE,
      variables: { id: packageId(4) },
      operationName: 'One',
      extensions: {},
    },
    headers: reader(),
    fastPath: false,
  }),
  () => ({
    name: 'variables sent as a string (400)',
    body: { query: ONE_PACKAGE, variables: JSON.stringify({ id: packageId(4) }) },
    headers: reader(),
    fastPath: false,
  }),
  () => ({
    name: 'a create mutation',
    body: { query: CREATE, variables: { input: createInput(`fp-${Math.random()}`) } },
    headers: { ...json, ...bearer(readWriteToken) },
    fastPath: true,
  }),
  () => ({
    name: 'a create mutation refused by the upstream (userErrors)',
    body: {
      query: CREATE,
      variables: {
        input: {
          products: [{ catalogProductId: ABSENT_ID, countryCode: 'US', billingInfo: YEARLY }],
        },
      },
    },
    headers: { ...json, ...bearer(readWriteToken) },
    fastPath: true,
  }),
];

const YEARLY = { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } };

function createInput(externalId: string): Record<string, unknown> {
  return {
    externalId,
    products: [{ catalogProductId: PRODUCTS.premiumCore, countryCode: 'BR', billingInfo: YEARLY }],
  };
}

/** Generated ids and times differ between the two emulators; everything else must not. */
function comparable(response: RawResponse): Record<string, unknown> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    body: response.text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(/fp-0\.\d+/g, '<external-id>'),
  };
}

async function post(gateway: TestGateway, testCase: Case): Promise<RawResponse> {
  return send(gateway, '/graphql', {
    method: 'POST',
    headers: testCase.headers ?? json,
    body: typeof testCase.body === 'string' ? testCase.body : JSON.stringify(testCase.body),
  });
}

/** `answeredBy` of the access-log line of a request (written when its response finished). */
async function answeredBy(gateway: TestGateway, requestId: string): Promise<unknown> {
  const find = () =>
    gateway.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line['event'] === 'http.request' && line['requestId'] === requestId);
  for (let attempt = 0; attempt < 50 && find() === undefined; attempt += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  return find()?.['answeredBy'];
}

const upstreamCallCount = (gateway: TestGateway) => gateway.emulator.control.requestLog().length;

describe.each(CASES.map((make, index) => [make().name, make, index] as const))(
  '%s',
  (_name, make, index) => {
    it('answers the repeat exactly as Apollo does, by the expected path', async () => {
      const testCase = make();
      const requestId = `repeat-${index}`;
      const before = { fast: upstreamCallCount(fast), slow: upstreamCallCount(slow) };
      await post(fast, testCase);
      await post(slow, testCase);
      const repeat = { ...testCase, headers: { ...testCase.headers, 'x-request-id': requestId } };
      const [fastAnswer, slowAnswer] = [await post(fast, repeat), await post(slow, repeat)];

      expect(comparable(fastAnswer)).toEqual(comparable(slowAnswer));
      expect(upstreamCallCount(fast) - before.fast).toBe(upstreamCallCount(slow) - before.slow);
      expect(await answeredBy(fast, requestId)).toBe(testCase.fastPath ? 'fast-path' : 'apollo');
      expect(await answeredBy(slow, requestId)).toBe('apollo');
    });
  },
);

it('hands an upstream failure to Apollo without calling the upstream again', async () => {
  const testCase = CASES[0]!();
  await post(fast, testCase);
  await post(slow, testCase);
  for (const gateway of [fast, slow]) {
    gateway.emulator.control.clearRequestLog();
    // CASES[0] reads one package of the caller's own account: one Get Package call (contract: Get Package).
    gateway.emulator.control.setFaults([{ endpoint: 'getPackage', kind: 'error', status: 503 }]);
  }
  const [fastAnswer, slowAnswer] = [await post(fast, testCase), await post(slow, testCase)];

  expect(fastAnswer.json().errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
  expect(comparable(fastAnswer)).toEqual(comparable(slowAnswer));
  // The retries of one execution, not two executions' worth.
  expect(upstreamCallCount(fast)).toBe(upstreamCallCount(slow));
  expect(upstreamCallCount(fast)).toBe(fast.config.retry.maxAttempts);
});

it('counts every operation in the metrics as Apollo does', async () => {
  const operations = async (gateway: TestGateway) =>
    parseSamples((await send(gateway, '/metrics')).text)
      .filter((sample) => sample.name === 'gateway_graphql_operations_total')
      .map((sample) => `${JSON.stringify(sample.labels)} ${sample.value}`)
      .sort();
  const fastSamples = await operations(fast);
  expect(fastSamples.length).toBeGreaterThan(5);
  expect(fastSamples).toEqual(await operations(slow));
});
