/**
 * A development gateway (embedded emulator, no AUTH_JWT_* setting) as a newcomer meets it over
 * HTTP: who requests act as (and the log line naming that account), a token signed with the
 * development key honoured and any other token refused rather than ignored, a browser opening
 * /graphql sent to the playground while CSRF prevention still guards every other request,
 * loopback origins allowed by CORS, and no 404 for the browser's favicon request.
 */
import { DEVELOPMENT_TOKEN_SECRET } from '../../../src/auth/development-token';
import { mintToken } from '../../../src/auth/mint-token';
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer } from '../../helpers/auth-tokens';
import { errorCodes, send, upstreamAccountIds } from '../../helpers/gateway-http';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const WHO_AM_I = '{ packages(first: 1) { edges { node { accountId } } } }';
const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({
    seed: 'demo',
    env: { NODE_ENV: 'development', WIX_ACCOUNT_ID: DEMO_ACCOUNTS.customerB },
  });
});
beforeEach(() => gw.emulator.control.clearRequestLog());
afterAll(async () => {
  await gw.close();
});

function accountOf(body: unknown): string | undefined {
  return (body as { data?: { packages: { edges: { node: { accountId: string } }[] } } }).data
    ?.packages.edges[0]?.node.accountId;
}

describe('identity in development mode', () => {
  it('logs the account that requests without a token act as, by name and id', () => {
    const line = gw.logLines
      .map((text) => JSON.parse(text) as { event?: string; msg: string; accountId?: string })
      .find((entry) => entry.event === 'auth.development_mode');
    expect(line?.accountId).toBe(DEMO_ACCOUNTS.customerB);
    expect(line?.msg).toContain(`Customer B (${DEMO_ACCOUNTS.customerB})`);
  });

  it('acts as WIX_ACCOUNT_ID without a token', async () => {
    const response = await gw.graphql(WHO_AM_I);
    expect(accountOf(response.body)).toBe(DEMO_ACCOUNTS.customerB);
    expect(upstreamAccountIds(gw)).toEqual([DEMO_ACCOUNTS.customerB]);
  });

  it('honours a token signed with the development key, with its scopes', async () => {
    const token = await mintToken({
      secret: DEVELOPMENT_TOKEN_SECRET,
      accountId: DEMO_ACCOUNTS.customerA,
      scopes: [SCOPE.read],
      ttlSec: 300,
    });
    const read = await gw.graphql(WHO_AM_I, undefined, bearer(token));
    expect(accountOf(read.body)).toBe(DEMO_ACCOUNTS.customerA);
    expect(upstreamAccountIds(gw)).toEqual([DEMO_ACCOUNTS.customerA]);

    gw.emulator.control.clearRequestLog();
    const write = await gw.graphql(
      'mutation { cancelPackage(id: "00000000-0000-4000-8000-000000000001") { userErrors { code } } }',
      undefined,
      bearer(token),
    );
    expect(errorCodes(write.body)).toEqual(['FORBIDDEN']);
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('refuses a token it cannot verify with 401 instead of ignoring it', async () => {
    const token = await mintToken({
      secret: 'some-other-issuers-secret-of-32-bytes-or-more',
      accountId: DEMO_ACCOUNTS.customerA,
      scopes: [SCOPE.read],
      ttlSec: 300,
    });
    const response = await gw.graphql(WHO_AM_I, undefined, bearer(token));
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'bad_signature',
    });
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });
});

describe('a browser opening /graphql', () => {
  it('is sent to the playground', async () => {
    const response = await send(gw, '/graphql', {
      headers: { accept: BROWSER_ACCEPT },
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/playground');
  });

  it('keeps CSRF prevention for a GET operation, a client GET and a POST', async () => {
    const operation = await send(gw, `/graphql?query=${encodeURIComponent(WHO_AM_I)}`, {
      headers: { accept: BROWSER_ACCEPT },
      redirect: 'manual',
    });
    expect(operation.status).toBe(400);
    expect(operation.text).toMatch(/CSRF|preflight/i);

    const client = await send(gw, '/graphql', {
      headers: { accept: 'application/json' },
      redirect: 'manual',
    });
    expect(client.status).toBe(400);

    const post = await send(gw, '/graphql', {
      method: 'POST',
      headers: { accept: BROWSER_ACCEPT, 'content-type': 'text/plain' },
      body: JSON.stringify({ query: WHO_AM_I }),
      redirect: 'manual',
    });
    expect(post.status).toBe(400);
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('meets CSRF prevention when the playground is off', async () => {
    const off = await startTestGateway({ env: { GRAPHQL_PLAYGROUND: 'false' } });
    try {
      const response = await send(off, '/graphql', {
        headers: { accept: BROWSER_ACCEPT },
        redirect: 'manual',
      });
      expect(response.status).toBe(400);
    } finally {
      await off.close();
    }
  });

  it('gets no 404 for its favicon request', async () => {
    const response = await send(gw, '/favicon.ico');
    expect(response.status).toBe(204);
  });
});

describe('CORS in development', () => {
  it('answers a preflight from a loopback origin (any port), not from another host', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000']) {
      const response = await send(gw, '/graphql', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const foreign = await send(gw, '/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
