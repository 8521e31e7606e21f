import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '../../../src/config/config';

describe('loadConfig: WIX_WEBHOOK_PUBLIC_KEY', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('is unset by default: the receiver is off', () => {
    expect(loadConfig({}).webhookPublicKeyPem).toBeUndefined();
  });

  it('takes an RSA public key in PEM, also written on one line with \\n escapes', () => {
    expect(loadConfig({ WIX_WEBHOOK_PUBLIC_KEY: publicPem }).webhookPublicKeyPem).toBe(
      publicPem.trim(),
    );
    const oneLine = publicPem.replace(/\n/g, '\\n');
    expect(loadConfig({ WIX_WEBHOOK_PUBLIC_KEY: oneLine }).webhookPublicKeyPem).toBe(
      publicPem.trim(),
    );
  });

  it('with the receiver on, refuses a shared body budget smaller than the largest webhook', () => {
    expect(() =>
      loadConfig({ WIX_WEBHOOK_PUBLIC_KEY: publicPem, HTTP_MAX_BUFFERED_BODY_BYTES: '2097152' }),
    ).toThrow(/HTTP_MAX_BUFFERED_BODY_BYTES must be at least 4194304 .* WIX_WEBHOOK_PUBLIC_KEY/);
    // Without the receiver the same budget is fine, and 4 MiB is enough with it.
    expect(loadConfig({ HTTP_MAX_BUFFERED_BODY_BYTES: '2097152' }).httpServer).toMatchObject({
      maxBufferedBodyBytes: 2097152,
    });
    expect(
      loadConfig({ WIX_WEBHOOK_PUBLIC_KEY: publicPem, HTTP_MAX_BUFFERED_BODY_BYTES: '4194304' })
        .httpServer.maxBufferedBodyBytes,
    ).toBe(4194304);
  });

  it('refuses anything else, by name: garbage, a private key, a non-RSA key', () => {
    const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecPem = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const value of ['not a key', privatePem, ecPem]) {
      expect(() => loadConfig({ WIX_WEBHOOK_PUBLIC_KEY: value })).toThrow(
        /WIX_WEBHOOK_PUBLIC_KEY must be an RSA public key/,
      );
    }
  });

  it('never echoes the rejected value', () => {
    const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      loadConfig({ WIX_WEBHOOK_PUBLIC_KEY: privatePem });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).not.toContain('PRIVATE KEY');
    }
  });
});
