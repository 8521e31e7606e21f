import { changeOfDomainEvent } from '../../../src/webhooks/domain-event-change';
import type { WixDomainEvent, WixPackage } from '../../../src/wix/wire-types';
import { WIX_PACKAGES_ENTITY_FQDN } from '../../../src/wix/wire-types';

const PKG: WixPackage = {
  id: '6f1c2a9e-3b4d-4e8f-9a10-2b3c4d5e6f70',
  accountId: '1b2c3d4e-5f60-4172-8384-a5b6c7d8e9f0',
  productInstances: [
    {
      instanceId: '9e8d7c6b-5a49-4382-a716-f5e4d3c2b1a0',
      catalogProductId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      status: 'ENABLED',
      createdDate: '2024-05-01T10:00:00.120Z',
      updatedDate: '2024-05-01T10:05:00.000Z',
    },
  ],
  createdDate: '2024-05-01T10:00:00.450Z',
  updatedDate: '2024-05-01T10:05:00.000Z',
};
const INSTANCE = PKG.productInstances[0]!.instanceId;

function action(slug: string, extra: Record<string, unknown> = {}): WixDomainEvent {
  return {
    id: `event-${slug}`,
    entityFqdn: WIX_PACKAGES_ENTITY_FQDN,
    slug,
    entityId: PKG.id,
    eventTime: '2024-05-01T10:05:00.010Z',
    entityEventSequence: '42',
    actionEvent: {
      bodyAsJson: JSON.stringify({ package: PKG, productInstanceId: INSTANCE, ...extra }),
    },
  };
}

describe('DomainEvent → PackageChangeEvent', () => {
  it.each([
    ['package_canceled', 'CANCELED'],
    ['product_instance_canceled', 'INSTANCE_CANCELED'],
    ['assigned_product_instance_to_site', 'INSTANCE_ASSIGNED'],
    ['unassigned_product_instance_from_site', 'INSTANCE_UNASSIGNED'],
    ['adjusted_product_instance_specifications', 'INSTANCE_ADJUSTED'],
    ['product_instance_updated', 'INSTANCE_UPDATED'],
    ['product_instance_failed', 'INSTANCE_FAILED'],
  ])('maps %s to %s with the package, its account and the sequence as order', (slug, kind) => {
    const outcome = changeOfDomainEvent(action(slug));
    expect(outcome).toEqual({
      kind: 'change',
      change: {
        eventId: `event-${slug}`,
        kind,
        occurredAt: '2024-05-01T10:05:00.010Z',
        accountId: PKG.accountId,
        packageId: PKG.id,
        ...(kind === 'CANCELED' ? {} : { productInstanceId: INSTANCE }),
        package: PKG,
        order: 42,
        source: 'webhook',
      },
    });
  });

  it('maps created from createdEvent.entityAsJson; without a sequence, order is updatedDate', () => {
    const outcome = changeOfDomainEvent({
      id: 'e1',
      entityFqdn: WIX_PACKAGES_ENTITY_FQDN,
      slug: 'created',
      entityId: PKG.id,
      eventTime: PKG.createdDate,
      createdEvent: { entityAsJson: JSON.stringify(PKG) },
    });
    expect(outcome).toMatchObject({
      kind: 'change',
      change: { kind: 'CREATED', order: Date.parse(PKG.updatedDate), package: PKG },
    });
    expect(outcome.kind === 'change' && 'productInstanceId' in outcome.change).toBe(false);
  });

  it('dispatches on entityFqdn + slug: other entities, deleted and unknown slugs are ignored', () => {
    expect(
      changeOfDomainEvent({
        ...action('product_instance_updated'),
        entityFqdn: 'wix.other.v1.things',
      }),
    ).toEqual({ kind: 'ignored' });
    expect(changeOfDomainEvent({ ...action('deleted') })).toEqual({ kind: 'ignored' });
    expect(changeOfDomainEvent({ ...action('something_new') })).toEqual({ kind: 'ignored' });
  });

  it('refuses bodies without a usable package or instance id', () => {
    const noBody = { ...action('product_instance_updated'), actionEvent: { bodyAsJson: '{' } };
    expect(changeOfDomainEvent(noBody).kind).toBe('malformed');
    const noAccount = action('package_canceled');
    noAccount.actionEvent = { bodyAsJson: JSON.stringify({ package: { ...PKG, accountId: 7 } }) };
    expect(changeOfDomainEvent(noAccount).kind).toBe('malformed');
    const noInstance = action('product_instance_failed');
    noInstance.actionEvent = { bodyAsJson: JSON.stringify({ package: PKG }) };
    expect(changeOfDomainEvent(noInstance).kind).toBe('malformed');
  });

  it('falls back to updatedDate when the sequence is not a decimal integer', () => {
    const event = { ...action('product_instance_updated'), entityEventSequence: 'abc' };
    const outcome = changeOfDomainEvent(event);
    expect(outcome.kind === 'change' && outcome.change.order).toBe(Date.parse(PKG.updatedDate));
  });
});
