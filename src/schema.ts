/**
 * The gateway's executable schema: the single list of resolvers. Built once at start-up
 * (no per-request work, no file written at runtime) and injected into Apollo.
 */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { PackageMutationResolver } from './graphql/mutations/package-mutation.resolver';
import { ProductInstanceMutationResolver } from './graphql/mutations/product-instance-mutation.resolver';
import { PackageConnectionResolver } from './graphql/package/package-connection.resolver';
import { PackageResolver } from './graphql/package/package.resolver';
import { ProductInstanceResolver } from './graphql/product-instance/product-instance.resolver';

/** Every resolver class of the schema. */
export const RESOLVERS = [
  PackageResolver,
  PackageConnectionResolver,
  ProductInstanceResolver,
  PackageMutationResolver,
  ProductInstanceMutationResolver,
] as const;

/** Builds the schema from the type-graphql metadata (class-validator is not used). */
export function buildGatewaySchema(): GraphQLSchema {
  return buildSchemaSync({
    resolvers: [...RESOLVERS],
    validate: false,
    emitSchemaFile: false,
  });
}
