import type { Caller } from '../auth/caller';
import type { LiveChanges } from '../live/live-changes';
import type { Loaders } from '../loaders/create-loaders';
import type { ResponseBudget } from '../security/response-budget';
import type { PackagesApi } from '../wix/packages-api-contract';

/**
 * What every resolver receives. Built once per request by src/context.ts; resolvers never
 * keep any of it beyond the request.
 */
export interface GatewayContext {
  /** Id of this GraphQL request (logs, upstream correlation). */
  readonly requestId: string;
  /** Who is calling: account, scopes, accounts visible to list queries. */
  readonly caller: Caller;
  /** The Wix account the request acts for (`caller.accountId`). */
  readonly accountId: string;
  /** The upstream API bound to this account and request. */
  readonly api: PackagesApi;
  /** Key that signs and checks connection cursors (derived once from the gateway's secrets). */
  readonly cursorKey: Uint8Array;
  /** This request's DataLoaders over `api`. */
  readonly loaders: Loaders;
  /** Live updates: writes publish their changes here, subscriptions listen here. */
  readonly changes: LiveChanges;
  /** How many more values this request's response may hold (absent: unlimited). */
  readonly responseBudget?: ResponseBudget;
}
