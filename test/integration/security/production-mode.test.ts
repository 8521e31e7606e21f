/**
 * `NODE_ENV=production` hides the schema: no introspection, no playground, no "Did you mean"
 * hints in validation errors; `GRAPHQL_INTROSPECTION=true` turns introspection back on. The
 * development defaults are checked too, so each assertion is known to be able to fail.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { errorCodes, send } from '../../helpers/gateway-http';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const INTROSPECTION = '{ __schema { queryType { name } } }';
const TYPO = '{ packages(first: 1) { edgs { node { id } } } }';

let auth: Record<string, string>;

beforeAll(async () => {
  auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
});

async function withGateway(
  env: Record<string, string>,
  body: (gw: TestGateway) => Promise<void>,
): Promise<void> {
  const gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV, ...env } });
  try {
    await body(gw);
  } finally {
    await gw.close();
  }
}

it('production refuses introspection, serves no playground and gives no suggestions', async () => {
  await withGateway({ NODE_ENV: 'production' }, async (gw) => {
    const introspection = await gw.graphql(INTROSPECTION, undefined, auth);
    expect(introspection.status).toBe(400);
    expect(introspection.body.data).toBeUndefined();
    expect(errorCodes(introspection.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);

    const typo = await gw.graphql(TYPO, undefined, auth);
    expect(errorCodes(typo.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(typo.body)).not.toMatch(/Did you mean/i);
    expect(JSON.stringify(typo.body)).not.toContain('edges');

    expect((await send(gw, '/playground')).status).toBe(404);
    expect((await send(gw, '/')).status).toBe(404);
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });
});

it('production with GRAPHQL_INTROSPECTION=true allows introspection again', async () => {
  await withGateway({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }, async (gw) => {
    const introspection = await gw.graphql(INTROSPECTION, undefined, auth);
    expect(introspection.status).toBe(200);
    expect(introspection.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    expect((await send(gw, '/playground')).status).toBe(404);
  });
});

it('development (the contrast) allows introspection, serves the playground and suggests', async () => {
  await withGateway({ NODE_ENV: 'development' }, async (gw) => {
    const introspection = await gw.graphql(INTROSPECTION, undefined, auth);
    expect(introspection.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const typo = await gw.graphql(TYPO, undefined, auth);
    expect(typo.body.errors?.[0]?.message).toMatch(/Did you mean "edges"\?/);
    const playground = await send(gw, '/playground');
    expect(playground.status).toBe(200);
    expect(playground.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
