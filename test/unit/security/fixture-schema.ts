/**
 * A small schema shaped like the gateway's (so these tests do not depend on the real one), with
 * canned data, and a helper to run operations through a real ApolloServer.
 */
import { ApolloServer, type ApolloServerOptions, type BaseContext } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { buildSchema } from 'graphql';

export const fixtureSchema = buildSchema(`
  type Query {
    package(id: ID!): Package
    packages(first: Int = 20, after: String): PackageConnection!
    productInstance(instanceId: ID!): ProductInstance
  }
  type Mutation {
    cancelPackage(id: ID!): Package
  }
  type Subscription {
    packageChanged(packageIds: [ID!]): PackageChange!
  }
  type PackageChange {
    eventId: ID!
    package: Package
  }
  type PackageConnection {
    edges: [PackageEdge!]!
    pageInfo: PageInfo!
    totalCount: Int
  }
  type PackageEdge {
    cursor: String
    node: Package!
  }
  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }
  type Package {
    id: ID!
    productInstances: [ProductInstance!]!
  }
  type ProductInstance {
    id: ID!
    instanceId: ID!
    status: String
    package: Package!
    referenceProductInstance: ProductInstance
  }
`);

interface FixturePackage {
  id: string;
  productInstances: FixtureInstance[];
}
interface FixtureInstance {
  id: string;
  instanceId: string;
  status: string;
  package: () => FixturePackage;
  referenceProductInstance: () => FixtureInstance | null;
}

const instance: FixtureInstance = {
  id: 'i1',
  instanceId: 'i1',
  status: 'ENABLED',
  package: () => pkg,
  referenceProductInstance: () => null,
};
const pkg: FixturePackage = { id: 'p1', productInstances: [instance] };

export const fixtureRootValue = {
  package: () => pkg,
  packages: () => ({
    edges: [{ cursor: 'c1', node: pkg }],
    pageInfo: { hasNextPage: false, endCursor: 'c1' },
    totalCount: 1,
  }),
  productInstance: () => instance,
  cancelPackage: () => pkg,
};

/** A started server over the fixture schema; `stop()` it in `afterAll`. */
export async function startFixtureServer(
  options: Partial<ApolloServerOptions<BaseContext>> = {},
): Promise<ApolloServer<BaseContext>> {
  const server = new ApolloServer<BaseContext>({
    schema: fixtureSchema,
    rootValue: fixtureRootValue,
    ...options,
  } as ApolloServerOptions<BaseContext>);
  await server.start();
  return server;
}

export interface RunResult {
  readonly status: number | undefined;
  readonly result: FormattedExecutionResult;
}

/** Runs one operation; returns the HTTP status Apollo chose and the single result. */
export async function run(
  server: ApolloServer<BaseContext>,
  request: {
    query?: string;
    variables?: Record<string, unknown>;
    operationName?: string;
    extensions?: Record<string, unknown>;
  },
): Promise<RunResult> {
  const response = await server.executeOperation(request);
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { status: response.http.status, result: response.body.singleResult };
}

/** `extensions.code` of the first error, if any. */
export function firstCode(result: FormattedExecutionResult): unknown {
  return result.errors?.[0]?.extensions?.['code'];
}
