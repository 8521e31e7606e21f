/**
 * The Apollo Client cache configuration for this gateway's schema, as the README shows it to
 * client developers (the client tests use exactly this object, so what the README shows works).
 *
 * - `Package` and `ProductInstance` need no policy: both have an `id` (a ProductInstance's `id`
 *   equals its `instanceId`, and exists for this), so InMemoryCache's default identification
 *   normalizes them as `Package:<id>` and `ProductInstance:<instanceId>`, provided the
 *   selection includes `id`. A mutation payload that returns a changed package or instance
 *   then updates every cached query that shows it, without a refetch. (An explicit
 *   `keyFields: ['id']` would work too, but changes the cache ids to `Package:{"id":"…"}`.)
 * - `Query.packages` is one Relay list per `filter` + `orderBy`: pages fetched with `after` are
 *   appended to it (`first` is not part of the key, so page sizes may differ). Only the last
 *   edge of a page carries a cursor, which is the edge `relayStylePagination` needs.
 * - `Query.package` and `Query.productInstance` read from the cache first: an object already
 *   fetched in any list is answered without a network request (a cached null stays null).
 */
import type { TypePolicies } from '@apollo/client/core';
import { relayStylePagination } from '@apollo/client/utilities';

/** `typePolicies` for `new InMemoryCache({ typePolicies: gatewayTypePolicies })`. */
export const gatewayTypePolicies: TypePolicies = {
  Query: {
    fields: {
      packages: relayStylePagination(['filter', 'orderBy']),
      package: {
        read(existing, { args, toReference }) {
          if (existing !== undefined) return existing;
          return toReference({ __typename: 'Package', id: args?.id as string });
        },
      },
      productInstance: {
        read(existing, { args, toReference }) {
          if (existing !== undefined) return existing;
          return toReference({ __typename: 'ProductInstance', id: args?.instanceId as string });
        },
      },
    },
  },
};
