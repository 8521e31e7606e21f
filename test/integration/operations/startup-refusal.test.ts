/**
 * The gateway refuses to start in an unsafe configuration: talking to the real Wix API
 * (`WIX_API_URL`) without any way to authenticate callers would let anyone act for the
 * configured reseller. main.ts prints the ConfigError and exits with code 2.
 */
import { ConfigError, loadConfig } from '../../../src/config/config';
import { TEST_JWT_SECRET } from '../../helpers/auth-tokens';

const REMOTE = { WIX_API_URL: 'https://www.wixapis.com', WIX_API_KEY: 'wix-key-never-logged' };

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

it('refuses WIX_API_URL without a JWT setting, naming every variable that would fix it', () => {
  const error = configErrorOf(REMOTE);
  expect(error.message).toContain('WIX_API_URL');
  expect(error.message).toContain('AUTH_JWT_SECRET');
  expect(error.message).toContain('AUTH_JWKS_FILE');
  // The public key may be given inline or as a file: both spellings must be recognisable.
  expect(error.message).toMatch(/AUTH_JWT_PUBLIC_KEY(\(_FILE\)|_FILE)/);
  expect(error.message).not.toContain(REMOTE.WIX_API_KEY);
});

it('starts against WIX_API_URL once callers must present a JWT', () => {
  const config = loadConfig({ ...REMOTE, AUTH_JWT_SECRET: TEST_JWT_SECRET });
  expect(config.auth.kind).toBe('jwt');
  expect(config.upstream.kind).toBe('remote');
});

it('runs without JWT only in development mode against the embedded emulator', () => {
  expect(loadConfig({}).auth).toEqual({ kind: 'development' });
});
