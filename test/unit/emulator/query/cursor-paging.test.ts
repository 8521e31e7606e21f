import type { WixQueryPackagesResponse } from '../../../../src/wix/wire-types';
import { encodeCursor } from '../../../../src/emulator/query/cursor-codec';
import { at, ids, indexOf, instance, pkg, rejection, run, violationsOf } from './fixtures';

const seven = () => indexOf([1, 2, 3, 4, 5, 6, 7].map((n) => pkg(`p${n}`, n)));

const next = (response: WixQueryPackagesResponse): string => response.metadata!.cursors!.next!;
const prev = (response: WixQueryPackagesResponse): string => response.metadata!.cursors!.prev!;
const follow = (index: ReturnType<typeof seven>, cursor: string, limit?: number) =>
  run(index, { cursorPaging: limit === undefined ? { cursor } : { cursor, limit } });

describe('cursor paging', () => {
  it('walks forward through every page, then back with prev cursors', () => {
    const index = seven();
    const page1 = run(index, { cursorPaging: { limit: 3 } });
    expect(ids(page1)).toEqual(['p7', 'p6', 'p5']);
    expect(page1.metadata).toEqual({ count: 3, cursors: { next: expect.any(String) } });

    const page2 = follow(index, next(page1));
    expect(ids(page2)).toEqual(['p4', 'p3', 'p2']);
    expect(page2.metadata).toEqual({
      count: 3,
      cursors: { next: expect.any(String), prev: expect.any(String) },
    });

    const page3 = follow(index, next(page2));
    expect(ids(page3)).toEqual(['p1']);
    expect(page3.metadata).toEqual({ count: 1, cursors: { prev: expect.any(String) } });

    const back2 = follow(index, prev(page3));
    expect(ids(back2)).toEqual(['p4', 'p3', 'p2']);
    expect(Object.keys(back2.metadata!.cursors!).sort()).toEqual(['next', 'prev']);

    const back1 = follow(index, prev(back2));
    expect(ids(back1)).toEqual(['p7', 'p6', 'p5']);
    expect(back1.metadata).toEqual({ count: 3, cursors: { next: expect.any(String) } });
    expect(ids(follow(index, next(back1)))).toEqual(['p4', 'p3', 'p2']);
  });

  it('returns empty cursors on an only page (default limit 100)', () => {
    const response = run(seven(), {});
    expect(response.packages).toHaveLength(7);
    expect(response.metadata).toEqual({ count: 7, cursors: {} });
  });

  it('returns an empty page with empty cursors when nothing matches', () => {
    const response = run(seven(), { filter: { id: 'none' } });
    expect(response).toEqual({ packages: [], metadata: { count: 0, cursors: {} } });
  });

  it('keeps pages correct when packages are inserted or updated between requests', () => {
    const index = seven();
    const page1 = run(index, { cursorPaging: { limit: 3 } });
    index.put(pkg('p8', 8)); // newest: would shift an offset-based page
    index.put({ ...pkg('p3', 3), externalId: 'changed' }); // replaced object, same position
    index.put({ ...pkg('mid', 3), createdDate: '2024-05-01T10:00:03.500Z' }); // lands inside page 2
    const page2 = follow(index, next(page1));
    expect(ids(page2)).toEqual(['p4', 'mid', 'p3']);
    expect(page2.packages[2]!.externalId).toBe('changed');
    expect(ids(follow(index, next(page2)))).toEqual(['p2', 'p1']);
    expect(ids(follow(index, prev(page2)))).toEqual(['p7', 'p6', 'p5']);
  });

  it('walks packages with equal timestamps by id without skipping or repeating', () => {
    const index = indexOf(['e', 'a', 'd', 'b', 'c'].map((id) => pkg(id, 1)));
    const seen: string[] = [];
    let response = run(index, { cursorPaging: { limit: 2 } });
    seen.push(...ids(response));
    while (response.metadata!.cursors!.next) {
      response = follow(index, next(response));
      seen.push(...ids(response));
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids(follow(index, prev(response)))).toEqual(['c', 'd']);
  });

  it('carries the filter and sort in the cursor', () => {
    const index = indexOf(
      [1, 2, 3, 4, 5, 6].map((n) =>
        pkg(`p${n}`, n, {
          updated: 10 - n,
          productInstances: [instance(`p${n}-i1`, { status: n % 2 === 0 ? 'ENABLED' : 'PENDING' })],
        }),
      ),
    );
    const page1 = run(index, {
      filter: { 'productInstances.status': { $hasSome: ['ENABLED'] } },
      sort: [{ fieldName: 'updatedDate', order: 'ASC' }],
      cursorPaging: { limit: 2 },
    });
    expect(ids(page1)).toEqual(['p6', 'p4']);
    expect(ids(follow(index, next(page1)))).toEqual(['p2']);
  });

  it('lets the limit change between pages, and keeps the previous limit when none is sent', () => {
    const index = seven();
    const page1 = run(index, { cursorPaging: { limit: 2 } });
    expect(ids(follow(index, next(page1), 4))).toEqual(['p5', 'p4', 'p3', 'p2']);
    expect(ids(follow(index, next(page1)))).toEqual(['p5', 'p4']);
  });

  it('accepts an empty filter or sort next to a cursor (proto3 cannot tell them from absent)', () => {
    const index = seven();
    const cursor = next(run(index, { cursorPaging: { limit: 3 } }));
    const response = run(index, { filter: {}, sort: [], cursorPaging: { cursor } });
    expect(ids(response)).toEqual(['p4', 'p3', 'p2']);
  });

  it.each([
    ['filter', { filter: { id: 'p1' } }, 'query.filter'],
    ['sort', { sort: [{ fieldName: 'createdDate' }] }, 'query.sort'],
  ])('rejects a cursor sent with a %s as "invalid cursor"', (_name, extra, field) => {
    const index = seven();
    const cursor = next(run(index, { cursorPaging: { limit: 3 } }));
    const error = rejection(index, { query: { ...extra, cursorPaging: { cursor } } });
    expect(error.message).toMatch(/^invalid cursor/);
    expect(error.fieldViolations).toEqual([
      expect.objectContaining({ field, violatedRule: 'NOT_SUPPORTED' }),
    ]);
  });

  it('rejects malformed and tampered cursors as "invalid cursor"', () => {
    const index = seven();
    const good = next(run(index, { cursorPaging: { limit: 3 } }));
    const [payload, digest] = good.split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const edited = Buffer.from(JSON.stringify({ ...decoded, lastId: 'p1' })).toString('base64url');
    for (const cursor of [
      'garbage',
      `${edited}.${digest}`,
      payload,
      `${good}x`,
      `${good}.extra`,
      Buffer.from('{}').toString('base64url'),
    ]) {
      const error = rejection(index, { query: { cursorPaging: { cursor } } });
      expect(error.message).toMatch(/^invalid cursor/);
      expect(error.fieldViolations).toEqual([
        {
          field: 'query.cursorPaging.cursor',
          description: 'invalid cursor',
          violatedRule: 'FORMAT',
        },
      ]);
    }
  });

  it('rejects a well-formed cursor whose carried filter is no longer valid', () => {
    const cursor = encodeCursor({
      filter: { siteId: 'x' },
      sort: [{ fieldName: 'createdDate', order: 'DESC' }],
      lastSortValues: [Date.parse(at(3))],
      lastId: 'p3',
      direction: 'next',
      limit: 3,
    });
    expect(rejection(seven(), { query: { cursorPaging: { cursor } } }).message).toMatch(
      /^invalid cursor/,
    );
  });

  it('rejects a cursor that is not a string', () => {
    expect(violationsOf(seven(), { cursorPaging: { cursor: 42 } })).toEqual([
      expect.objectContaining({ field: 'query.cursorPaging.cursor', violatedRule: 'FORMAT' }),
    ]);
  });

  it.each([
    [101, 'MAX'],
    [-1, 'MIN'],
    [1.5, 'FORMAT'],
    ['10', 'FORMAT'],
  ])('rejects cursorPaging.limit %p', (limit, rule) => {
    expect(violationsOf(seven(), { cursorPaging: { limit } })).toEqual([
      expect.objectContaining({ field: 'query.cursorPaging.limit', violatedRule: rule }),
    ]);
  });

  it('caps pages at 100 and treats limit 0 as the default', () => {
    const index = indexOf(Array.from({ length: 150 }, (_, n) => pkg(`p${1000 + n}`, n)));
    expect(run(index, { cursorPaging: { limit: 100 } }).packages).toHaveLength(100);
    expect(run(index, { cursorPaging: { limit: 0 } }).packages).toHaveLength(100);
    expect(run(index, {}).packages).toHaveLength(100);
  });

  it('rejects paging and cursorPaging together', () => {
    expect(violationsOf(seven(), { paging: { limit: 1 }, cursorPaging: { limit: 1 } })).toEqual([
      expect.objectContaining({ field: 'query.paging', violatedRule: 'NOT_SUPPORTED' }),
    ]);
  });
});
