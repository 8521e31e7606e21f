/**
 * Calls the emulator's Query Packages directly (bypassing the gateway), so tests can compare
 * what the gateway shows with what the upstream itself answers.
 */
import type { WixPackage, WixQuery, WixQueryPackagesResponse } from '../../src/wix/wire-types';
import { QUERY_PACKAGES_PATH } from './upstream-calls';

/** Every package the upstream returns for `query`, following its cursors to the end. */
export async function queryAllDirectly(
  emulatorUrl: string,
  accountId: string,
  query: WixQuery,
): Promise<WixPackage[]> {
  const packages: WixPackage[] = [];
  let next: WixQuery | undefined = { ...query, cursorPaging: { limit: 100 } };
  while (next !== undefined) {
    const response = await fetch(`${emulatorUrl}${QUERY_PACKAGES_PATH}`, {
      method: 'POST',
      headers: {
        authorization: 'direct-test-key',
        'wix-account-id': accountId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query: next }),
    });
    if (response.status !== 200) throw new Error(`direct query failed: ${response.status}`);
    const page = (await response.json()) as WixQueryPackagesResponse;
    packages.push(...page.packages);
    const cursor = page.metadata?.cursors?.next;
    next = cursor ? { cursorPaging: { limit: 100, cursor } } : undefined;
  }
  return packages;
}
