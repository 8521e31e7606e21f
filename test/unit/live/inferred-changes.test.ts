import { inferChanges } from '../../../src/live/inferred-changes';
import type { WixPackage, WixProductInstance } from '../../../src/wix/wire-types';

function instance(id: string, extra: Partial<WixProductInstance> = {}): WixProductInstance {
  return {
    instanceId: id,
    catalogProductId: 'core',
    status: 'ENABLED',
    createdDate: '2024-01-01T00:00:00.000Z',
    updatedDate: '2024-01-01T00:00:00.000Z',
    ...extra,
  };
}

function pkg(
  instances: WixProductInstance[],
  createdDate = '2024-01-01T00:00:00.000Z',
): WixPackage {
  return {
    id: 'p',
    accountId: 'a',
    productInstances: instances,
    createdDate,
    updatedDate: '2024-01-02T00:00:00.000Z',
  };
}

const SINCE = Date.parse('2024-01-01T12:00:00.000Z');

describe('inferChanges', () => {
  it('names instance changes as the Wix events would', () => {
    const before = pkg([
      instance('i1', { status: 'PENDING' }),
      instance('i2', { status: 'PENDING' }),
      instance('i3'),
      instance('i4', { siteId: 's' }),
      instance('i5'),
      instance('i6'),
    ]);
    const after = pkg([
      instance('i1', { status: 'ENABLED' }),
      instance('i2', { status: 'FAILED' }),
      instance('i3', { siteId: 's' }),
      instance('i4'),
      instance('i5', { catalogProductId: 'business' }),
      instance('i6', { status: 'CANCELED' }),
    ]);
    expect(inferChanges(before, after, SINCE)).toEqual([
      { kind: 'INSTANCE_UPDATED', productInstanceId: 'i1' },
      { kind: 'INSTANCE_FAILED', productInstanceId: 'i2' },
      { kind: 'INSTANCE_ASSIGNED', productInstanceId: 'i3' },
      { kind: 'INSTANCE_UNASSIGNED', productInstanceId: 'i4' },
      { kind: 'INSTANCE_ADJUSTED', productInstanceId: 'i5' },
      { kind: 'INSTANCE_CANCELED', productInstanceId: 'i6' },
    ]);
  });

  it('calls a package whose instances all became CANCELED at once CANCELED', () => {
    const before = pkg([instance('i1'), instance('i2'), instance('i3', { status: 'FAILED' })]);
    const after = pkg([
      instance('i1', { status: 'CANCELED' }),
      instance('i2', { status: 'CANCELED' }),
      instance('i3', { status: 'FAILED' }),
    ]);
    expect(inferChanges(before, after, SINCE)).toEqual([{ kind: 'CANCELED' }]);
  });

  it('without a previous state: CREATED when created since watching began, else unknown', () => {
    expect(
      inferChanges(undefined, pkg([instance('i1')], '2024-01-01T13:00:00.000Z'), SINCE),
    ).toEqual([{ kind: 'CREATED' }]);
    expect(inferChanges(undefined, pkg([instance('i1')]), SINCE)).toEqual([
      { kind: 'INSTANCE_UPDATED' },
    ]);
  });

  it('reports nothing for a change outside the instances (external id)', () => {
    const before = pkg([instance('i1')]);
    expect(inferChanges(before, { ...before, externalId: 'x' }, SINCE)).toEqual([]);
  });
});
