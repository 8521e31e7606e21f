import { InputProblems } from '../../../src/graphql/common/input-problems';
import type { PackageFilter } from '../../../src/graphql/filter/package-filter.input';
import {
  MAX_FILTER_DEPTH,
  translatePackageFilter,
} from '../../../src/graphql/filter/package-filter.translator';
import { CycleType } from '../../../src/graphql/product-instance/cycle-type.enum';
import { FailureCode } from '../../../src/graphql/product-instance/failure-code.enum';
import { ProductInstanceStatus } from '../../../src/graphql/product-instance/product-instance-status.enum';
import { guid } from '../../helpers/fake-packages-api';

const A = guid('pkg', 1);
const B = guid('pkg', 2);
const T1 = '2024-01-01T00:00:00.000Z';
const T2 = '2024-02-01T00:00:00.000Z';

function translate(filter: PackageFilter | null | undefined) {
  const problems = new InputProblems();
  const result = translatePackageFilter(filter, problems);
  return { result, problems: problems.list() };
}

function ok(filter: PackageFilter) {
  const { result, problems } = translate(filter);
  expect(problems).toEqual([]);
  return result;
}

function paths(filter: PackageFilter): string[] {
  return translate(filter).problems.map((p) => p.path);
}

describe('translatePackageFilter: operators', () => {
  it('returns undefined for no filter or an empty one', () => {
    expect(translate(undefined).result).toBeUndefined();
    expect(translate(null).result).toBeUndefined();
    expect(ok({})).toBeUndefined();
    expect(ok({ id: {} })).toBeUndefined();
    expect(ok({ id: { eq: null } })).toBeUndefined();
  });

  it.each([
    ['eq', { eq: A }, { $eq: A }],
    ['ne', { ne: A }, { $ne: A }],
    ['in', { in: [A, B, A] }, { $in: [A, B] }],
    ['exists', { exists: true }, { $exists: true }],
  ])('id %s', (_name, input, expected) => {
    expect(ok({ id: input })).toEqual({ id: expected });
    expect(ok({ accountId: input })).toEqual({ accountId: expected });
  });

  it('lower-cases GUIDs', () => {
    expect(ok({ id: { eq: A.toUpperCase() } })).toEqual({ id: { $eq: A } });
  });

  it('externalId takes any text up to 100 characters', () => {
    expect(ok({ externalId: { eq: 'sub-1', ne: 'x', in: ['sub-1', 'b'], exists: true } })).toEqual({
      $and: [
        { externalId: { $eq: 'sub-1' } },
        { externalId: { $ne: 'x' } },
        { externalId: { $in: ['sub-1', 'b'] } },
        { externalId: { $exists: true } },
      ],
    });
    expect(ok({ externalId: { exists: false } })).toEqual({ externalId: { $exists: false } });
  });

  it.each(['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const)('createdDate/updatedDate %s', (op) => {
    expect(ok({ createdDate: { [op]: T1 } })).toEqual({ createdDate: { [`$${op}`]: T1 } });
    expect(ok({ updatedDate: { [op]: T1 } })).toEqual({ updatedDate: { [`$${op}`]: T1 } });
  });

  it('a range becomes one clause per operator', () => {
    expect(ok({ createdDate: { gte: T1, lt: T2 } })).toEqual({
      $and: [{ createdDate: { $gte: T1 } }, { createdDate: { $lt: T2 } }],
    });
  });

  it.each([
    ['instanceId', 'productInstances.instanceId', guid('ins', 1)],
    ['siteId', 'productInstances.siteId', guid('site', 1)],
    ['catalogProductId', 'productInstances.catalogProductId', guid('prod', 1)],
    ['status', 'productInstances.status', ProductInstanceStatus.AWAITING_ACTION],
    ['countryCode', 'productInstances.countryCode', 'BR'],
    ['failureCode', 'productInstances.failure.code', FailureCode.DELIVERY_TIMEOUT],
    ['billingType', 'productInstances.billingInfo.type', CycleType.RECURRING],
  ])('productInstances.%s → %s', (key, wixPath, value) => {
    expect(ok({ productInstances: { [key]: { hasSome: [value] } } })).toEqual({
      [wixPath]: { $hasSome: [value] },
    });
    expect(ok({ productInstances: { [key]: { hasAll: [value] } } })).toEqual({
      [wixPath]: { $hasAll: [value] },
    });
  });

  it('upper-cases country codes', () => {
    expect(ok({ productInstances: { countryCode: { hasSome: ['br', 'In'] } } })).toEqual({
      'productInstances.countryCode': { $hasSome: ['BR', 'IN'] },
    });
  });

  it('combines several fields with an implicit $and', () => {
    expect(
      ok({
        accountId: { eq: A },
        productInstances: { status: { hasSome: [ProductInstanceStatus.ENABLED] } },
      }),
    ).toEqual({
      $and: [{ accountId: { $eq: A } }, { 'productInstances.status': { $hasSome: ['ENABLED'] } }],
    });
  });
});

describe('translatePackageFilter: logic and nesting', () => {
  it('translates and / or / not', () => {
    expect(
      ok({
        or: [{ id: { eq: A } }, { and: [{ externalId: { eq: 'x' } }, { not: { id: { eq: B } } }] }],
      }),
    ).toEqual({
      $or: [
        { id: { $eq: A } },
        { $and: [{ externalId: { $eq: 'x' } }, { $not: { id: { $eq: B } } }] },
      ],
    });
  });

  it('unwraps single-element and/or', () => {
    expect(ok({ and: [{ id: { eq: A } }] })).toEqual({ id: { $eq: A } });
    expect(ok({ or: [{ id: { eq: A } }] })).toEqual({ id: { $eq: A } });
  });

  it('an empty alternative makes the whole or unconditional; empty and-members are dropped', () => {
    expect(ok({ or: [{}, { id: { eq: A } }] })).toBeUndefined();
    expect(ok({ and: [{}, { id: { eq: A } }] })).toEqual({ id: { $eq: A } });
  });

  it('accepts nesting up to the limit and rejects deeper', () => {
    let filter: PackageFilter = { id: { eq: A } };
    for (let depth = 1; depth < MAX_FILTER_DEPTH; depth += 1) filter = { not: filter };
    expect(translate(filter).problems).toEqual([]);
    expect(paths({ not: filter })).toHaveLength(1);
  });
});

describe('translatePackageFilter: validation', () => {
  it('refuses UNKNOWN as a status to filter by (the gateway names unknown statuses so)', () => {
    const filter: PackageFilter = {
      productInstances: {
        status: { hasSome: [ProductInstanceStatus.ENABLED, ProductInstanceStatus.UNKNOWN] },
      },
    };
    expect(paths(filter)).toEqual(['filter.productInstances.status.hasSome[1]']);
  });

  it('reports every problem at once with its path', () => {
    const { problems } = translate({
      id: { eq: 'nope', in: [] },
      accountId: { in: [A, 'bad'] },
      createdDate: { gt: T2, lt: T1 },
      productInstances: {
        siteId: { hasSome: ['x'] },
        status: { hasAll: [] },
        countryCode: { hasSome: ['ZZ', 'BRA'] },
      },
      and: [],
      or: [{ externalId: { eq: 'y'.repeat(101) } }],
      not: {},
    });
    expect(problems.map((p) => p.path)).toEqual([
      'filter.id.eq',
      'filter.id.in',
      'filter.accountId.in[1]',
      'filter.createdDate',
      'filter.productInstances.siteId.hasSome[0]',
      'filter.productInstances.status.hasAll',
      'filter.productInstances.countryCode.hasSome[0]',
      'filter.productInstances.countryCode.hasSome[1]',
      'filter.and',
      'filter.or[0].externalId.eq',
      'filter.not',
    ]);
  });

  it.each<[string, PackageFilter, string]>([
    ['exists:false with eq', { externalId: { exists: false, eq: 'x' } }, 'filter.externalId'],
    ['exists:false with in', { accountId: { exists: false, in: [A] } }, 'filter.accountId'],
    ['eq equal to ne', { id: { eq: A, ne: A.toUpperCase() } }, 'filter.id'],
    ['eq outside in', { id: { eq: A, in: [B] } }, 'filter.id'],
    ['gt ≥ lt', { createdDate: { gt: T1, lt: T1 } }, 'filter.createdDate'],
    ['gte > lte', { updatedDate: { gte: T2, lte: T1 } }, 'filter.updatedDate'],
    ['eq = ne', { createdDate: { eq: T1, ne: T1 } }, 'filter.createdDate'],
    ['eq below gte', { createdDate: { eq: T1, gte: T2 } }, 'filter.createdDate'],
    ['eq above lt', { createdDate: { eq: T2, lt: T1 } }, 'filter.createdDate'],
    ['empty or', { or: [] }, 'filter.or'],
  ])('rejects a contradiction: %s', (_name, filter, path) => {
    expect(paths(filter)).toEqual([path]);
  });

  it('accepts a point range (gte = lte) and eq inside in', () => {
    expect(paths({ createdDate: { gte: T1, lte: T1 } })).toEqual([]);
    expect(paths({ id: { eq: A, in: [A, B] } })).toEqual([]);
  });
});
