import { OTHER, ROOT, SUB, at, ids, indexOf, instance, pkg, run } from './fixtures';

const index = indexOf([
  pkg('root-1', 1, { productInstances: [instance('i-root-1', { status: 'ENABLED' })] }),
  pkg('sub-1', 2, { accountId: SUB, externalId: 'x-1' }),
  pkg('other-1', 3, { accountId: OTHER, productInstances: [instance('i-other-1')] }),
]);

describe('query scope', () => {
  it('returns the packages of every account in scope and nothing else', () => {
    expect(ids(run(index, {}))).toEqual(['sub-1', 'root-1']);
  });

  it('narrows to one account with an accountId filter', () => {
    expect(ids(run(index, { filter: { accountId: { $eq: SUB } } }))).toEqual(['sub-1']);
  });

  it('never widens with an accountId filter naming an account outside the scope', () => {
    expect(ids(run(index, { filter: { accountId: { $in: [OTHER, ROOT] } } }))).toEqual(['root-1']);
    expect(ids(run(index, { filter: { id: 'other-1' } }))).toEqual([]);
    expect(
      ids(run(index, { filter: { 'productInstances.instanceId': { $hasSome: ['i-other-1'] } } })),
    ).toEqual([]);
  });

  it('sees nothing with an empty scope, and only its own account with a narrow scope', () => {
    expect(run(index, {}, { accountIds: new Set() }).packages).toEqual([]);
    expect(ids(run(index, { paging: {} }, { accountIds: new Set([OTHER]) }))).toEqual(['other-1']);
  });

  it('counts only in-scope packages in the offset total', () => {
    expect(run(index, { paging: { limit: 1 } }).metadata).toEqual({
      count: 1,
      offset: 0,
      total: 2,
    });
  });
});

describe('snake_case request keys', () => {
  it('accepts snake_case paths, sort keys and paging keys, and answers in camelCase', () => {
    const response = run(index, {
      filter: {
        product_instances: { $hasSome: [{ instance_id: 'i-root-1', status: 'enabled' }] },
        created_date: { $lt: at(5) },
      },
      sort: [{ field_name: 'created_date', order: 'ASC' }],
      cursor_paging: { limit: 1 },
    });
    expect(ids(response)).toEqual(['root-1']);
    expect(Object.keys(response)).toEqual(['packages', 'metadata']);
    expect(response.metadata).toEqual({ count: 1, cursors: {} });
  });

  it('accepts snake_case dotted paths and top-level fields', () => {
    const filter = {
      'product_instances.billing_info.cycle_duration.unit': { $hasAll: [] },
      external_id: { $eq: 'x-1' },
      account_id: SUB,
    };
    expect(ids(run(index, { filter }))).toEqual(['sub-1']);
  });

  it('continues a cursor sent under cursor_paging', () => {
    const page1 = run(index, { cursorPaging: { limit: 1 } });
    const cursor = page1.metadata!.cursors!.next!;
    expect(ids(run(index, { cursor_paging: { cursor } }))).toEqual(['root-1']);
  });
});
