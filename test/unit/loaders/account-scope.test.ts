import { createAccountScope } from '../../../src/loaders/account-scope';

const A = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';
const B = '1b2c3d4e-5f60-4172-8384-a5b6c7d8e9f0';

describe('createAccountScope', () => {
  it('scopes to the default account, with $eq, when no list is given', () => {
    const scope = createAccountScope(A);
    expect(scope.accountIds).toEqual([A]);
    expect(scope.filter).toEqual({ accountId: { $eq: A } });
    expect(scope.includes(A.toUpperCase())).toBe(true);
    expect(scope.includes(B)).toBe(false);
  });

  it('scopes to every listed account (deduplicated), with $in, matched case-insensitively', () => {
    const scope = createAccountScope(A, [B, A, B]);
    expect(scope.accountIds).toEqual([B, A]);
    expect(scope.filter).toEqual({ accountId: { $in: [B, A] } });
    expect(scope.includes(A.toUpperCase()) && scope.includes(B.toLowerCase())).toBe(true);
  });

  it('shares one frozen scope per frozen account list, and builds a fresh one for others', () => {
    const visible = Object.freeze([A, B]);
    const first = createAccountScope(A, visible);
    expect(createAccountScope(B, visible)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.filter)).toBe(true);
    expect(Object.isFrozen(first.accountIds)).toBe(true);

    const mutable = [A];
    const scope = createAccountScope(A, mutable);
    mutable.push(B);
    expect(createAccountScope(A, mutable)).not.toBe(scope);
    expect(createAccountScope(A, mutable).includes(B)).toBe(true);
    expect(scope.includes(B)).toBe(false);
  });

  it('refuses an empty list', () => {
    expect(() => createAccountScope(A, [])).toThrow(/at least one account/);
    expect(() => createAccountScope(A, Object.freeze([]))).toThrow(/at least one account/);
  });
});
