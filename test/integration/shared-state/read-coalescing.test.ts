/**
 * Coalescing end to end: concurrent identical reads from different GraphQL requests share one
 * upstream call (counted in the emulator's request log); different accounts never share one.
 */
import { SCOPE } from '../../../src/auth/scopes';
import { DEMO_ACCOUNTS } from '../../../src/emulator';
import { bearer, HMAC_AUTH_ENV, tokenFor } from '../../helpers/auth-tokens';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const LIST = '{ packages(first: 5) { edges { node { id accountId } } } }';

describe('read coalescing', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ seed: 'demo', env: { ...HMAC_AUTH_ENV } });
  });
  afterAll(async () => {
    await gw.close();
  });
  beforeEach(() => {
    gw.emulator.control.clearRequestLog();
    // Slow enough that the requests below overlap in flight on a loaded machine.
    gw.emulator.control.setFaults([{ endpoint: '*', kind: 'latency', latencyMs: 400 }]);
  });
  afterEach(() => gw.emulator.control.clearFaults());

  it('five concurrent identical queries of one account make one upstream call', async () => {
    const auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => gw.graphql(LIST, undefined, auth)),
    );
    for (const answer of answers) {
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual(answers[0]!.body.data);
    }
    expect(gw.emulator.control.requestLog()).toHaveLength(1);
  });

  it('never shares a call between accounts', async () => {
    const [authA, authB] = await Promise.all(
      [DEMO_ACCOUNTS.customerA, DEMO_ACCOUNTS.customerB].map(async (account) =>
        bearer(await tokenFor(account, [SCOPE.read])),
      ),
    );
    const [a, b] = await Promise.all([
      gw.graphql<{ packages: { edges: { node: { accountId: string } }[] } }>(
        LIST,
        undefined,
        authA,
      ),
      gw.graphql<{ packages: { edges: { node: { accountId: string } }[] } }>(
        LIST,
        undefined,
        authB,
      ),
    ]);
    expect(gw.emulator.control.requestLog()).toHaveLength(2);
    const owners = (answer: typeof a) =>
      new Set(answer.body.data?.packages.edges.map((edge) => edge.node.accountId));
    expect([...owners(a)]).toEqual([DEMO_ACCOUNTS.customerA]);
    expect([...owners(b)]).toEqual([DEMO_ACCOUNTS.customerB]);
  });

  it('a read after the shared call ended goes upstream again', async () => {
    const auth = bearer(await tokenFor(DEMO_ACCOUNTS.customerA, [SCOPE.read]));
    expect((await gw.graphql(LIST, undefined, auth)).body.errors).toBeUndefined();
    expect((await gw.graphql(LIST, undefined, auth)).body.errors).toBeUndefined();
    expect(gw.emulator.control.requestLog()).toHaveLength(2);
  });
});
