import {
  mapPackage,
  countInstancesByStatus,
  PACKAGE_DATE_TIME_FIELDS,
} from '../../../src/graphql/package/package.mapper';
import { getNamedType, isObjectType } from 'graphql';
import { DateTimeScalar } from '../../../src/graphql/common/date-time.scalar';
import { buildGatewaySchema } from '../../../src/schema';
import type { WixInstanceStatus } from '../../../src/wix/wire-types';
import {
  mapProductInstance,
  PRODUCT_INSTANCE_DATE_TIME_FIELDS,
} from '../../../src/graphql/product-instance/product-instance.mapper';
import { LEAVES_VERIFIED } from '../../../src/graphql/pipeline/projection/verified-leaves';
import { CycleType } from '../../../src/graphql/product-instance/cycle-type.enum';
import { FailureCode } from '../../../src/graphql/product-instance/failure-code.enum';
import { IntervalUnit } from '../../../src/graphql/product-instance/interval-unit.enum';
import { ProductInstanceStatus } from '../../../src/graphql/product-instance/product-instance-status.enum';
import type { WixPackage, WixProductInstance } from '../../../src/wix/wire-types';
import { buildInstance, buildPackage, guid } from '../../helpers/fake-packages-api';

const FULL_INSTANCE: WixProductInstance = {
  instanceId: guid('ins', 1),
  siteId: guid('site', 1),
  catalogProductId: guid('prod', 1),
  status: 'FAILED',
  failure: { code: 'DELIVERY_TIMEOUT', message: 'took too long' },
  billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
  createdDate: '2024-05-01T10:00:00.120Z',
  updatedDate: '2024-05-02T10:00:00.000Z',
  countryCode: 'BR',
  expirationDate: '2025-05-01T10:00:00.000Z',
  discountCode: 'SPRING',
  referenceProductInstanceId: guid('ins', 9),
};

describe('mapProductInstance', () => {
  it('maps a status it does not know to UNKNOWN and a known one in any case', () => {
    const status = (value: string) =>
      mapProductInstance(buildInstance(9, { status: value as WixInstanceStatus }), 'p').status;
    expect(status('SUSPENDED')).toBe('UNKNOWN');
    expect(status('Awaiting_Action')).toBe('AWAITING_ACTION');
  });

  it('maps every field', () => {
    const mapped = mapProductInstance(FULL_INSTANCE, guid('pkg', 1));
    expect(mapped).toEqual({
      id: guid('ins', 1),
      instanceId: guid('ins', 1),
      siteId: guid('site', 1),
      isFloating: false,
      catalogProductId: guid('prod', 1),
      status: ProductInstanceStatus.FAILED,
      failure: { code: FailureCode.DELIVERY_TIMEOUT, message: 'took too long' },
      billingInfo: {
        type: CycleType.RECURRING,
        cycleDuration: { unit: IntervalUnit.YEAR, count: 1 },
      },
      countryCode: 'BR',
      discountCode: 'SPRING',
      expirationDate: '2025-05-01T10:00:00.000Z',
      referenceProductInstanceId: guid('ins', 9),
      createdDate: '2024-05-01T10:00:00.120Z',
      updatedDate: '2024-05-02T10:00:00.000Z',
      packageId: guid('pkg', 1),
      // Its timestamps are in the upstream's form: marked as checked (verified-leaves.ts).
      [LEAVES_VERIFIED]: mapped,
    });
  });

  it('turns absent optional fields into null and marks the instance floating', () => {
    const mapped = mapProductInstance(buildInstance(2), guid('pkg', 2));
    expect(mapped).toMatchObject({
      siteId: null,
      isFloating: true,
      failure: null,
      billingInfo: null,
      countryCode: null,
      discountCode: null,
      expirationDate: null,
      referenceProductInstanceId: null,
    });
  });

  it('maps partial nested objects with nulls', () => {
    const mapped = mapProductInstance(
      buildInstance(3, { billingInfo: { type: 'ONE_TIME' }, failure: {} }),
      guid('pkg', 3),
    );
    expect(mapped.billingInfo).toEqual({ type: CycleType.ONE_TIME, cycleDuration: null });
    expect(mapped.failure).toEqual({ code: null, message: null });
    const noType = mapProductInstance(
      buildInstance(3, { billingInfo: { cycleDuration: { count: 2 } } }),
      guid('pkg', 3),
    );
    expect(noType.billingInfo).toEqual({ type: null, cycleDuration: { unit: null, count: 2 } });
  });

  it('reads enums case-insensitively and falls back to UNKNOWN for new values', () => {
    const wire = {
      ...buildInstance(4),
      status: 'Enabled',
      billingInfo: { type: 'SOMETHING_NEW', cycleDuration: { unit: 'month', count: 1 } },
      failure: { code: 'NEW_CODE' },
    } as unknown as WixProductInstance;
    const mapped = mapProductInstance(wire, guid('pkg', 4));
    expect(mapped.status).toBe(ProductInstanceStatus.ENABLED);
    expect(mapped.billingInfo?.type).toBe(CycleType.UNKNOWN);
    expect(mapped.billingInfo?.cycleDuration?.unit).toBe(IntervalUnit.MONTH);
    expect(mapped.failure?.code).toBe(FailureCode.UNKNOWN);
  });

  it('uses billingInfo (already normalised upstream) and only falls back to paymentInfo', () => {
    const both = buildInstance(5, {
      billingInfo: { type: 'RECURRING' },
      paymentInfo: { type: 'ONE_TIME' },
    });
    expect(mapProductInstance(both, 'p').billingInfo?.type).toBe(CycleType.RECURRING);
    const legacy = buildInstance(5, { paymentInfo: { type: 'ONE_TIME' } });
    expect(mapProductInstance(legacy, 'p').billingInfo?.type).toBe(CycleType.ONE_TIME);
  });
});

describe('mapPackage', () => {
  const wire: WixPackage = {
    id: guid('pkg', 1),
    accountId: guid('pkg', 100),
    externalId: 'sub-000123',
    parentAccountId: guid('pkg', 101),
    productInstances: [
      buildInstance(1, { status: 'PENDING' }),
      buildInstance(2, { status: 'ENABLED' }),
      buildInstance(3, { status: 'ENABLED' }),
      buildInstance(4, { status: 'CANCELED' }),
      buildInstance(5, { status: 'FAILED', failure: { code: 'EXTERNAL_FAILURE' } }),
      buildInstance(6, { status: 'AWAITING_ACTION' }),
    ],
    createdDate: '2024-05-01T10:00:00.450Z',
    updatedDate: '2024-05-03T10:00:00.450Z',
  };

  it('maps every field, instances in upstream order, and counts by status', () => {
    const mapped = mapPackage(wire);
    expect(mapped).toMatchObject({
      id: guid('pkg', 1),
      accountId: guid('pkg', 100),
      externalId: 'sub-000123',
      parentAccountId: guid('pkg', 101),
      createdDate: '2024-05-01T10:00:00.450Z',
      updatedDate: '2024-05-03T10:00:00.450Z',
      instanceCounts: {
        total: 6,
        pending: 1,
        enabled: 2,
        canceled: 1,
        failed: 1,
        awaitingAction: 1,
      },
    });
    expect(mapped.productInstances.map((i) => i.instanceId)).toEqual(
      wire.productInstances.map((i) => i.instanceId),
    );
    expect(mapped.productInstances.every((i) => i.packageId === wire.id)).toBe(true);
  });

  it('maps absent optional fields to null', () => {
    const mapped = mapPackage(buildPackage(7));
    expect(mapped.externalId).toBeNull();
    expect(mapped.parentAccountId).toBeNull();
  });

  it('returns the same object for the same wire object (and a fresh one otherwise)', () => {
    expect(mapPackage(wire)).toBe(mapPackage(wire));
    expect(mapPackage(structuredClone(wire))).not.toBe(mapPackage(wire));
    expect(mapPackage(structuredClone(wire))).toEqual(mapPackage(wire));
  });

  it("keeps its memo out of sight of the wire object's keys, copies and JSON", () => {
    const fresh = structuredClone(wire);
    const before = JSON.stringify(fresh);
    mapPackage(fresh);
    expect(Object.keys(fresh)).toEqual(Object.keys(wire));
    expect(JSON.stringify(fresh)).toBe(before);
    expect({ ...fresh }).toEqual(wire);
    expect(structuredClone(fresh)).toEqual(wire);
  });

  it('maps a frozen wire object, afresh each time', () => {
    const frozen = Object.freeze(structuredClone(wire));
    expect(mapPackage(frozen)).toEqual(mapPackage(wire));
    expect(mapPackage(frozen)).not.toBe(mapPackage(frozen));
  });

  it('counts unknown statuses in total only', () => {
    expect(countInstancesByStatus(['ENABLED', 'enabled', 'SUSPENDED'])).toEqual({
      total: 3,
      pending: 0,
      enabled: 2,
      canceled: 0,
      failed: 0,
      awaitingAction: 0,
    });
  });
});

describe('timestamps checked once, where objects are mapped', () => {
  const dateTimeFields = (typeName: string): string[] => {
    const type = buildGatewaySchema().getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    return Object.values(type.getFields())
      .filter((field) => getNamedType(field.type) === DateTimeScalar)
      .map((field) => field.name)
      .sort();
  };

  it('covers every DateTime field of Package and ProductInstance', () => {
    // A DateTime field the mapper did not check would be served unchecked from a marked object.
    expect([...PACKAGE_DATE_TIME_FIELDS].sort()).toEqual(dateTimeFields('Package'));
    expect([...PRODUCT_INSTANCE_DATE_TIME_FIELDS].sort()).toEqual(
      dateTimeFields('ProductInstance'),
    );
  });

  it('marks an object whose timestamps are all in the upstream form (or absent)', () => {
    const mapped = mapPackage(buildPackage(1));
    expect(mapped[LEAVES_VERIFIED as never]).toBe(mapped);
    const instance = mapped.productInstances[0];
    expect(instance?.expirationDate).toBeNull();
    expect(instance?.[LEAVES_VERIFIED as never]).toBe(instance);
  });

  it('leaves an object unmarked when one timestamp is in another form or refused', () => {
    for (const createdDate of ['2024-05-01T10:00:00Z', '2024-05-01T12:00:00+02:00', 'yesterday']) {
      const pkg = mapPackage(buildPackage(2, { createdDate }));
      expect(pkg[LEAVES_VERIFIED as never]).toBeUndefined();
      const instance = mapProductInstance(buildInstance(3, { expirationDate: createdDate }), 'p');
      expect(instance[LEAVES_VERIFIED as never]).toBeUndefined();
    }
  });
});
