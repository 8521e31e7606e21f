/** Verifies and unwraps a webhook body the way a receiver must. Not a test file. */
import { importSPKI, jwtVerify } from 'jose';
import type {
  WixDomainEvent,
  WixPackageActionBody,
  WixWebhookEnvelope,
} from '../../../../src/wix/wire-types';

export interface DecodedWebhook {
  readonly envelope: WixWebhookEnvelope;
  readonly event: WixDomainEvent;
  /** `actionEvent.bodyAsJson` parsed (action slugs), or `createdEvent.entityAsJson` as `{package}`. */
  readonly body: WixPackageActionBody;
  readonly header: { alg?: string; typ?: string };
}

/** @throws when the signature does not verify with `publicKeyPem` (RS256 only) */
export async function decodeWebhook(token: string, publicKeyPem: string): Promise<DecodedWebhook> {
  const key = await importSPKI(publicKeyPem, 'RS256');
  const { payload, protectedHeader } = await jwtVerify(token, key, { algorithms: ['RS256'] });
  const envelope = JSON.parse(payload.data as string) as WixWebhookEnvelope;
  const event = JSON.parse(envelope.data) as WixDomainEvent;
  const body = event.actionEvent
    ? (JSON.parse(event.actionEvent.bodyAsJson) as WixPackageActionBody)
    : { package: JSON.parse(event.createdEvent?.entityAsJson ?? 'null') };
  return { envelope, event, body, header: protectedHeader };
}
