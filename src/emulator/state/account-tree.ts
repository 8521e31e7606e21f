import type { EmulatorAccount } from '../fixtures/accounts';

/** Accounts by id. */
export type AccountDirectory = ReadonlyMap<string, EmulatorAccount>;

/**
 * The chain from `accountId` up to its root: `[accountId, parent, grandparent, …]`.
 * Unknown accounts are their own root. Cycles in seeded data are cut.
 */
export function accountChain(accounts: AccountDirectory, accountId: string): string[] {
  const chain = [accountId];
  let current = accounts.get(accountId);
  while (current?.parentAccountId && !chain.includes(current.parentAccountId)) {
    chain.push(current.parentAccountId);
    current = accounts.get(current.parentAccountId);
  }
  return chain;
}

/** The root parent of an account (itself when it has no parent). */
export function rootAccountOf(accounts: AccountDirectory, accountId: string): string {
  const chain = accountChain(accounts, accountId);
  return chain[chain.length - 1] as string;
}

/** True when `ancestorId` is a (transitive) parent of `accountId`. */
export function isAncestorAccount(
  accounts: AccountDirectory,
  ancestorId: string,
  accountId: string,
): boolean {
  return accountChain(accounts, accountId).slice(1).includes(ancestorId);
}

/**
 * contract: Query Packages Query scope: the root parent of `accountId` and every account below it.
 * Always contains `accountId` itself, even when it is unknown.
 */
export function accountTreeOf(accounts: AccountDirectory, accountId: string): Set<string> {
  const root = rootAccountOf(accounts, accountId);
  const tree = new Set<string>([root, accountId]);
  for (const account of accounts.values()) {
    if (rootAccountOf(accounts, account.id) === root) tree.add(account.id);
  }
  return tree;
}
