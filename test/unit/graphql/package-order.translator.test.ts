import { InputProblems } from '../../../src/graphql/common/input-problems';
import { SortDirection } from '../../../src/graphql/common/sort-direction.enum';
import { PackageOrderField } from '../../../src/graphql/filter/package-order-field.enum';
import { translatePackageOrder } from '../../../src/graphql/filter/package-order.translator';

describe('translatePackageOrder', () => {
  it('defaults to createdDate DESC', () => {
    const problems = new InputProblems();
    expect(translatePackageOrder(undefined, problems)).toEqual([
      { fieldName: 'createdDate', order: 'DESC' },
    ]);
    expect(translatePackageOrder([], problems)).toEqual([
      { fieldName: 'createdDate', order: 'DESC' },
    ]);
    expect(problems.isEmpty).toBe(true);
  });

  it('translates clauses in order', () => {
    const problems = new InputProblems();
    expect(
      translatePackageOrder(
        [
          { field: PackageOrderField.UPDATED_DATE, direction: SortDirection.ASC },
          { field: PackageOrderField.CREATED_DATE, direction: SortDirection.DESC },
        ],
        problems,
      ),
    ).toEqual([
      { fieldName: 'updatedDate', order: 'ASC' },
      { fieldName: 'createdDate', order: 'DESC' },
    ]);
    expect(problems.isEmpty).toBe(true);
  });

  it('rejects a field sorted twice', () => {
    const problems = new InputProblems();
    translatePackageOrder(
      [
        { field: PackageOrderField.CREATED_DATE, direction: SortDirection.ASC },
        { field: PackageOrderField.CREATED_DATE, direction: SortDirection.DESC },
      ],
      problems,
    );
    expect(problems.list().map((p) => p.path)).toEqual(['orderBy[1].field']);
  });
});
