import { AuthorizationError, requireScope } from '../../../src/auth/authorization';
import type { Caller } from '../../../src/auth/caller';
import { createDevelopmentAuthenticator } from '../../../src/auth/development-authenticator';
import { AuthConfigError, AuthenticationError } from '../../../src/auth/authentication-error';
import { DEVELOPMENT_TOKEN_SECRET } from '../../../src/auth/development-token';
import { mintToken } from '../../../src/auth/mint-token';
import { ALL_SCOPES, SCOPE } from '../../../src/auth/scopes';
import {
  run as runFixture,
  startFixtureServer,
  type FixtureServer,
} from '../security/fixture-schema';

const ACCOUNT = '0f2c5a4e-1b7d-4c3e-9a8f-6d5e4c3b2a19';

function callerWith(...scopes: string[]): Caller {
  return { accountId: ACCOUNT, scopes: new Set(scopes), visibleAccountIds: [ACCOUNT] };
}

describe('requireScope', () => {
  it('passes when the scope is held and throws FORBIDDEN otherwise', () => {
    expect(() => requireScope(callerWith(SCOPE.read), SCOPE.read)).not.toThrow();
    let thrown: unknown;
    try {
      requireScope(callerWith(SCOPE.read), SCOPE.write);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AuthorizationError);
    expect((thrown as AuthorizationError).extensions).toEqual({
      code: 'FORBIDDEN',
      requiredScope: SCOPE.write,
    });
  });

  it('does not treat the sub-account scope as read access', () => {
    expect(() => requireScope(callerWith(SCOPE.readSubAccounts), SCOPE.read)).toThrow(
      AuthorizationError,
    );
  });
});

describe('createDevelopmentAuthenticator', () => {
  it('returns the fixed all-scopes caller when no token is sent', async () => {
    const authenticator = createDevelopmentAuthenticator(ACCOUNT.toUpperCase());
    for (const header of [undefined, '', '  ']) {
      const caller = await authenticator.authenticate(header);
      expect(caller.accountId).toBe(ACCOUNT);
      expect([...caller.scopes].sort()).toEqual([...ALL_SCOPES].sort());
      expect(caller.visibleAccountIds).toEqual([ACCOUNT]);
    }
    expect(authenticator.mode).toBe('development');
  });

  it('honours a token signed with the development key: its account, its scopes', async () => {
    const other = '1b2c3d4e-5f60-4172-8384-a5b6c7d8e9f0';
    const token = await mintToken({
      secret: DEVELOPMENT_TOKEN_SECRET,
      accountId: other,
      scopes: SCOPE.read,
      ttlSec: 60,
    });
    const caller = await createDevelopmentAuthenticator(ACCOUNT).authenticate(`Bearer ${token}`);
    expect(caller.accountId).toBe(other);
    expect([...caller.scopes]).toEqual([SCOPE.read]);
  });

  it('refuses a token the development key does not verify (never ignores it)', async () => {
    const token = await mintToken({
      secret: 'another-secret-of-at-least-thirty-two-bytes',
      accountId: ACCOUNT,
      scopes: SCOPE.read,
      ttlSec: 60,
    });
    const authenticator = createDevelopmentAuthenticator(ACCOUNT);
    await expect(authenticator.authenticate(`Bearer ${token}`)).rejects.toMatchObject({
      reason: 'bad_signature',
    });
    await expect(authenticator.authenticate('Basic abc')).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('refuses a non-GUID account', () => {
    expect(() => createDevelopmentAuthenticator('dev')).toThrow(AuthConfigError);
  });
});

describe('the scope check in the pipeline', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(() => server.stop());

  const READ = '{ package(id: "p1") { id } }';
  const WRITE = 'mutation { cancelPackage(id: "p1") { id } }';

  async function run(query: string, caller?: Caller) {
    return (await runFixture(server, { query }, caller ? { caller } : {})).result;
  }

  it('lets a reader query and refuses a reader mutating', async () => {
    expect((await run(READ, callerWith(SCOPE.read))).data).toEqual({ package: { id: 'p1' } });
    const refused = await run(WRITE, callerWith(SCOPE.read));
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScope: SCOPE.write,
    });
  });

  it('refuses a writer without read access querying', async () => {
    const refused = await run(READ, callerWith(SCOPE.write));
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect((await run(WRITE, callerWith(SCOPE.write))).data).toEqual({
      cancelPackage: { id: 'p1' },
    });
  });

  it('lets introspection through and refuses a missing caller', async () => {
    expect((await run('{ __typename }', callerWith())).data).toEqual({ __typename: 'Query' });
    const anonymous = await run(READ);
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });
});
