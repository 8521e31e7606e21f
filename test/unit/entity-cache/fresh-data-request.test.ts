import { wantsFreshData } from '../../../src/entity-cache/fresh-data-request';

describe('wantsFreshData', () => {
  it.each([
    [{ 'cache-control': 'no-cache' }],
    [{ 'cache-control': 'No-Store' }],
    [{ 'cache-control': 'max-age=0' }],
    [{ 'cache-control': 'private, no-cache' }],
    [{ 'cache-control': 'max-age=60, no-cache' }],
    [{ pragma: 'no-cache' }],
  ])('asks for fresh data with %j', (headers) => {
    expect(wantsFreshData(headers)).toBe(true);
  });

  it.each([
    [{}],
    [{ 'cache-control': 'max-age=60' }],
    [{ 'cache-control': 'no-transform' }],
    [{ 'cache-control': 'max-age=00' }],
    [{ pragma: 'x-no-cache' }],
  ])('lets the cache answer with %j', (headers) => {
    expect(wantsFreshData(headers)).toBe(false);
  });
});
