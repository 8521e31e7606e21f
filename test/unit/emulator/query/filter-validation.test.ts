import {
  WIX_CYCLE_TYPES,
  WIX_FAILURE_CODES,
  WIX_INSTANCE_STATUSES,
  WIX_INTERVAL_UNITS,
} from '../../../../src/wix/wire-types';
import { at, indexOf, pkg, rejection, run, violationsOf } from './fixtures';

const index = indexOf([pkg('p1', 1), pkg('p2', 2)]);

/** The single violation a filter produces. */
function violationFor(filter: unknown) {
  const violations = violationsOf(index, { filter });
  expect(violations).toHaveLength(1);
  return violations[0]!;
}

describe('unsupported fields and operators', () => {
  it.each([
    ['a field outside the table', { siteId: 's1' }, 'query.filter.siteId'],
    [
      'an unlisted instance field',
      { 'productInstances.expirationDate': { $hasSome: [at(1)] } },
      'query.filter.productInstances.expirationDate',
    ],
    ['parentAccountId', { parentAccountId: { $eq: 'a' } }, 'query.filter.parentAccountId'],
  ])('rejects %s', (_name, filter, field) => {
    expect(violationFor(filter)).toMatchObject({ field, violatedRule: 'NOT_SUPPORTED' });
  });

  it.each([
    ['id', '$gt', 'x', ['$eq', '$ne', '$in', '$exists']],
    ['id', '$hasSome', ['x'], ['$eq', '$ne', '$in', '$exists']],
    ['accountId', '$startsWith', 'x', ['$eq', '$ne', '$in', '$exists']],
    ['externalId', '$nin', ['x'], ['$eq', '$ne', '$in', '$exists']],
    ['createdDate', '$in', [at(1)], ['$eq', '$ne', '$gt', '$lt', '$gte', '$lte']],
    ['updatedDate', '$exists', true, ['$eq', '$ne', '$gt', '$lt', '$gte', '$lte']],
    ['productInstances.status', '$eq', 'ENABLED', ['$hasSome', '$hasAll']],
    ['productInstances.instanceId', '$in', ['x'], ['$hasSome', '$hasAll']],
    ['productInstances', '$contains', {}, ['$hasSome', '$hasAll']],
  ])(
    'rejects %s with %s and lists the supported operators',
    (field, operator, operand, supported) => {
      const violation = violationFor({ [field]: { [operator]: operand } });
      expect(violation).toEqual({
        field: `query.filter.${field}.${operator}`,
        description: expect.stringContaining(operator),
        violatedRule: 'NOT_SUPPORTED',
        data: { supportedOperators: supported },
      });
    },
  );

  it('rejects plain equality on array paths (undocumented, so not emulated)', () => {
    expect(violationFor({ 'productInstances.status': 'ENABLED' })).toMatchObject({
      field: 'query.filter.productInstances.status',
      violatedRule: 'NOT_SUPPORTED',
      description: expect.stringContaining('$hasSome'),
    });
    expect(violationFor({ productInstances: { status: 'ENABLED' } })).toMatchObject({
      field: 'query.filter.productInstances',
      violatedRule: 'NOT_SUPPORTED',
    });
  });

  it('rejects unknown keys inside an object-valued instance match', () => {
    expect(violationFor({ productInstances: { $hasSome: [{ discountCode: 'X' }] } })).toMatchObject(
      {
        field: 'query.filter.productInstances.$hasSome[0].discountCode',
        violatedRule: 'NOT_SUPPORTED',
      },
    );
  });

  it('rejects unknown logical operators', () => {
    expect(violationFor({ $nor: [{ id: 'p1' }] })).toMatchObject({
      field: 'query.filter.$nor',
      violatedRule: 'NOT_SUPPORTED',
    });
  });
});

describe('wrong value types', () => {
  it.each([
    ['$eq with a number', { id: { $eq: 5 } }, 'query.filter.id.$eq'],
    ['plain equality with null', { externalId: null }, 'query.filter.externalId'],
    ['plain equality with an object', { id: { value: 'p1' } }, 'query.filter.id'],
    ['$in with a string', { id: { $in: 'p1' } }, 'query.filter.id.$in'],
    ['$in with a number inside', { accountId: { $in: ['a', 1] } }, 'query.filter.accountId.$in'],
    [
      '$exists with a string',
      { externalId: { $exists: 'yes' } },
      'query.filter.externalId.$exists',
    ],
    [
      'a date that is not RFC 3339',
      { createdDate: { $gt: 'yesterday' } },
      'query.filter.createdDate.$gt',
    ],
    [
      'a date without a zone',
      { createdDate: { $gt: '2024-05-01T10:00:00' } },
      'query.filter.createdDate.$gt',
    ],
    ['an impossible date', { updatedDate: '2023-02-29T00:00:00Z' }, 'query.filter.updatedDate'],
    ['an impossible time', { updatedDate: '2024-05-01T24:00:00Z' }, 'query.filter.updatedDate'],
    ['a numeric date', { createdDate: { $lt: 1714557600000 } }, 'query.filter.createdDate.$lt'],
    [
      '$hasSome with a string',
      { 'productInstances.siteId': { $hasSome: 's1' } },
      'query.filter.productInstances.siteId.$hasSome',
    ],
    [
      '$hasSome with a number element',
      { 'productInstances.siteId': { $hasSome: [1] } },
      'query.filter.productInstances.siteId.$hasSome[0]',
    ],
    [
      'a non-integer count',
      { 'productInstances.billingInfo.cycleDuration.count': { $hasAll: [1.5] } },
      'query.filter.productInstances.billingInfo.cycleDuration.count.$hasAll[0]',
    ],
    [
      'a scalar for an object path',
      { 'productInstances.failure': { $hasSome: ['DELIVERY_TIMEOUT'] } },
      'query.filter.productInstances.failure.$hasSome[0]',
    ],
    [
      'an instance date that is not a date',
      { 'productInstances.createdDate': { $hasSome: ['soon'] } },
      'query.filter.productInstances.createdDate.$hasSome[0]',
    ],
    ['$and with an object', { $and: { id: 'p1' } }, 'query.filter.$and'],
    ['a non-object inside $or', { $or: ['p1'] }, 'query.filter.$or[0]'],
    ['$not with an array', { $not: [{ id: 'p1' }] }, 'query.filter.$not'],
    ['operators mixed with values', { id: { $eq: 'p1', value: 'x' } }, 'query.filter.id'],
  ])('rejects %s', (_name, filter, field) => {
    expect(violationFor(filter)).toMatchObject({ field, violatedRule: 'FORMAT' });
  });

  it.each([
    ['status', 'RUNNING', WIX_INSTANCE_STATUSES],
    ['failure.code', 'TIMEOUT', WIX_FAILURE_CODES],
    ['billingInfo.type', 'MONTHLY', WIX_CYCLE_TYPES],
    ['billingInfo.cycleDuration.unit', 'HOUR', WIX_INTERVAL_UNITS],
  ])('rejects an unknown %s enum value', (path, value, allowed) => {
    const violation = violationFor({ [`productInstances.${path}`]: { $hasSome: [value] } });
    expect(violation).toMatchObject({
      field: `query.filter.productInstances.${path}.$hasSome[0]`,
      violatedRule: 'INVALID_ENUM_VALUE',
      data: { allowedValues: allowed },
    });
  });

  it('rejects a filter that is not an object', () => {
    expect(violationFor(['id'])).toMatchObject({ field: 'query.filter', violatedRule: 'FORMAT' });
  });
});

describe('the error envelope', () => {
  it('reports every problem of one request at once', () => {
    const error = rejection(index, {
      query: {
        filter: { siteId: 'x', id: { $gt: 'a' }, createdDate: 'never' },
        sort: [{ fieldName: 'id' }],
        cursorPaging: { limit: 101 },
      },
    });
    expect(error.fieldViolations.map((v) => v.field)).toEqual([
      'query.cursorPaging.limit',
      'query.filter.siteId',
      'query.filter.id.$gt',
      'query.filter.createdDate',
      'query.sort[0].fieldName',
    ]);
    expect(error.status).toBe(400);
    expect(error.toWixErrorBody()).toEqual({
      message: error.message,
      details: { validationError: { fieldViolations: error.fieldViolations } },
    });
    expect(error.message).toContain('query.filter.siteId');
  });

  it.each([
    ['no query', {}, 'query', 'REQUIRED_FIELD'],
    ['a null query', { query: null }, 'query', 'REQUIRED_FIELD'],
    ['a non-object body', 'query', 'query', 'REQUIRED_FIELD'],
    ['a string query', { query: 'all' }, 'query', 'FORMAT'],
    ['an unknown QueryV2 key', { query: { limit: 5 } }, 'query.limit', 'NOT_SUPPORTED'],
    ['fields that are not strings', { query: { fields: 'id' } }, 'query.fields', 'FORMAT'],
    ['fieldsets that are not strings', { query: { fieldsets: [1] } }, 'query.fieldsets', 'FORMAT'],
  ])('rejects %s', (_name, body, field, rule) => {
    expect(rejection(index, body).fieldViolations).toEqual([
      expect.objectContaining({ field, violatedRule: rule }),
    ]);
  });

  it('accepts fields and fieldsets and still returns full packages', () => {
    const response = run(index, { fields: ['id'], fieldsets: ['id'] });
    expect(response.packages[0]).toEqual(pkg('p2', 2));
  });

  it('returns everything in scope for an empty query', () => {
    expect(run(index, {}).packages).toHaveLength(2);
  });
});
