/**
 * HTTP basics of the gateway: health, the offline playground and its assets, GraphQL over
 * GET, and the request id that ties a client request to its upstream calls.
 */
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { upstreamCalls } from '../../helpers/upstream-calls';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway();
  gateway.emulator.control.seed({
    packages: [aPackage({ id: 1, accountId: gateway.config.defaultAccountId })],
  });
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  gateway.emulator.control.clearRequestLog();
});

describe('health and playground', () => {
  it('/healthz answers 200', async () => {
    const response = await fetch(`${gateway.url}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 while the upstream is reachable and the breaker closed', async () => {
    const response = await fetch(`${gateway.url}/readyz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      checks: { upstreamCircuitBreaker: 'closed' },
    });
  });

  it('/playground is an HTML page that loads only same-origin assets, each served', async () => {
    const response = await fetch(`${gateway.url}/playground`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    // No absolute or protocol-relative URL anywhere: nothing is fetched from another host.
    expect(html).not.toMatch(/https?:\/\/|["'(]\/\//);
    const allReferences = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    // The empty inline icon (`data:,`) fetches nothing; it keeps the browser from asking for one.
    expect(allReferences.filter((reference) => reference.startsWith('data:'))).toEqual(['data:,']);
    const references = allReferences.filter((reference) => !reference.startsWith('data:'));
    expect(references.length).toBeGreaterThanOrEqual(4);

    for (const reference of references) {
      expect(reference.startsWith('/')).toBe(true);
      const asset = await fetch(new URL(reference, gateway.url));
      expect(asset.status).toBe(200);
      const expectedType = reference.endsWith('.css') ? /^text\/css/ : /^text\/javascript/;
      expect(asset.headers.get('content-type')).toMatch(expectedType);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  it('answers 404 for an unknown path or asset', async () => {
    expect((await fetch(`${gateway.url}/nope`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/playground/assets/nope.js`)).status).toBe(404);
  });
});

describe('GraphQL over GET', () => {
  const query = `query One($id: ID!) { package(id: $id) { id } }`;
  const url = (): string =>
    `${gateway.url}/graphql?query=${encodeURIComponent(query)}` +
    `&variables=${encodeURIComponent(JSON.stringify({ id: packageId(1) }))}`;

  it('runs a query sent as GET with the CSRF preflight header', async () => {
    const response = await fetch(url(), { headers: { 'apollo-require-preflight': 'true' } });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { package: { id: packageId(1) } } });
    expect(upstreamCalls(gateway.emulator)).toHaveLength(1);
  });

  it('refuses a simple GET (CSRF prevention) before any upstream call', async () => {
    const response = await fetch(url());

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [{ extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(upstreamCalls(gateway.emulator)).toEqual([]);
  });
});

describe('x-request-id', () => {
  const query = `{ package(id: "${packageId(1)}") { id } }`;

  it('echoes a safe client-supplied id and sends the same id upstream', async () => {
    const result = await gateway.graphql(query, undefined, { 'x-request-id': 'client-req:42.a_b' });

    expect(result.body.errors).toBeUndefined();
    expect(result.headers.get('x-request-id')).toBe('client-req:42.a_b');
    const calls = upstreamCalls(gateway.emulator);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['x-request-id']).toBe('client-req:42.a_b');
  });

  it.each([
    ['with spaces', 'two words'],
    ['too long', 'a'.repeat(129)],
    ['with a slash and quotes', '../"x"'],
  ])(
    'replaces an unsafe client id (%s) with a fresh one, used upstream too',
    async (_n, unsafe) => {
      const result = await gateway.graphql(query, undefined, { 'x-request-id': unsafe });

      const id = result.headers.get('x-request-id');
      expect(id).toMatch(UUID);
      expect(upstreamCalls(gateway.emulator)[0]!.headers['x-request-id']).toBe(id);
    },
  );

  it('mints an id when the client sends none, and a different one per request', async () => {
    const first = await gateway.graphql(query);
    const second = await gateway.graphql(query);

    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    expect(ids[0]).toMatch(UUID);
    expect(ids[1]).toMatch(UUID);
    expect(ids[0]).not.toBe(ids[1]);
    expect(upstreamCalls(gateway.emulator).map((call) => call.headers['x-request-id'])).toEqual(
      ids,
    );
  });

  it('returns the id on refused requests too', async () => {
    const invalid = await gateway.graphql(`{ package(id: "nope") { id } }`, undefined, {
      'x-request-id': 'client-req-43',
    });
    const unparsable = await gateway.graphql(`{ package(`, undefined, {
      'x-request-id': 'client-req-44',
    });

    expect(invalid.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(invalid.headers.get('x-request-id')).toBe('client-req-43');
    expect(unparsable.status).toBe(400);
    expect(unparsable.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
    expect(unparsable.headers.get('x-request-id')).toBe('client-req-44');
    expect(upstreamCalls(gateway.emulator)).toEqual([]);
  });
});
