/**
 * The gateway refuses to start in an unsafe configuration: talking to the real Wix API
 * (`WIX_API_URL`), or running with `NODE_ENV=production`, without any way to authenticate
 * callers would let anyone act for the configured account with every scope. main.ts prints
 * the ConfigError and exits with code 2 (checked on a real process).
 */
import { ConfigError, loadConfig } from '../../../src/config/config';
import { TEST_JWT_SECRET } from '../../helpers/auth-tokens';
import { spawnGateway, type GatewayProcess } from '../../helpers/gateway-process';

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

it('refuses NODE_ENV=production without a JWT setting, also with the embedded emulator', () => {
  const error = configErrorOf({ NODE_ENV: 'production' });
  expect(error.message).toContain('NODE_ENV=production');
  expect(error.message).toContain('AUTH_JWT_SECRET');
  expect(error.message).toContain('AUTH_JWKS_FILE');
  expect(configErrorOf({ NODE_ENV: 'production', ...REMOTE }).problems).toHaveLength(1);
  expect(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: TEST_JWT_SECRET }).auth.kind).toBe(
    'jwt',
  );
});

describe('as a process', () => {
  let gateway: GatewayProcess | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  it('exits with code 2 and says why when NODE_ENV=production has no JWT setting', async () => {
    gateway = await spawnGateway({ NODE_ENV: 'production' });
    expect(await gateway.exited(30_000)).toEqual({ code: 2, signal: null });
    expect(gateway.stderr()).toContain('NODE_ENV=production');
    expect(gateway.stderr()).toContain('AUTH_JWT_SECRET');
    expect(gateway.stdout()).not.toContain('packages-gateway is up');
  }, 40_000);
});
