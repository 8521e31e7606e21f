/**
 * Abuse from the other side (issue 11, Low): an upstream that writes whatever it likes into its
 * answers. It echoes the request's headers (the API key included) into a 400's field
 * violations, codes and request id, and sends enum values the gateway does not know. Clients
 * get only what the gateway vouches for (field paths, known rules and codes, its own words);
 * neither a response nor a log line carries the key or the upstream's raw text.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { expectNotLogged } from '../../helpers/gateway-http';
import {
  startHostileUpstream,
  type HostileAnswer,
  type HostileRequest,
  type HostileScript,
  type HostileUpstream,
} from '../../helpers/hostile-upstream';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../../helpers/test-gateway';
import { codesOf, expectStillServing } from './abuse-checks';

/** Marks every piece of text the upstream made up; none of it may reach a client or a log. */
const RAW = 'HOSTILE-TEXT';

let hostile: HostileUpstream;
let gateway: TestGateway;
let auth: Record<string, string>;

beforeAll(async () => {
  gateway = await startTestGateway({
    env: { ...HMAC_AUTH_ENV },
    upstreamUrl: async (emulatorUrl) => {
      hostile = await startHostileUpstream(emulatorUrl);
      return hostile.url;
    },
  });
  auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read, SCOPE.write]));
  gateway.emulator.control.seed({
    packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })],
  });
});
afterEach(() => {
  hostile.setScript(undefined);
  expectNotLogged(gateway, [TEST_API_KEY, RAW]);
});
afterAll(async () => {
  try {
    await gateway.close();
  } finally {
    await hostile.close();
  }
});

/** A validation refusal made of the request it answers: headers, key and all. */
function echoingRefusal(request: HostileRequest, status: number): HostileAnswer {
  const key = String(request.headers.authorization);
  const headers = JSON.stringify(request.headers);
  return {
    status,
    headers: { 'x-request-id': key, 'x-wix-request-id': key },
    body: {
      message: `${RAW} ${headers}`,
      details: {
        applicationError: { code: 'LEAKED_HOSTILE_TEXT', description: `${RAW} ${key}` },
        validationError: {
          fieldViolations: [
            {
              field: 'query.filter',
              description: `${RAW}: Authorization was ${key}`,
              violatedRule: 'FORMAT',
              ruleName: `${RAW} ${key}`,
              data: { authorization: key, headers },
            },
            { field: 'products[0].country_code', description: headers, violatedRule: RAW },
            { field: `${RAW} ${key}`, description: `${RAW}`, violatedRule: 'MAX' },
          ],
        },
      },
    },
  };
}

const VOUCHED_VIOLATIONS = [
  { field: 'query.filter', rule: 'FORMAT', description: 'Wix rejected the format of this value.' },
  { field: 'products[0].countryCode', rule: null, description: 'Wix rejected this value.' },
  { field: null, rule: 'MAX', description: 'Wix rejected this value as too long or too large.' },
];

/** The request's response text, checked: no key, no made-up text. */
function expectClean(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toContain(TEST_API_KEY);
  expect(text).not.toContain(RAW);
}

it('a 400 on a read: UPSTREAM_REJECTED with only the vouched parts of its violations', async () => {
  hostile.setScript(async (request, forward) =>
    request.path.endsWith('/query') ? echoingRefusal(request, 400) : forward(),
  );

  const result = await gateway.graphql(
    '{ packages(first: 5) { edges { node { id } } } }',
    {},
    auth,
  );

  expectClean(result.body);
  expect(codesOf(result)).toEqual(['UPSTREAM_REJECTED']);
  expect(result.body.errors?.[0]?.extensions).toEqual({
    code: 'UPSTREAM_REJECTED',
    httpStatus: 400,
    fieldViolations: VOUCHED_VIOLATIONS,
  });
  hostile.setScript(undefined);
  await expectStillServing(gateway, auth);
});

it('a 422 on a write: the same, as a top-level error carrying the idempotency key', async () => {
  hostile.setScript(async (request, forward) =>
    request.method === 'DELETE' ? echoingRefusal(request, 422) : forward(),
  );

  const result = await gateway.graphql(
    'mutation C($id: ID!) { cancelPackage(id: $id, idempotencyKey: "k-1") { package { id } } }',
    { id: packageId(1) },
    auth,
  );

  expectClean(result.body);
  expect(result.body.errors?.[0]?.extensions).toEqual({
    code: 'UPSTREAM_REJECTED',
    httpStatus: 422,
    fieldViolations: VOUCHED_VIOLATIONS,
    idempotencyKey: 'k-1',
  });
});

it('a 400 on a write: userErrors in the gateway words, at vouched field paths', async () => {
  hostile.setScript(async (request, forward) =>
    request.method === 'DELETE' ? echoingRefusal(request, 400) : forward(),
  );

  const result = await gateway.graphql(
    'mutation C($id: ID!) { cancelPackage(id: $id) { package { id } userErrors { code message field } } }',
    { id: packageId(1) },
    auth,
  );

  expectClean(result.body);
  expect(result.body.data).toEqual({
    cancelPackage: {
      package: null,
      userErrors: [
        {
          code: 'INVALID_INPUT',
          message: 'Wix rejected the format of this value.',
          field: ['query', 'filter'],
        },
        {
          code: 'INVALID_INPUT',
          message: 'Wix rejected this value.',
          field: ['products', '0', 'countryCode'],
        },
        {
          code: 'INVALID_INPUT',
          message: 'Wix rejected this value as too long or too large.',
          field: null,
        },
      ],
    },
  });
});

it('unknown enum values and an echoed key in a 2xx body reach neither the client nor a log line', async () => {
  hostile.setScript(async (request, forward) => {
    const answer = await forward();
    const key = String(request.headers.authorization);
    const body = structuredClone(answer.body) as {
      package?: Record<string, unknown> & { productInstances: Record<string, unknown>[] };
    };
    if (body.package) {
      body.package.externalId = `sub-1 ${key}`;
      const [instance] = body.package.productInstances;
      Object.assign(instance!, {
        status: `${RAW} ${key}`,
        siteId: { echoed: `${RAW} ${key}` },
        failure: { code: `${RAW} ${key}`, message: 'provisioning failed' },
        billingInfo: { type: `${RAW} ${key}` },
      });
    }
    return { ...answer, body };
  });

  const result = await gateway.graphql(
    `query P($id: ID!) { package(id: $id) { id externalId productInstances {
      status siteId failure { code message } billingInfo { type } } } }`,
    { id: packageId(1) },
    auth,
  );
  const external = await gateway.graphql(
    'query P($id: ID!) { package(id: $id) { externalId productInstances { status failure { code } billingInfo { type } } } }',
    { id: packageId(1) },
    auth,
  );

  expectClean(result.body);
  // The echoed siteId (an object) cannot be an ID; an unknown status reads UNKNOWN.
  expect(codesOf(result)).toEqual(['INTERNAL_SERVER_ERROR']);
  expect(external.body).toEqual({
    data: {
      package: {
        externalId: 'sub-1 [redacted]',
        productInstances: [
          { status: 'UNKNOWN', failure: { code: 'UNKNOWN' }, billingInfo: { type: 'UNKNOWN' } },
        ],
      },
    },
  });
  const masked = gateway.logLines.filter((line) => line.includes('graphql.unexpected_error'));
  expect(masked.length).toBeGreaterThanOrEqual(1);
  hostile.setScript(undefined);
  await expectStillServing(gateway, auth);
});

it('a package without its accountId is hidden like a foreign one, not a 500', async () => {
  hostile.setScript(async (_request, forward) => {
    const answer = await forward();
    const body = structuredClone(answer.body) as {
      package?: Record<string, unknown>;
      packages?: Record<string, unknown>[];
    };
    for (const pkg of [body.package, ...(body.packages ?? [])]) {
      if (pkg) delete pkg.accountId;
    }
    return { ...answer, body };
  });
  const result = await gateway.graphql(
    'query P($id: ID!) { package(id: $id) { id } packages(first: 5) { edges { node { id } } } }',
    { id: packageId(1) },
    auth,
  );
  expect(result.body).toEqual({ data: { package: null, packages: { edges: [] } } });
  expect(result.status).toBe(200);
  hostile.setScript(undefined);
  await expectStillServing(gateway, auth);
});

describe("a write answered with another account's package", () => {
  const FOREIGN_MARK = 'FOREIGN-PACKAGE-DATA';
  const { otherReseller } = DEMO_ACCOUNTS;

  /** Answers every write with its package rewritten into a package of another reseller. */
  const foreignPackagesScript: HostileScript = async (request, forward) => {
    const answer = await forward();
    if (request.method === 'GET' || request.path.endsWith('/query')) return answer;
    const body = structuredClone(answer.body) as Record<string, Record<string, unknown>>;
    for (const wrapper of ['package', 'updatedPackage']) {
      const pkg = body[wrapper];
      if (pkg) Object.assign(pkg, { accountId: otherReseller, externalId: FOREIGN_MARK });
    }
    return { ...answer, body };
  };

  const WRITES: readonly [string, string, Record<string, unknown>, string | undefined][] = [
    [
      'createPackage',
      `mutation W($key: String) { createPackage(input: { idempotencyKey: $key, products: [
        { catalogProductId: "a3000000-0000-4000-8000-000000000001", countryCode: "US",
          billingInfo: { type: RECURRING, cycleDuration: { unit: YEAR, count: 1 } } }] }) {
        package { id accountId externalId } } }`,
      { key: 'w-1' },
      'w-1',
    ],
    [
      'updatePackageExternalId',
      `mutation W($id: ID!) { updatePackageExternalId(packageId: $id, externalId: "e") {
        package { id accountId externalId } } }`,
      { id: packageId(1) },
      undefined,
    ],
    [
      'cancelPackage',
      `mutation W($id: ID!) { cancelPackage(id: $id, idempotencyKey: "w-2") {
        package { id accountId externalId } } }`,
      { id: packageId(1) },
      'w-2',
    ],
  ];

  it.each(WRITES)(
    '%s: a typed error, never the package (with the key to retry with, if any)',
    async (name, query, variables, idempotencyKey) => {
      hostile.setScript(foreignPackagesScript);

      const result = await gateway.graphql(query, variables, auth);

      const text = JSON.stringify(result.body);
      expect(text).not.toContain(otherReseller);
      expect(text).not.toContain(FOREIGN_MARK);
      expect(result.body.data).toBeNull();
      expect(result.body.errors).toEqual([
        {
          message: expect.stringContaining('outside your accounts'),
          locations: expect.any(Array),
          path: [name],
          extensions: {
            code: 'UPSTREAM_PROTOCOL_ERROR',
            ...(idempotencyKey !== undefined && { idempotencyKey }),
          },
        },
      ]);
    },
  );

  it("is not cached as that account's package either (the entity cache writes through)", async () => {
    let cachingHostile: HostileUpstream | undefined;
    const caching = await startTestGateway({
      env: { ...HMAC_AUTH_ENV, ENTITY_CACHE_TTL_MS: '30000' },
      upstreamUrl: async (emulatorUrl) => {
        cachingHostile = await startHostileUpstream(emulatorUrl);
        return cachingHostile.url;
      },
    });
    try {
      caching.emulator.control.seed({
        packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })],
      });
      cachingHostile!.setScript(foreignPackagesScript);
      const canceled = await caching.graphql(
        'mutation W($id: ID!) { cancelPackage(id: $id) { package { id } } }',
        { id: packageId(1) },
        auth,
      );
      expect(codesOf(canceled)).toEqual(['UPSTREAM_PROTOCOL_ERROR']);
      cachingHostile!.setScript(undefined);

      const asOther = bearer(await tokenFor(otherReseller, [SCOPE.read]));
      const read = await caching.graphql(
        'query P($id: ID!) { package(id: $id) { id accountId externalId } }',
        { id: packageId(1) },
        asOther,
      );

      expect(read.body).toEqual({ data: { package: null } });
    } finally {
      try {
        await caching.close();
      } finally {
        await cachingHostile?.close();
      }
    }
  });
});
