/**
 * Abuse limits over real HTTP with the default configuration: each bomb is refused with its own
 * stable code before execution (so before any upstream call), while the heaviest shapes the
 * product needs — 50 aliased lookups with references, a full page of 100 packages with every
 * field — are accepted.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { errorCodes } from '../../helpers/gateway-http';
import { aPackage, instanceId, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

let gw: TestGateway;
let auth: Record<string, string>;

beforeAll(async () => {
  gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
  auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
  // 100 packages of customerA; each instance n > 1 references instance n - 1.
  gw.emulator.control.seed({
    packages: Array.from({ length: 100 }, (_, i) =>
      aPackage({
        id: i + 1,
        accountId: DEMO_ACCOUNTS.customerA,
        instances: [
          {
            id: i + 1,
            siteId: undefined,
            billingInfo: { type: 'RECURRING', cycleDuration: { count: 1, unit: 'YEAR' } },
            countryCode: 'US',
            ...(i > 0 && { referenceProductInstanceId: instanceId(i) }),
          },
        ],
      }),
    ),
  });
});
beforeEach(() => gw.emulator.control.clearRequestLog());
afterAll(async () => {
  await gw.close();
});

function post(query: string) {
  return gw.graphql(query, undefined, auth);
}

async function expectRefusedBeforeUpstream(query: string, code: string): Promise<void> {
  const result = await post(query);
  expect(result.status).toBe(400);
  expect(result.body.data).toBeUndefined();
  expect(errorCodes(result.body)).toEqual([code]);
  expect(gw.emulator.control.requestLog()).toEqual([]);
}

/** `{ package(id) { productInstances { package { … } } } }` nested `levels` times. */
function deepQuery(levels: number): string {
  let selection = 'id';
  for (let level = 0; level < levels; level += 1) {
    selection = `productInstances { package { ${selection} } }`;
  }
  return `{ package(id: "${packageId(1)}") { ${selection} } }`;
}

describe('refused before any upstream call', () => {
  it('a depth bomb → MAX_DEPTH_EXCEEDED', async () => {
    await expectRefusedBeforeUpstream(deepQuery(6), 'MAX_DEPTH_EXCEEDED');
  });

  it('an alias bomb (over GRAPHQL_MAX_ALIASES) → MAX_ALIASES_EXCEEDED', async () => {
    const aliases = Array.from(
      { length: gw.config.graphql.maxAliases + 1 },
      (_, i) => `p${i}: package(id: "${packageId(1)}") { id }`,
    );
    await expectRefusedBeforeUpstream(`{ ${aliases.join(' ')} }`, 'MAX_ALIASES_EXCEEDED');
  });

  it('a directive bomb → MAX_DIRECTIVES_EXCEEDED', async () => {
    const ids = ' id @include(if: true)'.repeat(gw.config.graphql.maxDirectives + 1);
    await expectRefusedBeforeUpstream(
      `{ package(id: "${packageId(1)}") { ${ids} } }`,
      'MAX_DIRECTIVES_EXCEEDED',
    );
  });

  it('a token bomb → GRAPHQL_PARSE_FAILED', async () => {
    const tokens = ' __typename'.repeat(gw.config.graphql.maxTokens + 1);
    await expectRefusedBeforeUpstream(`{ ${tokens} }`, 'GRAPHQL_PARSE_FAILED');
  });

  it('a cost bomb (instances → references → packages → instances) → QUERY_TOO_COMPLEX', async () => {
    await expectRefusedBeforeUpstream(
      `{ packages(first: 100) { edges { node { productInstances { referenceProductInstance {
          package { productInstances { id } } } } } } } }`,
      'QUERY_TOO_COMPLEX',
    );
  });
});

describe('accepted under the default limits (product requirements)', () => {
  it('50 aliased package lookups with nested references, in one upstream call', async () => {
    const lookups = Array.from(
      { length: 50 },
      (_, i) =>
        `p${i + 1}: package(id: "${packageId(i + 1)}") {
          id productInstances { id referenceProductInstance { id status } } }`,
    );
    const result = await post(`{ ${lookups.join('\n')} }`);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    const data = result.body.data as Record<string, { id: string } | null>;
    expect(Object.keys(data)).toHaveLength(50);
    expect(data['p50']).toEqual({
      id: packageId(50),
      productInstances: [
        { id: instanceId(50), referenceProductInstance: { id: instanceId(49), status: 'ENABLED' } },
      ],
    });
    // One batch: the referenced instances were all loaded (and primed) by that same batch.
    expect(gw.emulator.control.requestLog()).toHaveLength(1);
  });

  it('a page of 100 packages with every field, references included, in one upstream call', async () => {
    const result = await post(`{
      packages(first: 100) {
        pageInfo { endCursor hasNextPage hasPreviousPage startCursor }
        edges { cursor node {
          id accountId parentAccountId externalId createdDate updatedDate
          instanceCounts { total pending enabled failed canceled awaitingAction }
          productInstances {
            id instanceId catalogProductId siteId isFloating status countryCode discountCode
            expirationDate createdDate updatedDate referenceProductInstanceId
            failure { code message }
            billingInfo { type cycleDuration { count unit } }
            referenceProductInstance { id status }
            package { id }
          }
        } }
      }
    }`);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    const packages = (result.body.data as { packages: { edges: unknown[] } }).packages;
    expect(packages.edges).toHaveLength(100);
    // Every reference points into the page itself, so the page's own call primed them all.
    expect(gw.emulator.control.requestLog()).toHaveLength(1);
  });

  it('a page of 100 packages with its total count (one more call for the count)', async () => {
    const result = await post(`{ packages(first: 100) { totalCount edges { node { id
      productInstances { id referenceProductInstance { id } package { id } } } } } }`);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toMatchObject({ packages: { totalCount: 100 } });
    expect(gw.emulator.control.requestLog()).toHaveLength(2);
  });
});
