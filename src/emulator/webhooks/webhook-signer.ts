import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { SignJWT } from 'jose';
import type { WixWebhookEnvelope } from '../../wix/wire-types';

/** The only algorithm Wix signs webhooks with. */
export const WEBHOOK_ALGORITHM = 'RS256';

/**
 * Signs webhook payloads as Wix does: a JWT (RS256) whose `data` claim is the JSON string of
 * the envelope. The RSA key pair is the one given (PKCS#8 or PKCS#1 PEM) or, when none is,
 * generated on first use (2048 bits), so emulators that never deliver pay nothing for it.
 */
export class WebhookSigner {
  private key: { privateKey: KeyObject; publicKeyPem: string } | undefined;

  /** @throws Error when `privateKeyPem` is given but is not an RSA private key */
  constructor(privateKeyPem?: string) {
    if (privateKeyPem !== undefined) {
      let privateKey: KeyObject;
      try {
        privateKey = createPrivateKey(privateKeyPem);
      } catch {
        throw new Error('the webhook signing key is not a PEM private key');
      }
      if (privateKey.asymmetricKeyType !== 'rsa') {
        throw new Error('the webhook signing key must be an RSA key (RS256)');
      }
      this.key = { privateKey, publicKeyPem: publicPemOf(privateKey) };
    }
  }

  /** The public key (SPKI PEM) a receiver verifies with: what Wix shows as "Get Public Key". */
  publicKeyPem(): string {
    return this.keyPair().publicKeyPem;
  }

  /** The request body of one webhook: a compact JWT with `{ data, iat }` (no `exp`: resends reuse it). */
  sign(envelope: WixWebhookEnvelope, issuedAtSec: number): Promise<string> {
    return new SignJWT({ data: JSON.stringify(envelope) })
      .setProtectedHeader({ alg: WEBHOOK_ALGORITHM, typ: 'JWT' })
      .setIssuedAt(issuedAtSec)
      .sign(this.keyPair().privateKey);
  }

  private keyPair(): { privateKey: KeyObject; publicKeyPem: string } {
    if (!this.key) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.key = { privateKey, publicKeyPem: publicPemOf(privateKey) };
    }
    return this.key;
  }
}

function publicPemOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}
