import type { WixDomainEvent, WixPackage, WixWebhookEnvelope } from '../../wix/wire-types';

/** The app instance id the emulator's account-level webhooks carry (fixed; Wix's is per app). */
export const EMULATOR_WEBHOOK_INSTANCE_ID = '7e1c0a3b-5d2f-4c6e-9b8a-0f1e2d3c4b5a';
/** The app id in `identity` of every emulated event (changes are made by the reseller's app). */
export const EMULATOR_WEBHOOK_APP_ID = '3f6a9c1e-8b2d-4e7f-a05c-9d8e7f6a5b4c';

/**
 * The envelope (contract: event envelope) that carries one DomainEvent: `eventType` is `<entityFqdn>_<slug>`
 * (Wix's usual pattern; undocumented for this API), `data` and `identity` are JSON strings,
 * `accountInfo` names the package's account (sub-accounts' events reach the parent's URL too).
 */
export function webhookEnvelopeOf(event: WixDomainEvent, pkg: WixPackage): WixWebhookEnvelope {
  return {
    eventType: `${event.entityFqdn}_${event.slug}`,
    instanceId: EMULATOR_WEBHOOK_INSTANCE_ID,
    data: JSON.stringify(event),
    identity: JSON.stringify({ identityType: 'APP', appId: EMULATOR_WEBHOOK_APP_ID }),
    accountInfo: {
      accountId: pkg.accountId,
      ...(pkg.parentAccountId !== undefined && { parentAccountId: pkg.parentAccountId }),
    },
  };
}
