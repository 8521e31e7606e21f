import { ConfigError, DEMO_ACCOUNT_ID, loadConfig } from '../../../src/config/config';

/** A shared secret of the accepted length (production needs caller authentication). */
const JWT_SECRET = 'unit-test-jwt-secret-at-least-32-bytes-long';

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
    const config = loadConfig({
      WIX_API_URL: 'https://www.wixapis.com/',
      WIX_API_KEY: 'k',
      AUTH_JWT_SECRET: 'x'.repeat(32),
    });
    expect(config.upstream).toEqual({
      kind: 'remote',
      baseUrl: 'https://www.wixapis.com',
      apiKey: 'k',
    });
  });

  it('bounds slow clients by default: headers 5 s, whole request 9 s, caps on bodies and connections', () => {
    expect(loadConfig({}).httpServer).toEqual({
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 9_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1_024,
      maxBufferedBodyBytes: 32 * 1024 * 1024,
    });
    expect(() =>
      loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' }),
    ).toThrow('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
    expect(() =>
      loadConfig({ GRAPHQL_BODY_LIMIT_BYTES: '65536', HTTP_MAX_BUFFERED_BODY_BYTES: '4096' }),
    ).toThrow('HTTP_MAX_BUFFERED_BODY_BYTES must be at least GRAPHQL_BODY_LIMIT_BYTES');
    expect(() => loadConfig({ HTTP_MAX_CONNECTIONS: '0' })).toThrow('HTTP_MAX_CONNECTIONS');
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

  it('reads the fast path switch and the heap growing factor, with their defaults', () => {
    expect(loadConfig({}).graphql.fastPath).toBe(true);
    expect(loadConfig({}).heapGrowingPercent).toBe(75);
    const tuned = loadConfig({ GRAPHQL_FAST_PATH: 'false', V8_HEAP_GROWING_PERCENT: '0' });
    expect(tuned.graphql.fastPath).toBe(false);
    expect(tuned.heapGrowingPercent).toBe(0);
    expect(() => loadConfig({ V8_HEAP_GROWING_PERCENT: '-5' })).toThrow(/V8_HEAP_GROWING_PERCENT/);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  it('runs in development auth mode only with the embedded emulator', () => {
    expect(loadConfig({}).auth).toEqual({ kind: 'development' });
    expect(() => loadConfig({ WIX_API_URL: 'https://www.wixapis.com', WIX_API_KEY: 'k' })).toThrow(
      /callers must authenticate/,
    );
  });

  it('reads one JWT key source and refuses two', () => {
    const config = loadConfig({
      AUTH_JWT_SECRET: 's'.repeat(32),
      AUTH_JWT_ISSUER: 'https://issuer.example',
      AUTH_JWT_AUDIENCE: 'packages-gateway',
    });
    expect(config.auth).toEqual({
      kind: 'jwt',
      key: { kind: 'hmac', secret: 's'.repeat(32) },
      issuer: 'https://issuer.example',
      audience: 'packages-gateway',
      clockToleranceSec: 30,
    });
    expect(() =>
      loadConfig({ AUTH_JWT_SECRET: 's'.repeat(32), AUTH_JWT_PUBLIC_KEY: 'pem' }),
    ).toThrow(/set only one of/);
  });

  it('reads key and manifest files through the injected reader and names unreadable ones', () => {
    const files: Record<string, string> = { '/keys/jwks.json': '{"keys":[]}', '/bad.json': '{' };
    const readFile = (path: string): string => {
      const text = files[path];
      if (text === undefined) throw new Error('ENOENT');
      return text;
    };
    expect(loadConfig({ AUTH_JWKS_FILE: '/keys/jwks.json' }, readFile).auth).toMatchObject({
      key: { kind: 'jwks', jwks: { keys: [] } },
    });
    expect(() =>
      loadConfig(
        { AUTH_JWT_PUBLIC_KEY_FILE: '/missing.pem', GRAPHQL_OPERATION_ALLOWLIST_FILE: '/bad.json' },
        readFile,
      ),
    ).toThrow(/AUTH_JWT_PUBLIC_KEY_FILE[\s\S]*GRAPHQL_OPERATION_ALLOWLIST_FILE/);
  });

  it('turns introspection and the playground off in production unless asked', () => {
    const production = loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: JWT_SECRET });
    expect(production.graphql.introspection).toBe(false);
    expect(production.graphql.playground).toBe(false);
    expect(production.graphql.hideSchemaDetails).toBe(true);
    const enabled = loadConfig({
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: JWT_SECRET,
      GRAPHQL_INTROSPECTION: 'true',
      GRAPHQL_PLAYGROUND: 'yes',
    });
    expect(enabled.graphql.introspection).toBe(true);
    expect(enabled.graphql.playground).toBe(true);
    expect(loadConfig({}).graphql.introspection).toBe(true);
  });

  it('accepts only exact CORS origins', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/path,*' })).toThrow(
      /CORS_ORIGINS entry "https:\/\/app.example.com\/path"[\s\S]*CORS_ORIGINS entry "\*"/,
    );
  });

  describe('shared state and the upstream budget', () => {
    const remote = {
      WIX_API_URL: 'https://www.wixapis.com',
      WIX_API_KEY: 'k',
      AUTH_JWT_SECRET: 'x'.repeat(32),
    };

    it('keeps everything in-process without REDIS_URL', () => {
      expect(loadConfig({}).redis).toEqual({
        url: undefined,
        connectTimeoutMs: 1000,
        commandTimeoutMs: 250,
      });
    });

    it('takes a redis:// URL and refuses anything else, naming the variable', () => {
      expect(loadConfig({ REDIS_URL: 'redis://cache:6379/0' }).redis.url).toBe(
        'redis://cache:6379/0',
      );
      expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL/);
    });

    it('budgets a real upstream at 200 calls a minute and leaves the embedded emulator unbudgeted', () => {
      expect(loadConfig(remote).upstreamBudget).toEqual({
        perMinute: 200,
        accountSharePercent: 50,
        maxWaitMs: 1000,
      });
      expect(loadConfig({}).upstreamBudget.perMinute).toBe(0);
      expect(
        loadConfig({ ...remote, UPSTREAM_RATE_LIMIT_PER_MINUTE: '0' }).upstreamBudget.perMinute,
      ).toBe(0);
      expect(() => loadConfig({ UPSTREAM_RATE_LIMIT_ACCOUNT_PCT: '0' })).toThrow(
        /UPSTREAM_RATE_LIMIT_ACCOUNT_PCT/,
      );
    });

    it('caches entities for 30 s by default, 0 turning the cache off, and refuses a bad TTL', () => {
      expect(loadConfig({}).entityCache).toEqual({ ttlMs: 30_000 });
      expect(loadConfig({ ENTITY_CACHE_TTL_MS: '0' }).entityCache.ttlMs).toBe(0);
      expect(() => loadConfig({ ENTITY_CACHE_TTL_MS: '-1' })).toThrow(/ENTITY_CACHE_TTL_MS/);
      expect(() => loadConfig({ ENTITY_CACHE_TTL_MS: 'soon' })).toThrow(/ENTITY_CACHE_TTL_MS/);
    });
  });

  it('reads WORKERS: 1 by default, a count, or auto for the cores; names a bad value', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ WORKERS: '4' }).workers).toBe(4);
    expect(loadConfig({ WORKERS: 'auto' }, undefined, () => 6).workers).toBe(6);
    expect(loadConfig({ WORKERS: 'AUTO' }, undefined, () => 1).workers).toBe(1);
    for (const bad of ['0', '-2', '1.5', 'many', '257']) {
      expect(() => loadConfig({ WORKERS: bad })).toThrow(
        new RegExp(`WORKERS must be auto or an integer from 1 to 256 \\(got "${bad}"\\)`),
      );
    }
  });

  it('allows loopback origins by default in development only, and never in production', () => {
    expect(loadConfig({}).corsAllowLoopback).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).corsAllowLoopback).toBe(false);
    expect(loadConfig({ CORS_ALLOW_LOOPBACK: 'false' }).corsAllowLoopback).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32) }).corsAllowLoopback,
    ).toBe(false);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        AUTH_JWT_SECRET: 'x'.repeat(32),
        CORS_ALLOW_LOOPBACK: 'true',
      }),
    ).toThrow(/CORS_ALLOW_LOOPBACK/);
  });
});
