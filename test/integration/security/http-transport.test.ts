/**
 * HTTP hygiene of the GraphQL endpoint: bounded bodies, no batching unless enabled, CSRF
 * prevention, GET only for queries, content negotiation, and exact-origin CORS.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { errorCodes, graphqlGetPath, postGraphQL, send } from '../../helpers/gateway-http';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const ALLOWED_ORIGIN = 'https://dashboard.example.com';
const ONE_PACKAGE = `{ package(id: "${packageId(1)}") { id } }`;

let gw: TestGateway;
let auth: Record<string, string>;

beforeAll(async () => {
  gw = await startTestGateway({
    env: { ...HMAC_AUTH_ENV, CORS_ORIGINS: ALLOWED_ORIGIN, GRAPHQL_BODY_LIMIT_BYTES: '4096' },
  });
  gw.emulator.control.seed({ packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })] });
  auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read, SCOPE.write]));
});
beforeEach(() => gw.emulator.control.clearRequestLog());
afterAll(async () => {
  await gw.close();
});

describe('request bodies', () => {
  it('answers an oversize body with 413 before authenticating or calling the upstream', async () => {
    const padding = ' '.repeat(gw.config.graphql.bodyLimitBytes);
    const response = await postGraphQL(gw, { query: `${ONE_PACKAGE}${padding}` }, auth);
    expect(response.status).toBe(413);
    expect(errorCodes(response.json())).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('answers a chunked oversize body (no content-length) with 413', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode(`{"query":"${ONE_PACKAGE}`));
        if (sent > 8) controller.close();
        else controller.enqueue(chunk);
        sent += 1;
      },
    });
    const response = await send(gw, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('answers a body that is not JSON with 400 BAD_REQUEST', async () => {
    const response = await send(gw, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(errorCodes(response.json())).toEqual(['BAD_REQUEST']);
  });

  it('refuses a batched request (JSON array) by default', async () => {
    const response = await postGraphQL(gw, [{ query: ONE_PACKAGE }, { query: ONE_PACKAGE }], auth);
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/batch/i);
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('accepts a batched request when GRAPHQL_ALLOW_BATCHED_REQUESTS=true', async () => {
    const batching = await startTestGateway({
      env: { ...HMAC_AUTH_ENV, GRAPHQL_ALLOW_BATCHED_REQUESTS: 'true' },
    });
    try {
      batching.emulator.control.seed({
        packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })],
      });
      const response = await postGraphQL(
        batching,
        [{ query: ONE_PACKAGE }, { query: '{ __typename }' }],
        auth,
      );
      expect(response.status).toBe(200);
      expect(response.json()).toEqual([
        { data: { package: { id: packageId(1) } } },
        { data: { __typename: 'Query' } },
      ]);
    } finally {
      await batching.close();
    }
  });
});

describe('CSRF prevention', () => {
  it('refuses a text/plain POST (a "simple" cross-site form request)', async () => {
    const response = await send(gw, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...auth },
      body: JSON.stringify({ query: ONE_PACKAGE }),
    });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/CSRF/);
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });

  it('refuses a GET without a preflight-forcing header', async () => {
    const response = await send(gw, graphqlGetPath({ query: ONE_PACKAGE }), { headers: auth });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/CSRF/);
    expect(gw.emulator.control.requestLog()).toEqual([]);
  });
});

describe('GET', () => {
  it('runs a query', async () => {
    const response = await send(gw, graphqlGetPath({ query: ONE_PACKAGE }), {
      headers: { ...auth, 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ data: { package: { id: packageId(1) } } });
  });

  it('runs a query named by x-apollo-operation-name', async () => {
    const response = await send(
      gw,
      graphqlGetPath({ query: `query One ${ONE_PACKAGE}`, operationName: 'One' }),
      { headers: { ...auth, 'x-apollo-operation-name': 'One' } },
    );
    expect(response.status).toBe(200);
  });

  it('refuses a mutation with 405, without calling the upstream', async () => {
    const response = await send(
      gw,
      graphqlGetPath({ query: `mutation { cancelPackage(id: "${packageId(1)}") { __typename } }` }),
      { headers: { ...auth, 'apollo-require-preflight': 'true' } },
    );
    expect(response.status).toBe(405);
    expect(gw.emulator.control.requestLog()).toEqual([]);
    expect(gw.emulator.control.getPackage(packageId(1))?.productInstances[0]?.status).toBe(
      'ENABLED',
    );
  });
});

describe('content negotiation', () => {
  it('answers application/graphql-response+json with that type, and 4xx for a request error', async () => {
    const accept = { accept: 'application/graphql-response+json' };
    const ok = await postGraphQL(gw, { query: ONE_PACKAGE }, { ...auth, ...accept });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);

    const invalid = await postGraphQL(gw, { query: '{ nope }' }, { ...auth, ...accept });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(errorCodes(invalid.json())).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('answers application/json by default', async () => {
    const ok = await postGraphQL(gw, { query: ONE_PACKAGE }, auth);
    expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('CORS', () => {
  it('echoes an allowed origin on the actual request', async () => {
    const response = await postGraphQL(
      gw,
      { query: ONE_PACKAGE },
      { ...auth, origin: ALLOWED_ORIGIN },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    expect(response.headers.get('vary')).toMatch(/Origin/i);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives a disallowed origin no CORS headers', async () => {
    for (const origin of ['https://evil.example.com', `${ALLOWED_ORIGIN}.evil.com`, 'null']) {
      const response = await postGraphQL(gw, { query: ONE_PACKAGE }, { ...auth, origin });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('answers a preflight with 204 and the allow headers, without authenticating', async () => {
    const response = await send(gw, '/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const allowedHeaders = response.headers.get('access-control-allow-headers') ?? '';
    expect(allowedHeaders).toMatch(/content-type/);
    expect(allowedHeaders).toMatch(/authorization/);
    expect(response.headers.get('access-control-max-age')).toMatch(/^\d+$/);
  });

  it('answers a preflight from a disallowed origin without allow headers', async () => {
    const response = await send(gw, '/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });
});
