/**
 * Failures that a local server cannot produce quickly or at all (connect timeout, an instant
 * headers timeout), injected through undici's MockAgent.
 */
import { MockAgent, errors } from 'undici';
import { WixTransportError } from '../../../src/wix/errors';
import type { HttpRequest } from '../../../src/wix/http-client';
import { createTestClient } from './test-client';

const ORIGIN = 'http://upstream.test';
const PATH = '/resellers/v1/packages/product-instances/i1/unassign';
const OK = { package: { id: 'p1' } };

const unassign: HttpRequest = {
  endpoint: 'unassignProductInstance',
  method: 'PATCH',
  path: PATH,
  accountId: 'acc',
  kind: 'write',
};

let agent: MockAgent;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});

afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

it('classifies a connect timeout as TIMEOUT that never reached the upstream, and retries a write', async () => {
  const pool = agent.get(ORIGIN);
  pool.intercept({ path: PATH, method: 'PATCH' }).replyWithError(new errors.ConnectTimeoutError());
  pool.intercept({ path: PATH, method: 'PATCH' }).reply(200, OK);
  const test = createTestClient(ORIGIN, { dispatcher: agent });

  await expect(test.client.request(unassign)).resolves.toEqual(OK);

  expect(test.attempts.map((a) => a.errorReason ?? a.status)).toEqual(['TIMEOUT', 200]);
});

it('does not retry a write without a key after a headers timeout (it may have been applied)', async () => {
  agent
    .get(ORIGIN)
    .intercept({ path: PATH, method: 'PATCH' })
    .replyWithError(new errors.HeadersTimeoutError());
  const test = createTestClient(ORIGIN, { dispatcher: agent });

  const error = await test.client.request(unassign).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(WixTransportError);
  expect(error).toMatchObject({ reason: 'TIMEOUT', mayHaveReachedUpstream: true });
  expect(test.attempts).toHaveLength(1);
});

it('retries a read after a headers timeout', async () => {
  const pool = agent.get(ORIGIN);
  pool
    .intercept({ path: '/resellers/v1/packages/p1', method: 'GET' })
    .replyWithError(new errors.HeadersTimeoutError());
  pool.intercept({ path: '/resellers/v1/packages/p1', method: 'GET' }).reply(200, OK);
  const test = createTestClient(ORIGIN, { dispatcher: agent });

  await expect(
    test.client.request({
      ...unassign,
      method: 'GET',
      path: '/resellers/v1/packages/p1',
      kind: 'read',
    }),
  ).resolves.toEqual(OK);
  expect(test.attempts.map((a) => a.errorReason ?? a.status)).toEqual(['TIMEOUT', 200]);
});
