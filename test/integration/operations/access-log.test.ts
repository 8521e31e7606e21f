/**
 * Access log and request correlation over real HTTP: one JSON line per request whose
 * `requestId` is the `x-request-id` the client got back and the one the upstream saw, and no
 * line that carries a credential.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, TEST_JWT_SECRET, tokenFor } from '../../helpers/auth-tokens';
import { expectNotLogged, postGraphQL } from '../../helpers/gateway-http';
import { aPackage, packageId } from '../../helpers/package-fixtures';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../../helpers/test-gateway';

const ONE_PACKAGE = `query One { package(id: "${packageId(1)}") { id } }`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let gw: TestGateway;
let token: string;

beforeAll(async () => {
  gw = await startTestGateway({ env: { ...HMAC_AUTH_ENV } });
  gw.emulator.control.seed({ packages: [aPackage({ id: 1, accountId: DEMO_ACCOUNTS.customerA })] });
  token = await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]);
});
beforeEach(() => gw.emulator.control.clearRequestLog());
afterAll(async () => {
  await gw.close();
});

type LogLine = Record<string, unknown>;

/** Every log line parsed as JSON (fails on a line that is not). */
function parsedLines(): LogLine[] {
  return gw.logLines.map((line) => JSON.parse(line) as LogLine);
}

function accessLinesFor(requestId: string): LogLine[] {
  return parsedLines().filter(
    (line) => line['event'] === 'http.request' && line['requestId'] === requestId,
  );
}

/** The access log line is written when the response finishes, maybe after the client read it. */
async function accessLineFor(requestId: string): Promise<LogLine> {
  for (let attempt = 0; attempt < 50 && accessLinesFor(requestId).length === 0; attempt += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  const lines = accessLinesFor(requestId);
  expect(lines).toHaveLength(1);
  return lines[0] as LogLine;
}

it('uses a safe client x-request-id everywhere: response, access log, upstream call', async () => {
  const requestId = 'trace-7d1c.42:a_b';
  const result = await postGraphQL(
    gw,
    { query: ONE_PACKAGE, operationName: 'One' },
    { ...bearer(token), 'x-request-id': requestId },
  );
  expect(result.json().data).toEqual({ package: { id: packageId(1) } });
  expect(result.headers.get('x-request-id')).toBe(requestId);
  const upstream = gw.emulator.control.requestLog();
  expect(upstream.length).toBeGreaterThan(0);
  for (const entry of upstream) expect(entry.headers['x-request-id']).toBe(requestId);

  const line = await accessLineFor(requestId);
  expect(line).toMatchObject({
    event: 'http.request',
    method: 'POST',
    status: 200,
    operationName: 'One',
  });
  expect(typeof line['durationMs']).toBe('number');
});

it('generates a UUID when the client sends none, and the same id reaches the upstream', async () => {
  const result = await gw.graphql(ONE_PACKAGE, undefined, bearer(token));
  const requestId = result.headers.get('x-request-id') ?? '';
  expect(requestId).toMatch(UUID);
  expect(gw.emulator.control.requestLog()[0]?.headers['x-request-id']).toBe(requestId);
  expect(await accessLineFor(requestId)).toMatchObject({ status: 200 });
});

it('replaces an unsafe client x-request-id (log injection) with a fresh UUID', async () => {
  const unsafe = `abc def" "admin":true ${'x'.repeat(200)}`;
  const result = await gw.graphql(ONE_PACKAGE, undefined, {
    ...bearer(token),
    'x-request-id': unsafe,
  });
  const requestId = result.headers.get('x-request-id') ?? '';
  expect(requestId).toMatch(UUID);
  expect(gw.emulator.control.requestLog()[0]?.headers['x-request-id']).toBe(requestId);
  expect(gw.logLines.join('\n')).not.toContain('admin');
});

it('logs refused requests too, with their status', async () => {
  const unauthenticated = await postGraphQL(
    gw,
    { query: ONE_PACKAGE, operationName: 'One' },
    { 'x-request-id': 'no-token-1' },
  );
  expect(unauthenticated.status).toBe(401);
  expect(await accessLineFor('no-token-1')).toMatchObject({ status: 401, operationName: 'One' });

  const forged = `${token.slice(0, -4)}AAAA`;
  await gw.graphql(ONE_PACKAGE, undefined, { ...bearer(forged), 'x-request-id': 'forged-1' });
  expect(await accessLineFor('forged-1')).toMatchObject({ status: 401 });
});

it('never logs a token, the JWT secret or the API key, and every line is JSON', async () => {
  const failing = await gw.graphql('query Bad { nope }', undefined, bearer(token));
  expect(failing.status).toBe(400);
  const lines = parsedLines();
  expect(lines.length).toBeGreaterThan(0);
  expectNotLogged(gw, [token, token.split('.')[2] ?? token, TEST_JWT_SECRET, TEST_API_KEY]);
});
