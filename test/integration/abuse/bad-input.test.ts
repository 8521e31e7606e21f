/**
 * Abuse: hostile argument shapes (issue 11, Low). A `not` filter nested 5000 deep used to
 * overflow the stack (a 500); a lone surrogate in `externalId` raised a URIError (a 500) or was
 * stored silently. Both are refused with `BAD_USER_INPUT` before any upstream call, whatever
 * the field, literal or variable.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS, PRODUCTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { send } from '../../helpers/gateway-http';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../../helpers/test-gateway';
import { codesOf, expectStillServing, upstreamCallCount } from './abuse-checks';

let gateway: TestGateway;
let auth: Record<string, string>;

beforeAll(async () => {
  gateway = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
  auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read, SCOPE.write]));
  gateway.emulator.control.seed({
    packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })],
  });
});
beforeEach(() => gateway.emulator.control.clearRequestLog());
afterAll(() => gateway.close());

async function expectBadInput(query: string, variables: Record<string, unknown> | string) {
  const result =
    typeof variables === 'string'
      ? await rawPost(query, variables)
      : await gateway.graphql(query, variables, auth);
  expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
  expect(upstreamCallCount(gateway)).toBe(0);
  await expectStillServing(gateway, auth);
  return result;
}

/** Posts a request whose variables are given as JSON text (too deep for JSON.stringify here). */
async function rawPost(query: string, variablesJson: string): Promise<GraphQLResult> {
  const response = await send(gateway, '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: `{"query":${JSON.stringify(query)},"variables":${variablesJson}}`,
  });
  return { status: response.status, headers: response.headers, body: response.json() };
}

/** `{"f": {"not": … {"externalId": {"eq": "x"}} …}}` nested `depth` times, as JSON text. */
function nestedNotJson(depth: number): string {
  return `{"f":${'{"not":'.repeat(depth)}{"externalId":{"eq":"x"}}${'}'.repeat(depth)}}`;
}

const FILTERED = 'query F($f: PackageFilter) { packages(filter: $f) { edges { node { id } } } }';

it('refuses a not-filter nested 5000 deep (a variable) with BAD_USER_INPUT', async () => {
  const result = await expectBadInput(FILTERED, nestedNotJson(5000));
  expect(result.status).toBe(400);
  expect(result.body.errors?.[0]?.extensions?.['violations']).toEqual([
    { path: expect.stringMatching(/^\$f(\.not)+$/), message: 'is nested more than 64 levels deep' },
  ]);
});

it('refuses and/or nesting the same way', async () => {
  const open = Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? '{"and":[' : '{"or":[')).join(
    '',
  );
  await expectBadInput(FILTERED, `{"f":${open}{"externalId":{"eq":"x"}}${']}'.repeat(3000)}}`);
});

it('still accepts a reasonably nested filter', async () => {
  const result = await rawPost(FILTERED, nestedNotJson(6));
  expect(result.body.errors).toBeUndefined();
});

it('refuses a lone surrogate in updatePackageExternalId, with no upstream call', async () => {
  const result = await expectBadInput(
    'mutation U($id: ID!, $e: String!) { updatePackageExternalId(packageId: $id, externalId: $e) { package { id } } }',
    { id: packageId(1), e: '\ud800' },
  );
  expect(result.body.errors?.[0]?.extensions?.['violations']).toEqual([
    { path: '$e', message: 'is not well-formed Unicode (a lone surrogate)' },
  ]);
  expect(gateway.emulator.control.getPackage(packageId(1))?.externalId).toBeUndefined();
});

it('refuses a lone surrogate anywhere in a create input, and nothing is stored', async () => {
  await expectBadInput(
    'mutation C($input: CreatePackageInput!) { createPackage(input: $input) { package { id } } }',
    {
      input: {
        externalId: 'ok',
        products: [
          { catalogProductId: PRODUCTS.mailboxBasic, countryCode: 'US', discountCode: 'a\udc00' },
        ],
      },
    },
  );
  expect(gateway.emulator.control.packageCount()).toBe(1);
});

it('refuses a lone surrogate in a read argument, and accepts a well-formed pair', async () => {
  await expectBadInput(FILTERED, { f: { externalId: { eq: '\udfff' } } });
  const pair = await gateway.graphql(FILTERED, { f: { externalId: { eq: '\ud83d\ude00' } } }, auth);
  expect(pair.body.errors).toBeUndefined();
});
