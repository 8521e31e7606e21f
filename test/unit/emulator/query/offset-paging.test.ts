import { ids, indexOf, instance, pkg, run, violationsOf } from './fixtures';

const index = indexOf(
  [1, 2, 3, 4, 5, 6, 7].map((n) =>
    pkg(`p${n}`, n, {
      productInstances: [instance(`p${n}-i1`, { status: n <= 3 ? 'ENABLED' : 'PENDING' })],
    }),
  ),
);

describe('offset paging', () => {
  it('returns count, offset and total and no cursors', () => {
    const response = run(index, { paging: { limit: 2, offset: 1 } });
    expect(ids(response)).toEqual(['p6', 'p5']);
    expect(response.metadata).toEqual({ count: 2, offset: 1, total: 7 });
  });

  it('defaults to offset 0 and limit 100', () => {
    const response = run(index, { paging: {} });
    expect(response.packages).toHaveLength(7);
    expect(response.metadata).toEqual({ count: 7, offset: 0, total: 7 });
  });

  it('returns an empty page past the end, still with the total', () => {
    expect(run(index, { paging: { offset: 50 } })).toEqual({
      packages: [],
      metadata: { count: 0, offset: 50, total: 7 },
    });
  });

  it('counts only filtered, in-scope packages in total and honours sort', () => {
    const response = run(index, {
      filter: { 'productInstances.status': { $hasSome: ['enabled'] } },
      sort: [{ fieldName: 'createdDate', order: 'ASC' }],
      paging: { limit: 2, offset: 1 },
    });
    expect(ids(response)).toEqual(['p2', 'p3']);
    expect(response.metadata).toEqual({ count: 2, offset: 1, total: 3 });
  });

  it('allows up to 1000 per page', () => {
    const big = indexOf(Array.from({ length: 1001 }, (_, n) => pkg(`p${10000 + n}`, n)));
    const response = run(big, { paging: { limit: 1000 } });
    expect(response.packages).toHaveLength(1000);
    expect(response.metadata).toEqual({ count: 1000, offset: 0, total: 1001 });
  });

  it.each([
    [{ limit: 1001 }, 'query.paging.limit', 'MAX'],
    [{ limit: -1 }, 'query.paging.limit', 'MIN'],
    [{ offset: -1 }, 'query.paging.offset', 'MIN'],
    [{ offset: 1.5 }, 'query.paging.offset', 'FORMAT'],
    [{ limit: 'ten' }, 'query.paging.limit', 'FORMAT'],
  ])('rejects paging %p', (paging, field, rule) => {
    expect(violationsOf(index, { paging })).toEqual([
      expect.objectContaining({ field, violatedRule: rule }),
    ]);
  });

  it('rejects paging that is not an object', () => {
    expect(violationsOf(index, { paging: 5 })).toEqual([
      expect.objectContaining({ field: 'query.paging', violatedRule: 'FORMAT' }),
    ]);
  });
});
