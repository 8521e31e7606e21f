import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AuthConfigError } from '../../../src/auth/authentication-error';
import { DEVELOPMENT_TOKEN_SECRET } from '../../../src/auth/development-token';
import { mintOptionsFromArgs } from '../../../src/auth/mint-dev-token';
import { mintToken } from '../../../src/auth/mint-token';

const SECRET = 'a-development-secret-of-at-least-32-bytes!';
const ACCOUNT = '0f2c5a4e-1b7d-4c3e-9a8f-6d5e4c3b2a19';

describe('mintToken', () => {
  it('mints an HS256 token carrying the claims contract', async () => {
    const token = await mintToken({
      secret: SECRET,
      accountId: ACCOUNT,
      scopes: 'packages:read  packages:write ',
      ttlSec: 3600,
      subAccountIds: ['11111111-2222-4333-8444-555555555555'],
      issuer: 'iss',
      audience: 'aud',
      nowMs: 1_700_000_000_000,
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwt(token)).toEqual({
      accountId: ACCOUNT,
      scope: 'packages:read  packages:write',
      subAccountIds: ['11111111-2222-4333-8444-555555555555'],
      iat: 1_700_000_000,
      exp: 1_700_003_600,
      iss: 'iss',
      aud: 'aud',
    });
  });

  it('refuses a short secret and a non-GUID account', async () => {
    await expect(
      mintToken({ secret: 'short', accountId: ACCOUNT, scopes: [], ttlSec: 60 }),
    ).rejects.toBeInstanceOf(AuthConfigError);
    await expect(
      mintToken({ secret: SECRET, accountId: 'acct', scopes: [], ttlSec: 60 }),
    ).rejects.toBeInstanceOf(AuthConfigError);
  });
});

describe('mint-dev-token arguments', () => {
  it('parses the documented flags', () => {
    expect(
      mintOptionsFromArgs([
        '--secret',
        SECRET,
        '--account',
        ACCOUNT,
        '--scope',
        'packages:read',
        '--ttl',
        '60',
        '--sub-accounts',
        'a, b',
      ]),
    ).toEqual({
      secret: SECRET,
      accountId: ACCOUNT,
      scopes: 'packages:read',
      ttlSec: 60,
      subAccountIds: ['a', 'b'],
    });
  });

  it('defaults to read and write for an hour, and refuses bad input', () => {
    expect(mintOptionsFromArgs(['--secret', SECRET, '--account', ACCOUNT])).toMatchObject({
      scopes: 'packages:read packages:write',
      ttlSec: 3600,
    });
    expect(() => mintOptionsFromArgs(['--account', ACCOUNT])).toThrow(/usage/);
    expect(() =>
      mintOptionsFromArgs(['--secret', SECRET, '--account', ACCOUNT, '--ttl', '-5']),
    ).toThrow(/ttl/);
    expect(() => mintOptionsFromArgs(['--bogus'])).toThrow();
    expect(() =>
      mintOptionsFromArgs(['--secret', SECRET, '--development', '--account', ACCOUNT]),
    ).toThrow(/only one/);
  });

  it('answers --help with the usage instead of refusing it', () => {
    expect(mintOptionsFromArgs(['--help'])).toBe('help');
    expect(mintOptionsFromArgs(['-h'])).toBe('help');
  });

  it('signs with the development key on --development', () => {
    expect(mintOptionsFromArgs(['--development', '--account', ACCOUNT])).toMatchObject({
      secret: DEVELOPMENT_TOKEN_SECRET,
      accountId: ACCOUNT,
    });
  });
});
