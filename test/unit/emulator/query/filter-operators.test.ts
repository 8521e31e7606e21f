import { OTHER, ROOT, SUB, at, ids, indexOf, instance, pkg, run } from './fixtures';

const index = indexOf([
  pkg('p1', 1, {
    externalId: 'ext-1',
    updated: 10,
    productInstances: [
      instance('p1-i1', {
        status: 'ENABLED',
        siteId: 's1',
        billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
        createdDate: at(1),
        updatedDate: at(1),
      }),
    ],
  }),
  pkg('p2', 2, {
    accountId: SUB,
    externalId: 'ext-2',
    productInstances: [
      instance('p2-i1', {
        status: 'FAILED',
        failure: { code: 'DELIVERY_TIMEOUT', message: 'took too long' },
        createdDate: at(2),
      }),
      instance('p2-i2', {
        status: 'ENABLED',
        siteId: 's2',
        catalogProductId: 'prod-domain',
        billingInfo: { type: 'ONE_TIME' },
      }),
    ],
  }),
  pkg('p3', 3, {
    productInstances: [
      instance('p3-i1', {
        status: 'CANCELED',
        countryCode: 'IN',
        billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } },
        createdDate: at(3),
        updatedDate: at(4),
      }),
    ],
  }),
  // Outside the caller's account tree: never returned, whatever the filter.
  pkg('p4', 4, {
    accountId: OTHER,
    externalId: 'ext-1',
    productInstances: [instance('p4-i1', { status: 'ENABLED', siteId: 's1' })],
  }),
]);

/** Ids matching a filter, in the default order (createdDate DESC). */
const match = (filter: Record<string, unknown>): string[] => ids(run(index, { filter }));

describe('filter operators on id, accountId and externalId', () => {
  it.each([
    ['id plain equality', { id: 'p1' }, ['p1']],
    ['id $eq', { id: { $eq: 'p2' } }, ['p2']],
    ['id $ne', { id: { $ne: 'p1' } }, ['p3', 'p2']],
    ['id $in', { id: { $in: ['p1', 'p3', 'missing', 'p4'] } }, ['p3', 'p1']],
    ['id $in []', { id: { $in: [] } }, []],
    ['id $exists true', { id: { $exists: true } }, ['p3', 'p2', 'p1']],
    ['id $exists false', { id: { $exists: false } }, []],
    ['accountId $eq', { accountId: { $eq: SUB } }, ['p2']],
    ['accountId plain', { accountId: ROOT }, ['p3', 'p1']],
    ['accountId $ne', { accountId: { $ne: SUB } }, ['p3', 'p1']],
    ['accountId $in (never widens)', { accountId: { $in: [SUB, OTHER] } }, ['p2']],
    ['accountId $eq outside scope', { accountId: OTHER }, []],
    ['accountId $exists', { accountId: { $exists: true } }, ['p3', 'p2', 'p1']],
    ['externalId $eq', { externalId: { $eq: 'ext-1' } }, ['p1']],
    ['externalId $ne (absent counts as different)', { externalId: { $ne: 'ext-1' } }, ['p3', 'p2']],
    ['externalId $in', { externalId: { $in: ['ext-2', 'ext-1'] } }, ['p2', 'p1']],
    ['externalId $exists true', { externalId: { $exists: true } }, ['p2', 'p1']],
    ['externalId $exists false', { externalId: { $exists: false } }, ['p3']],
  ])('%s', (_name, filter, expected) => {
    expect(match(filter)).toEqual(expected);
  });
});

describe('filter operators on createdDate and updatedDate', () => {
  it.each([
    ['createdDate plain equality', { createdDate: at(2) }, ['p2']],
    ['createdDate $eq', { createdDate: { $eq: at(2) } }, ['p2']],
    ['createdDate $ne', { createdDate: { $ne: at(2) } }, ['p3', 'p1']],
    ['createdDate $gt', { createdDate: { $gt: at(2) } }, ['p3']],
    ['createdDate $gte', { createdDate: { $gte: at(2) } }, ['p3', 'p2']],
    ['createdDate $lt', { createdDate: { $lt: at(2) } }, ['p1']],
    ['createdDate $lte', { createdDate: { $lte: at(2) } }, ['p2', 'p1']],
    ['createdDate range', { createdDate: { $gt: at(1), $lt: at(3) } }, ['p2']],
    ['updatedDate $eq', { updatedDate: { $eq: at(10) } }, ['p1']],
    ['updatedDate $ne', { updatedDate: { $ne: at(10) } }, ['p3', 'p2']],
    ['updatedDate $gt', { updatedDate: { $gt: at(2) } }, ['p3', 'p1']],
    ['updatedDate $gte', { updatedDate: { $gte: at(3) } }, ['p3', 'p1']],
    ['updatedDate $lt', { updatedDate: { $lt: at(3) } }, ['p2']],
    ['updatedDate $lte', { updatedDate: { $lte: at(3) } }, ['p3', 'p2']],
  ])('%s', (_name, filter, expected) => {
    expect(match(filter)).toEqual(expected);
  });

  it.each([
    ['without milliseconds', '2024-05-01T10:00:02Z'],
    ['with milliseconds', '2024-05-01T10:00:02.000Z'],
    ['with a positive offset', '2024-05-01T13:00:02+03:00'],
    ['with a negative offset', '2024-05-01T07:30:02.000-02:30'],
    ['with lower-case t and z', '2024-05-01t10:00:02z'],
  ])('parses RFC 3339 %s', (_name, text) => {
    expect(match({ createdDate: { $eq: text } })).toEqual(['p2']);
  });

  it('compares sub-millisecond bounds exactly', () => {
    const bound = '2024-05-01T10:00:02.0005Z';
    expect(match({ createdDate: { $gt: bound } })).toEqual(['p3']);
    expect(match({ createdDate: { $lte: bound } })).toEqual(['p2', 'p1']);
  });
});

describe('filter operators on productInstances paths', () => {
  it.each([
    [
      'instanceId $hasSome',
      { 'productInstances.instanceId': { $hasSome: ['p2-i2', 'p3-i1', 'p4-i1'] } },
      ['p3', 'p2'],
    ],
    [
      'instanceId $hasAll, same package',
      { 'productInstances.instanceId': { $hasAll: ['p2-i1', 'p2-i2'] } },
      ['p2'],
    ],
    [
      'instanceId $hasAll, different packages',
      { 'productInstances.instanceId': { $hasAll: ['p2-i1', 'p3-i1'] } },
      [],
    ],
    ['siteId $hasSome', { 'productInstances.siteId': { $hasSome: ['s1'] } }, ['p1']],
    ['siteId $hasAll', { 'productInstances.siteId': { $hasAll: ['s1', 's2'] } }, []],
    [
      'catalogProductId $hasSome',
      { 'productInstances.catalogProductId': { $hasSome: ['prod-domain'] } },
      ['p2'],
    ],
    [
      'catalogProductId $hasAll',
      { 'productInstances.catalogProductId': { $hasAll: ['prod-premium', 'prod-domain'] } },
      ['p2'],
    ],
    [
      'status $hasSome, mixed case',
      { 'productInstances.status': { $hasSome: ['Enabled'] } },
      ['p2', 'p1'],
    ],
    [
      'status $hasAll, lower case',
      { 'productInstances.status': { $hasAll: ['enabled', 'failed'] } },
      ['p2'],
    ],
    [
      'failure $hasSome (partial object)',
      { 'productInstances.failure': { $hasSome: [{ code: 'delivery_timeout' }] } },
      ['p2'],
    ],
    [
      'failure $hasAll',
      {
        'productInstances.failure': {
          $hasAll: [{ code: 'DELIVERY_TIMEOUT', message: 'took too long' }],
        },
      },
      ['p2'],
    ],
    [
      'failure.code $hasSome',
      { 'productInstances.failure.code': { $hasSome: ['DELIVERY_TIMEOUT', 'UNKNOWN'] } },
      ['p2'],
    ],
    [
      'failure.code $hasAll',
      { 'productInstances.failure.code': { $hasAll: ['EXTERNAL_FAILURE'] } },
      [],
    ],
    [
      'failure.message $hasSome',
      { 'productInstances.failure.message': { $hasSome: ['took too long'] } },
      ['p2'],
    ],
    ['failure.message $hasAll', { 'productInstances.failure.message': { $hasAll: ['other'] } }, []],
    [
      'billingInfo $hasSome',
      { 'productInstances.billingInfo': { $hasSome: [{ type: 'RECURRING' }] } },
      ['p3', 'p1'],
    ],
    [
      'billingInfo $hasAll nested',
      { 'productInstances.billingInfo': { $hasAll: [{ cycleDuration: { unit: 'month' } }] } },
      ['p3'],
    ],
    [
      'billingInfo.type $hasSome',
      { 'productInstances.billingInfo.type': { $hasSome: ['one_time'] } },
      ['p2'],
    ],
    [
      'billingInfo.type $hasAll',
      { 'productInstances.billingInfo.type': { $hasAll: ['RECURRING'] } },
      ['p3', 'p1'],
    ],
    [
      'cycleDuration $hasSome',
      { 'productInstances.billingInfo.cycleDuration': { $hasSome: [{ unit: 'YEAR', count: 1 }] } },
      ['p1'],
    ],
    [
      'cycleDuration $hasAll',
      { 'productInstances.billingInfo.cycleDuration': { $hasAll: [{ count: 1 }] } },
      ['p3', 'p1'],
    ],
    [
      'cycleDuration.unit $hasSome',
      { 'productInstances.billingInfo.cycleDuration.unit': { $hasSome: ['year'] } },
      ['p1'],
    ],
    [
      'cycleDuration.unit $hasAll',
      { 'productInstances.billingInfo.cycleDuration.unit': { $hasAll: ['YEAR', 'MONTH'] } },
      [],
    ],
    [
      'cycleDuration.count $hasSome',
      { 'productInstances.billingInfo.cycleDuration.count': { $hasSome: [1] } },
      ['p3', 'p1'],
    ],
    [
      'cycleDuration.count $hasAll (decimal string)',
      { 'productInstances.billingInfo.cycleDuration.count': { $hasAll: ['1'] } },
      ['p3', 'p1'],
    ],
    [
      'productInstances $hasSome (one element must match every key)',
      { productInstances: { $hasSome: [{ status: 'ENABLED', siteId: 's2' }] } },
      ['p2'],
    ],
    [
      'productInstances $hasSome, keys split over elements',
      { productInstances: { $hasSome: [{ status: 'FAILED', siteId: 's2' }] } },
      [],
    ],
    [
      'productInstances $hasAll',
      { productInstances: { $hasAll: [{ status: 'FAILED' }, { siteId: 's2' }] } },
      ['p2'],
    ],
    [
      'instance createdDate $hasSome',
      { 'productInstances.createdDate': { $hasSome: ['2024-05-01T10:00:03Z'] } },
      ['p3'],
    ],
    [
      'instance createdDate $hasAll',
      { 'productInstances.createdDate': { $hasAll: [at(2), at(0)] } },
      ['p2'],
    ],
    [
      'instance updatedDate $hasSome',
      { 'productInstances.updatedDate': { $hasSome: [at(4), at(1)] } },
      ['p3', 'p1'],
    ],
    [
      'instance updatedDate $hasAll',
      { 'productInstances.updatedDate': { $hasAll: [at(4)] } },
      ['p3'],
    ],
    ['countryCode $hasSome', { 'productInstances.countryCode': { $hasSome: ['IN'] } }, ['p3']],
    ['countryCode $hasAll', { 'productInstances.countryCode': { $hasAll: ['BR', 'IN'] } }, []],
    ['$hasSome [] matches nothing', { 'productInstances.status': { $hasSome: [] } }, []],
    [
      '$hasAll [] matches everything',
      { 'productInstances.status': { $hasAll: [] } },
      ['p3', 'p2', 'p1'],
    ],
  ])('%s', (_name, filter, expected) => {
    expect(match(filter)).toEqual(expected);
  });

  it('reads billingInfo from the paymentInfo spelling too', () => {
    const legacy = indexOf([
      pkg('legacy', 1, {
        productInstances: [instance('legacy-i1', { paymentInfo: { type: 'ONE_TIME' } })],
      }),
    ]);
    const filter = { 'productInstances.billingInfo.type': { $hasSome: ['ONE_TIME'] } };
    expect(ids(run(legacy, { filter }))).toEqual(['legacy']);
  });
});

describe('logical operators', () => {
  it.each([
    [
      '$and',
      {
        $and: [
          { id: { $in: ['p1', 'p2'] } },
          { 'productInstances.status': { $hasSome: ['ENABLED'] } },
        ],
      },
      ['p2', 'p1'],
    ],
    [
      '$or',
      { $or: [{ id: 'p1' }, { 'productInstances.countryCode': { $hasSome: ['IN'] } }] },
      ['p3', 'p1'],
    ],
    ['$not', { $not: { id: 'p1' } }, ['p3', 'p2']],
    ['$not of $or', { $not: { $or: [{ id: 'p1' }, { id: 'p2' }] } }, ['p3']],
    [
      'nested $and in $or in $not',
      { $not: { $or: [{ $and: [{ accountId: ROOT }, { externalId: { $exists: true } }] }] } },
      ['p3', 'p2'],
    ],
    ['sibling keys are ANDed', { accountId: ROOT, externalId: { $exists: false } }, ['p3']],
    ['$and []', { $and: [] }, ['p3', 'p2', 'p1']],
    ['$or []', { $or: [] }, []],
    [
      '$or of indexed conditions',
      {
        $or: [{ 'productInstances.instanceId': { $hasSome: ['p1-i1'] } }, { externalId: 'ext-2' }],
      },
      ['p2', 'p1'],
    ],
  ])('%s', (_name, filter, expected) => {
    expect(match(filter)).toEqual(expected);
  });
});
