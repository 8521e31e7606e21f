/**
 * Abuse: fan-out through the back-reference `ProductInstance.package` (issue 11, High). One own
 * package with 1000 products and 8 aliases of `package(id:$P){productInstances{package{
 * productInstances{instanceId}}}}` is a 1 KB query asking for 8 million objects: the cost check
 * refuses it before any upstream call. With the cost check opened up, the response budget stops
 * the same query while it is being built, on Apollo's path and on the fast path.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { codesOf, expectStillServing, upstreamCallCount } from './abuse-checks';

const PACKAGE = packageId(1);
const FAN_OUT = `query FanOut($P: ID!) { ${Array.from(
  { length: 8 },
  (_, i) =>
    `a${i}: package(id: $P) { productInstances { package { productInstances { instanceId } } } }`,
).join(' ')} }`;

async function startWithBigPackage(env: Record<string, string> = {}) {
  const gateway = await startTestGateway({ env: { ...HMAC_AUTH_ENV, ...env } });
  gateway.emulator.control.seed({
    packages: [
      aPackage({
        id: 1,
        accountId: DEMO_ACCOUNTS.customerA,
        instances: Array.from({ length: 1000 }, (_, i) => ({ id: 1000 + i })),
      }),
    ],
  });
  gateway.emulator.control.clearRequestLog();
  return gateway;
}

describe('with the default limits', () => {
  let gateway: TestGateway;
  let auth: Record<string, string>;

  beforeAll(async () => {
    gateway = await startWithBigPackage();
    auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
  });
  afterAll(() => gateway.close());

  it('refuses the fan-out with QUERY_TOO_COMPLEX before any upstream call', async () => {
    const result = await gateway.graphql(FAN_OUT, { P: PACKAGE }, auth);
    expect(result.status).toBe(400);
    expect(codesOf(result)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      worstCaseCost: 8 * 1_001_001,
      maxWorstCaseCost: 250_000,
    });
    expect(upstreamCallCount(gateway)).toBe(0);
    await expectStillServing(gateway, auth);
  });

  it('refuses even one alias of it, and still serves the package with its instances', async () => {
    const one = `query One($P: ID!) { package(id: $P) { productInstances { package { productInstances { instanceId } } } } }`;
    expect(codesOf(await gateway.graphql(one, { P: PACKAGE }, auth))).toEqual([
      'QUERY_TOO_COMPLEX',
    ]);
    expect(upstreamCallCount(gateway)).toBe(0);
    const plain = await gateway.graphql<{ package: { productInstances: unknown[] } }>(
      `query Plain($P: ID!) { package(id: $P) { productInstances { instanceId package { id } } } }`,
      { P: PACKAGE },
      auth,
    );
    expect(plain.body.errors).toBeUndefined();
    expect(plain.body.data?.package.productInstances).toHaveLength(1000);
  });
});

describe('with the cost check opened up: the response budget', () => {
  let gateway: TestGateway;
  let auth: Record<string, string>;

  beforeAll(async () => {
    gateway = await startWithBigPackage({
      GRAPHQL_MAX_WORST_CASE_COST: '1000000000',
      GRAPHQL_MAX_RESPONSE_VALUES: '20000',
    });
    auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
  });
  afterAll(() => gateway.close());

  /** `answeredBy` of the access-log lines written so far. */
  const answeredBy = () =>
    gateway.logLines
      .map((line) => JSON.parse(line) as { event?: string; answeredBy?: string })
      .filter((line) => line.event === 'http.request')
      .map((line) => line.answeredBy);

  it('answers RESPONSE_TOO_LARGE without data, every time', async () => {
    // The second run executes on the fast path (a known operation), which hands the refusal
    // to Apollo to format.
    for (let run = 0; run < 2; run += 1) {
      const result = await gateway.graphql(FAN_OUT, { P: PACKAGE }, auth);
      expect(result.status).toBe(200);
      expect(result.body.data).toBeNull();
      expect(result.body.errors).toEqual([
        {
          message: expect.stringMatching(/more than 20000 values/),
          extensions: { code: 'RESPONSE_TOO_LARGE', limit: 20_000 },
        },
      ]);
      await expectStillServing(gateway, auth);
    }
  }, 60_000);

  it('lets a response under the budget through, on Apollo and on the fast path', async () => {
    const query = `query Within($P: ID!) { package(id: $P) { productInstances { instanceId } } }`;
    for (let run = 0; run < 2; run += 1) {
      const result = await gateway.graphql<{ package: { productInstances: unknown[] } }>(
        query,
        { P: PACKAGE },
        auth,
      );
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.package.productInstances).toHaveLength(1000);
    }
    expect(answeredBy().slice(-2)).toEqual(['apollo', 'fast-path']);
  });

  it('charges every field of an item: 1000 instances × 21 fields is over 20000', async () => {
    const fields = Array.from({ length: 21 }, (_, i) => `f${i}: instanceId`).join(' ');
    const query = `query Wide($P: ID!) { package(id: $P) { productInstances { ${fields} } } }`;
    for (let run = 0; run < 2; run += 1) {
      const result = await gateway.graphql(query, { P: PACKAGE }, auth);
      expect(codesOf(result)).toEqual(['RESPONSE_TOO_LARGE']);
    }
  });
});
