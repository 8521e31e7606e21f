/**
 * The gateway's executable schema: the single list of resolvers. Built once at start-up
 * (no per-request work, no file written at runtime) and injected into Apollo.
 */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchemaSync, type PubSub } from 'type-graphql';
import { PackageChangeResolver } from './graphql/live/package-change.resolver';
import { PackageMutationResolver } from './graphql/mutations/package-mutation.resolver';
import { ProductInstanceMutationResolver } from './graphql/mutations/product-instance-mutation.resolver';
import { PackageConnectionResolver } from './graphql/package/package-connection.resolver';
import { PackageResolver } from './graphql/package/package.resolver';
import { ProductInstanceResolver } from './graphql/product-instance/product-instance.resolver';
import { installDirectFieldResolvers } from './graphql/pipeline/direct-field';
import { memoiseRootResolvers } from './graphql/pipeline/projection/root-results';
import { chargeListsToResponseBudget } from './security/response-budget';

/** Every resolver class of the schema. */
export const RESOLVERS = [
  PackageResolver,
  PackageConnectionResolver,
  ProductInstanceResolver,
  PackageMutationResolver,
  ProductInstanceMutationResolver,
  PackageChangeResolver,
] as const;

/**
 * type-graphql requires a PubSub as soon as the schema has a subscription, even when every
 * subscription brings its own `subscribe` function, as ours does (the change feed filters
 * events per caller, src/live/change-feed.ts). This one refuses to be used.
 */
const UNUSED_PUBSUB: PubSub = {
  publish() {
    throw new Error('subscriptions publish through the change feed, not type-graphql PubSub');
  },
  subscribe() {
    throw new Error('subscriptions listen to the change feed, not type-graphql PubSub');
  },
};

/**
 * Builds the schema from the type-graphql metadata (class-validator is not used); fields that
 * declare a direct resolver resolve through it (pipeline/direct-field.ts), its lists of
 * objects charge each request's response budget (src/security/response-budget.ts), and its
 * root fields answer from results an execution hands over (projection/root-results.ts).
 */
export function buildGatewaySchema(): GraphQLSchema {
  return memoiseRootResolvers(
    chargeListsToResponseBudget(
      installDirectFieldResolvers(
        buildSchemaSync({
          resolvers: [...RESOLVERS],
          validate: false,
          emitSchemaFile: false,
          pubSub: UNUSED_PUBSUB,
        }),
      ),
    ),
  );
}
