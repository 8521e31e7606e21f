/**
 * Verifies a Wix webhook body: a compact JWT signed RS256 with the key shown at Wix under
 * Settings → Webhooks → Get Public Key. RS256 only (an `alg` of `none`, HS256 with the public
 * key as secret, or anything else is refused), no `exp` required (Wix's resends carry the
 * token of the event's time, up to 48 hours later).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';

export const WIX_WEBHOOK_ALGORITHM = 'RS256';

/** What verification yields: the claims, of which the receiver reads `data`. */
export type WebhookClaims = Readonly<Record<string, unknown>>;

export interface WixWebhookVerifier {
  /** The verified claims, or undefined for a token that is not validly signed RS256 by the key. */
  verify(token: string): Promise<WebhookClaims | undefined>;
}

/**
 * @param publicKeyPem the SPKI PEM (RSA) Wix signs with
 * @throws Error when the PEM is not an RSA public key (config validates this first)
 */
export function createWixWebhookVerifier(publicKeyPem: string): WixWebhookVerifier {
  const key: KeyObject = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new Error('the webhook public key must be RSA');
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: [WIX_WEBHOOK_ALGORITHM] });
        return payload;
      } catch {
        // Bad signature, wrong algorithm, unsigned, not a JWT at all: all the same to a caller.
        return undefined;
      }
    },
  };
}
