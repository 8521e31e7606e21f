import { PackageIndex } from '../../../../src/emulator/store/package-index';
import { at, instance, pkg } from './fixtures';

function orderOf(index: PackageIndex, field: 'createdDate' | 'updatedDate'): string[] {
  return index.ordering(field).items.map((entry) => entry.id);
}

describe('PackageIndex', () => {
  it('stores, counts, and finds packages by id and by instance id', () => {
    const index = new PackageIndex();
    const p1 = pkg('p1', 1, { productInstances: [instance('i1'), instance('i2')] });
    index.put(p1);
    index.put(pkg('p2', 2));
    expect(index.size).toBe(2);
    expect(index.get('p1')).toBe(p1);
    expect(index.getByInstanceId('i2')).toBe(p1);
    expect(index.get('nope')).toBeUndefined();
    expect(index.getByInstanceId('nope')).toBeUndefined();
    expect([...index.values()].map((p) => p.id).sort()).toEqual(['p1', 'p2']);
  });

  it('re-indexes a replaced package', () => {
    const index = new PackageIndex();
    index.put(
      pkg('p1', 1, {
        externalId: 'old',
        productInstances: [instance('i1', { status: 'PENDING', siteId: 's1' }), instance('i2')],
      }),
    );
    const replacement = pkg('p1', 1, {
      externalId: 'new',
      updated: 9,
      productInstances: [instance('i1', { status: 'ENABLED' })],
    });
    index.put(replacement);
    expect(index.size).toBe(1);
    expect(index.get('p1')).toBe(replacement);
    expect(index.getByInstanceId('i2')).toBeUndefined();
    expect(index.idsByExternalId('old')).toBeUndefined();
    expect([...index.idsByExternalId('new')!]).toEqual(['p1']);
    expect(index.idsByInstanceField('status', 'PENDING')).toBeUndefined();
    expect([...index.idsByInstanceField('status', 'ENABLED')!]).toEqual(['p1']);
    expect(index.idsByInstanceField('siteId', 's1')).toBeUndefined();
    expect(index.entry('p1')!.updatedMs).toBe(Date.parse(at(9)));
  });

  it('keeps both orderings sorted by (timestamp, id) under any insertion order and updates', () => {
    const index = new PackageIndex();
    for (const [id, created] of [
      ['c', 3],
      ['a', 1],
      ['e', 3],
      ['b', 2],
      ['d', 3],
    ] as const) {
      index.put(pkg(id, created));
    }
    expect(orderOf(index, 'createdDate')).toEqual(['a', 'b', 'c', 'd', 'e']);
    index.put(pkg('a', 1, { updated: 10 })); // an update bumps updatedDate only
    expect(orderOf(index, 'createdDate')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(orderOf(index, 'updatedDate')).toEqual(['b', 'c', 'd', 'e', 'a']);
  });

  it('indexes accounts and clears everything', () => {
    const index = new PackageIndex();
    index.put(pkg('p1', 1, { accountId: 'acc-1' }));
    index.put(pkg('p2', 2, { accountId: 'acc-1' }));
    expect([...index.idsByAccountId('acc-1')!].sort()).toEqual(['p1', 'p2']);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.idsByAccountId('acc-1')).toBeUndefined();
    expect(index.getByInstanceId('p1-i1')).toBeUndefined();
    expect(index.ordering('createdDate').items).toHaveLength(0);
  });

  it('refuses a package whose timestamps cannot be parsed', () => {
    const index = new PackageIndex();
    expect(() => index.put({ ...pkg('p1', 1), createdDate: 'not a date' })).toThrow(TypeError);
    expect(index.size).toBe(0);
  });
});
