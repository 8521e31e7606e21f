import { ConfigError, DEMO_ACCOUNT_ID, loadConfig } from '../../../src/config/config';

describe('loadConfig', () => {
  it('defaults to the embedded emulator with demo data and the demo account', () => {
    const config = loadConfig({});
    expect(config.upstream).toEqual({
      kind: 'embedded-emulator',
      port: 0,
      seed: 'demo',
      dataFile: undefined,
    });
    expect(config.port).toBe(4000);
    expect(config.defaultAccountId).toBe(DEMO_ACCOUNT_ID);
    expect(config.retry.writePolicy).toBe('with-idempotency-key');
  });

  it('uses a remote upstream when WIX_API_URL and WIX_API_KEY are set', () => {
    const config = loadConfig({ WIX_API_URL: 'https://www.wixapis.com/', WIX_API_KEY: 'k' });
    expect(config.upstream).toEqual({
      kind: 'remote',
      baseUrl: 'https://www.wixapis.com',
      apiKey: 'k',
    });
  });

  it('reports every bad variable at once, each by name', () => {
    let caught: unknown;
    try {
      loadConfig({
        WIX_API_URL: 'ftp://nope',
        PORT: 'eighty',
        UPSTREAM_WRITE_RETRY: 'always',
        WIX_ACCOUNT_ID: 'not-a-guid',
        REQUEST_DEADLINE_MS: '5',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of [
      'WIX_API_URL',
      'WIX_API_KEY',
      'PORT',
      'UPSTREAM_WRITE_RETRY',
      'WIX_ACCOUNT_ID',
      'REQUEST_DEADLINE_MS',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('never echoes the API key in a problem report', () => {
    expect(() => loadConfig({ WIX_API_URL: 'not a url', WIX_API_KEY: 'secret-key-123' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ WIX_API_URL: 'not a url', WIX_API_KEY: 'secret-key-123' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('secret-key-123');
    }
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
  });
});
