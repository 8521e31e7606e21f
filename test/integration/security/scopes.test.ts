/**
 * Scope enforcement over real HTTP: queries need `packages:read`, mutations `packages:write`,
 * refused with `FORBIDDEN` before execution and so before any upstream call.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const READ_OWN = '{ packages(first: 5) { edges { node { id } } } }';
const CANCEL = 'mutation Cancel($id: ID!) { cancelPackage(id: $id) { __typename } }';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
});
beforeEach(() => {
  gw.emulator.control.reset('empty');
  gw.emulator.control.seed({ packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })] });
  gw.emulator.control.clearRequestLog();
});
afterAll(async () => {
  await gw.close();
});

async function asCustomerA(scopes: readonly string[], query: string, variables?: object) {
  const token = await tokenFor(DEMO_ACCOUNTS.customerA, scopes);
  return gw.graphql(query, variables as Record<string, unknown> | undefined, bearer(token));
}

function expectForbidden(
  result: Awaited<ReturnType<TestGateway['graphql']>>,
  requiredScope: string,
): void {
  expect(result.status).toBe(403);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors).toHaveLength(1);
  expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', requiredScope });
  expect(gw.emulator.control.requestLog()).toEqual([]);
}

describe('queries', () => {
  it('run with packages:read', async () => {
    const result = await asCustomerA([SCOPE.read], READ_OWN);
    expect(result.body).toEqual({
      data: { packages: { edges: [{ node: { id: packageId(1) } }] } },
    });
  });

  it.each([
    ['a write-only token', [SCOPE.write]],
    ['a token with no scopes', []],
    ['packages:read:subaccounts alone', [SCOPE.readSubAccounts]],
  ])('are FORBIDDEN for %s, before any upstream call', async (_name, scopes) => {
    expectForbidden(await asCustomerA(scopes, READ_OWN), SCOPE.read);
  });

  it('that select only introspection fields run with any valid token', async () => {
    const result = await asCustomerA([SCOPE.write], '{ __typename }');
    expect(result.body).toEqual({ data: { __typename: 'Query' } });
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });
});

// Written against the proposed mutation names; see the report if the schema differs.
describe('mutations', () => {
  it('are FORBIDDEN for a read-only token, before any upstream call', async () => {
    const result = await asCustomerA([SCOPE.read, SCOPE.readSubAccounts], CANCEL, {
      id: packageId(1),
    });
    expectForbidden(result, SCOPE.write);
    expect(gw.emulator.control.getPackage(packageId(1))?.productInstances[0]?.status).toBe(
      'ENABLED',
    );
  });

  it('run with packages:write', async () => {
    const result = await asCustomerA([SCOPE.write], CANCEL, { id: packageId(1) });
    expect(result.body.errors).toBeUndefined();
    expect(gw.emulator.control.getPackage(packageId(1))?.productInstances[0]?.status).toBe(
      'CANCELED',
    );
  });
});
