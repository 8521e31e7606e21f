import { ids, indexOf, pkg, run, violationsOf } from './fixtures';

// Ties on purpose: b and c share createdDate, b and d share updatedDate.
const index = indexOf([
  pkg('a', 1, { updated: 5 }),
  pkg('c', 2, { updated: 7 }),
  pkg('b', 2, { updated: 3 }),
  pkg('d', 3, { updated: 3 }),
]);

describe('sort', () => {
  it.each([
    ['default: createdDate DESC, ties by id ascending', undefined, ['d', 'b', 'c', 'a']],
    ['createdDate ASC', [{ fieldName: 'createdDate', order: 'ASC' }], ['a', 'b', 'c', 'd']],
    ['order defaults to ASC', [{ fieldName: 'createdDate' }], ['a', 'b', 'c', 'd']],
    ['createdDate DESC', [{ fieldName: 'createdDate', order: 'DESC' }], ['d', 'b', 'c', 'a']],
    ['updatedDate ASC', [{ fieldName: 'updatedDate', order: 'ASC' }], ['b', 'd', 'a', 'c']],
    ['updatedDate DESC', [{ fieldName: 'updatedDate', order: 'DESC' }], ['c', 'a', 'b', 'd']],
    [
      'order is case-insensitive',
      [{ fieldName: 'updatedDate', order: 'desc' }],
      ['c', 'a', 'b', 'd'],
    ],
    [
      'createdDate DESC then updatedDate DESC',
      [
        { fieldName: 'createdDate', order: 'DESC' },
        { fieldName: 'updatedDate', order: 'DESC' },
      ],
      ['d', 'c', 'b', 'a'],
    ],
    [
      'updatedDate ASC then createdDate DESC',
      [
        { fieldName: 'updatedDate', order: 'ASC' },
        { fieldName: 'createdDate', order: 'DESC' },
      ],
      ['d', 'b', 'a', 'c'],
    ],
    [
      'snake_case field_name and value',
      [{ field_name: 'updated_date', order: 'ASC' }],
      ['b', 'd', 'a', 'c'],
    ],
    ['an empty array means the default', [], ['d', 'b', 'c', 'a']],
  ])('%s', (_name, sort, expected) => {
    expect(ids(run(index, sort === undefined ? {} : { sort }))).toEqual(expected);
  });

  it('applies the same order when an index narrows the candidates', () => {
    const filter = { id: { $in: ['a', 'b', 'c', 'd'] } };
    const sort = [{ fieldName: 'updatedDate', order: 'DESC' }];
    expect(ids(run(index, { filter, sort }))).toEqual(['c', 'a', 'b', 'd']);
  });

  it.each([
    ['an unsortable field', [{ fieldName: 'id' }], 'query.sort[0].fieldName', 'NOT_SUPPORTED'],
    [
      'a filter-only field',
      [{ fieldName: 'externalId', order: 'ASC' }],
      'query.sort[0].fieldName',
      'NOT_SUPPORTED',
    ],
    ['a missing fieldName', [{ order: 'ASC' }], 'query.sort[0].fieldName', 'REQUIRED_FIELD'],
    [
      'an unknown order',
      [{ fieldName: 'createdDate', order: 'UP' }],
      'query.sort[0].order',
      'INVALID_ENUM_VALUE',
    ],
    ['a non-object clause', ['createdDate'], 'query.sort[0]', 'FORMAT'],
    ['a sort that is not an array', { fieldName: 'createdDate' }, 'query.sort', 'FORMAT'],
  ])('rejects %s', (_name, sort, field, rule) => {
    expect(violationsOf(index, { sort })).toEqual([
      expect.objectContaining({ field, violatedRule: rule }),
    ]);
  });
});
