/**
 * Real Wix-style webhook bodies signed by the emulator's own key: the emulator delivers to a
 * recording receiver (not to a gateway), so a test can post the very same signed event to one
 * replica, or to several, as Wix does when it delivers an event twice. Not a test file.
 */
import type { RunningEmulator } from '../../src/emulator';
import { aPackage, instanceId, packageId } from './package-fixtures';
import { WebhookReceiver } from './webhook-receiver';

export interface SignedPackageEvent {
  /** The signed body exactly as the emulator posted it (a JWT; content type text/plain). */
  readonly body: string;
  readonly accountId: string;
  readonly packageId: string;
  /** The DomainEvent id (what subscribers see as `eventId`). */
  readonly eventId: string;
}

/**
 * Seeds a package (fixture number `n`) of `accountId` with one PENDING instance, turns the
 * instance ENABLED, and returns the signed `product_instance_updated` delivery. The emulator's
 * webhook target is restored to none afterwards.
 */
export async function signedInstanceEnabledEvent(
  emulator: RunningEmulator,
  accountId: string,
  n: number,
): Promise<SignedPackageEvent> {
  const receiver = await WebhookReceiver.start();
  const control = emulator.control;
  try {
    control.seed({
      packages: [aPackage({ id: n, accountId, instances: [{ id: n, status: 'PENDING' }] })],
    });
    control.setWebhookTarget(receiver.url);
    control.setInstanceStatus(instanceId(n), 'ENABLED');
    const [delivery] = await receiver.waitFor(1);
    await control.whenWebhooksIdle();
    const event = control.domainEvents().at(-1);
    if (event === undefined || event.entityId !== packageId(n)) {
      throw new Error('the emulator recorded no event for the seeded package');
    }
    return { body: delivery!.body, accountId, packageId: packageId(n), eventId: event.id };
  } finally {
    control.setWebhookTarget(undefined);
    await receiver.close();
  }
}

/** Posts a signed body to a gateway's webhook route; resolves with status and JSON answer. */
export async function postWebhook(
  gatewayUrl: string,
  body: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${gatewayUrl}/webhooks/wix`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
