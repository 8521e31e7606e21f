import { AuthenticationError } from '../../../src/auth/authentication-error';
import type { Caller } from '../../../src/auth/caller';
import { createAuthenticator } from '../../../src/auth/jwt-authenticator';
import { mintToken } from '../../../src/auth/mint-token';
import { SCOPE } from '../../../src/auth/scopes';
import { createVerifiedTokenCache } from '../../../src/auth/verified-token-cache';

const SECRET = 'a-development-secret-of-at-least-32-bytes!';
const ACCOUNT = '0f2c5a4e-1b7d-4c3e-9a8f-6d5e4c3b2a19';
const caller = (accountId: string): Caller => ({
  accountId,
  scopes: new Set([SCOPE.read]),
  visibleAccountIds: [accountId],
});

describe('createVerifiedTokenCache', () => {
  it('returns a remembered caller until its expiry, then forgets it', () => {
    const cache = createVerifiedTokenCache(10);
    cache.set('t', caller(ACCOUNT), 1_000);
    expect(cache.get('t', 999)?.accountId).toBe(ACCOUNT);
    expect(cache.get('t', 1_000)).toBeUndefined();
    expect(cache.get('t', 0)).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = createVerifiedTokenCache(2);
    cache.set('a', caller('a'), 10);
    cache.set('b', caller('b'), 10);
    cache.set('c', caller('c'), 10);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)?.accountId).toBe('b');
    expect(cache.get('c', 0)?.accountId).toBe('c');
  });
});

describe('JWT authenticator with the verified-token cache', () => {
  it('still refuses a remembered token once it has expired (no clock tolerance in the cache)', async () => {
    let nowMs = Date.UTC(2025, 0, 15, 12, 0, 0);
    const authenticator = createAuthenticator({
      kind: 'hmac',
      secret: SECRET,
      clockToleranceSec: 0,
      now: () => nowMs,
    });
    const token = await mintToken({
      secret: SECRET,
      accountId: ACCOUNT,
      scopes: [SCOPE.read],
      ttlSec: 60,
      nowMs,
    });
    expect((await authenticator.authenticate(`Bearer ${token}`)).accountId).toBe(ACCOUNT);
    nowMs += 30_000;
    expect((await authenticator.authenticate(`Bearer ${token}`)).accountId).toBe(ACCOUNT);
    nowMs += 31_000;
    await expect(authenticator.authenticate(`Bearer ${token}`)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('does not let a tampered copy of a remembered token through', async () => {
    const nowMs = Date.UTC(2025, 0, 15, 12, 0, 0);
    const authenticator = createAuthenticator({ kind: 'hmac', secret: SECRET, now: () => nowMs });
    const token = await mintToken({
      secret: SECRET,
      accountId: ACCOUNT,
      scopes: [SCOPE.read],
      ttlSec: 60,
      nowMs,
    });
    await authenticator.authenticate(`Bearer ${token}`);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(authenticator.authenticate(`Bearer ${tampered}`)).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });
});
