import { OperationTypeNode } from 'graphql';
import { scopeForOperation } from '../../../src/auth/scope-check';

describe('scopeForOperation', () => {
  it('asks packages:read of queries and subscriptions, packages:write of mutations', () => {
    expect(scopeForOperation(OperationTypeNode.QUERY)).toBe('packages:read');
    expect(scopeForOperation(OperationTypeNode.SUBSCRIPTION)).toBe('packages:read');
    expect(scopeForOperation(OperationTypeNode.MUTATION)).toBe('packages:write');
  });
});
