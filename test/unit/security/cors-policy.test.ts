import { createCorsPolicy } from '../../../src/security/cors-policy';

describe('createCorsPolicy', () => {
  const policy = createCorsPolicy(['https://app.example.com', 'http://localhost:5173']);

  it('echoes an allowed origin with the preflight headers', () => {
    expect(policy('https://app.example.com')).toEqual({
      Vary: 'Origin',
      'Access-Control-Allow-Origin': 'https://app.example.com',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers':
        'content-type, authorization, apollo-require-preflight, x-apollo-operation-name, x-request-id, cache-control, pragma',
      'Access-Control-Expose-Headers': 'x-request-id',
      'Access-Control-Max-Age': '600',
    });
    expect(policy('http://localhost:5173')['Access-Control-Allow-Origin']).toBe(
      'http://localhost:5173',
    );
  });

  it('gives other origins only Vary (exact match: no prefixes, ports or schemes)', () => {
    for (const origin of [
      undefined,
      'null',
      'https://app.example.com.evil.test',
      'https://evil.app.example.com',
      'http://app.example.com',
      'https://app.example.com:8443',
      'http://localhost:5174',
    ]) {
      expect(policy(origin)).toEqual({ Vary: 'Origin' });
    }
  });

  it('never allows credentials or a wildcard', () => {
    expect(Object.keys(policy('https://app.example.com'))).not.toContain(
      'Access-Control-Allow-Credentials',
    );
    expect(() => createCorsPolicy(['*'])).toThrow();
    expect(() => createCorsPolicy(['null'])).toThrow();
  });

  it('refuses entries that are not exact origins', () => {
    expect(() => createCorsPolicy(['https://app.example.com/'])).toThrow(/exactly/);
    expect(() => createCorsPolicy(['https://app.example.com/path'])).toThrow(/exactly/);
    expect(() => createCorsPolicy(['app.example.com'])).toThrow();
    expect(() => createCorsPolicy(['ftp://app.example.com'])).toThrow();
  });
});

describe('createCorsPolicy with loopback origins (the development default)', () => {
  const policy = createCorsPolicy(['https://app.example.com'], { allowLoopback: true });
  const exactOnly = createCorsPolicy(['https://app.example.com']);

  it('allows localhost, 127.0.0.0/8 and [::1] on any port, and still the listed origins', () => {
    for (const origin of [
      'http://localhost:5173',
      'http://localhost',
      'https://localhost:8443',
      'http://127.0.0.1:3000',
      'http://127.1.2.3:8080',
      'http://[::1]:5173',
      'https://app.example.com',
    ]) {
      expect(policy(origin)['Access-Control-Allow-Origin']).toBe(origin);
    }
  });

  it('refuses origins that only look local, and loopback when not enabled', () => {
    for (const origin of [
      'http://localhost.evil.test',
      'http://evil-localhost:5173',
      'http://127.0.0.1.evil.test',
      'http://128.0.0.1:3000',
      'http://localhost:5173/',
      'file://localhost',
      'null',
    ]) {
      expect(policy(origin)).toEqual({ Vary: 'Origin' });
    }
    expect(exactOnly('http://localhost:5173')).toEqual({ Vary: 'Origin' });
  });
});
