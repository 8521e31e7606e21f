import { GatewayError } from '../../../src/graphql/errors';
import {
  decodeConnectionCursor,
  encodeConnectionCursor,
  queryFingerprint,
} from '../../../src/graphql/package/package-cursor';
import { planPackagesQuery } from '../../../src/graphql/package/packages-query.plan';
import { createAccountScope } from '../../../src/loaders/account-scope';
import { FAKE_ACCOUNT_ID, OTHER_ACCOUNT_ID, guid } from '../../helpers/fake-packages-api';

const scope = createAccountScope(FAKE_ACCOUNT_ID);

function violationsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    const gatewayError = error as GatewayError;
    expect(gatewayError.extensions.code).toBe('BAD_USER_INPUT');
    return (gatewayError.extensions.violations ?? []).map((v) => v.path);
  }
  throw new Error('expected BAD_USER_INPUT');
}

const KEY = new Uint8Array(32).fill(3);

describe('connection cursor', () => {
  it('round-trips', () => {
    const token = encodeConnectionCursor({ wixCursor: 'abc==', fingerprint: 'fp' }, KEY);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodeConnectionCursor(token, KEY)).toEqual({ wixCursor: 'abc==', fingerprint: 'fp' });
  });

  it.each([
    '',
    'not base64!',
    Buffer.from('not json').toString('base64url'),
    Buffer.from('{"v":2,"c":"x","q":"y"}').toString('base64url'),
    Buffer.from('{"v":1,"c":"","q":"y"}').toString('base64url'),
    Buffer.from('[1]').toString('base64url'),
    'a'.repeat(5000),
  ])('rejects %j', (token) => {
    expect(decodeConnectionCursor(token, KEY)).toBeUndefined();
  });

  it('refuses a token signed with another key or edited after signing', () => {
    const token = encodeConnectionCursor({ wixCursor: 'abc==', fingerprint: 'fp' }, KEY);
    expect(decodeConnectionCursor(token, new Uint8Array(32).fill(4))).toBeUndefined();
    const [body, signature] = token.split('.') as [string, string];
    const edited = Buffer.from(
      Buffer.from(body, 'base64url').toString('utf8').replace('abc==', 'xyz=='),
    ).toString('base64url');
    expect(decodeConnectionCursor(`${edited}.${signature}`, KEY)).toBeUndefined();
    expect(decodeConnectionCursor(body, KEY)).toBeUndefined();
  });

  it('fingerprints ignore key order but not values', () => {
    const a = queryFingerprint({ x: 1, y: { a: 1, b: 2 } }, []);
    const b = queryFingerprint({ y: { b: 2, a: 1 }, x: 1 }, []);
    expect(a).toBe(b);
    expect(queryFingerprint({ x: 2, y: { a: 1, b: 2 } }, [])).not.toBe(a);
    expect(queryFingerprint({ x: 1, y: { a: 1, b: 2 } }, [{ fieldName: 'createdDate' }])).not.toBe(
      a,
    );
  });

  it('gives the same token for the same cursor again, and each key its own', () => {
    const cursor = { wixCursor: 'again==', fingerprint: 'fp' };
    const otherKey = new Uint8Array(32).fill(5);
    const first = encodeConnectionCursor(cursor, KEY);
    expect(encodeConnectionCursor({ ...cursor }, KEY)).toBe(first);
    const other = encodeConnectionCursor(cursor, otherKey);
    expect(other).not.toBe(first);
    expect(decodeConnectionCursor(other, otherKey)).toEqual(cursor);
    expect(decodeConnectionCursor(other, KEY)).toBeUndefined();
    expect(encodeConnectionCursor({ ...cursor, fingerprint: 'fp2' }, KEY)).not.toBe(first);
  });
});

describe('planPackagesQuery', () => {
  it('always includes the account scope, the sort and the page size', () => {
    expect(planPackagesQuery({}, scope, KEY).query).toEqual({
      filter: { accountId: { $eq: FAKE_ACCOUNT_ID } },
      sort: [{ fieldName: 'createdDate', order: 'DESC' }],
      cursorPaging: { limit: 20 },
    });
    const plan = planPackagesQuery(
      { filter: { id: { eq: guid('pkg', 1) } }, first: 100 },
      scope,
      KEY,
    );
    expect(plan.query.filter).toEqual({
      $and: [{ accountId: { $eq: FAKE_ACCOUNT_ID } }, { id: { $eq: guid('pkg', 1) } }],
    });
    expect(plan.countFilter).toEqual(plan.query.filter);
    expect(plan.query.cursorPaging).toEqual({ limit: 100 });
    expect(plan.isContinuation).toBe(false);
  });

  it.each([0, 101, -1, 2.5])('rejects first = %p', (first) => {
    expect(violationsOf(() => planPackagesQuery({ first }, scope, KEY))).toEqual(['first']);
  });

  it('treats first: null as the default', () => {
    expect(planPackagesQuery({ first: null }, scope, KEY).query.cursorPaging).toEqual({
      limit: 20,
    });
  });

  it('continues from after with cursorPaging only', () => {
    const args = { filter: { externalId: { eq: 'x' } } };
    const first = planPackagesQuery(args, scope, KEY);
    const after = first.cursorAfter('W1');
    const next = planPackagesQuery({ ...args, after, first: 5 }, scope, KEY);
    expect(next.query).toEqual({ cursorPaging: { limit: 5, cursor: 'W1' } });
    expect(next.countFilter).toEqual(first.countFilter);
    expect(next.isContinuation).toBe(true);
  });

  it('rejects after with a different filter, orderBy or account', () => {
    const after = planPackagesQuery(
      { filter: { externalId: { eq: 'x' } } },
      scope,
      KEY,
    ).cursorAfter('W1');
    expect(violationsOf(() => planPackagesQuery({ after }, scope, KEY))).toEqual(['after']);
    expect(
      violationsOf(() =>
        planPackagesQuery({ filter: { externalId: { eq: 'y' } }, after }, scope, KEY),
      ),
    ).toEqual(['after']);
    expect(
      violationsOf(() =>
        planPackagesQuery(
          { filter: { externalId: { eq: 'x' } }, after },
          createAccountScope(OTHER_ACCOUNT_ID),
          KEY,
        ),
      ),
    ).toEqual(['after']);
  });

  it('rejects a malformed after together with every other problem', () => {
    expect(
      violationsOf(() =>
        planPackagesQuery({ first: 0, filter: { id: { eq: 'x' } }, after: '!!' }, scope, KEY),
      ),
    ).toEqual(['first', 'filter.id.eq', 'after']);
  });
});
