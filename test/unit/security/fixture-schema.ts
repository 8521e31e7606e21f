/**
 * A small schema shaped like the gateway's (so these tests do not depend on the real one), with
 * canned data, and a helper to run operations through the operation pipeline the gateway
 * builds (checks, executor, Apollo adapter), configured from the config module's defaults.
 */
import type { ApolloServer } from '@apollo/server';
import { buildSchema, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import type { Caller } from '../../../src/auth/caller';
import { ALL_SCOPES } from '../../../src/auth/scopes';
import { loadConfig } from '../../../src/config/config';
import { createApolloAdapter } from '../../../src/graphql/pipeline/apollo-adapter';
import { createOperationPipeline } from '../../../src/graphql/pipeline/operation-pipeline';
import type { OperationRecorder } from '../../../src/observability/operation-recorder';

const SDL = `
  type Query {
    package(id: ID!): Package
    packages(first: Int = 20, after: String): PackageConnection!
    productInstance(instanceId: ID!): ProductInstance
  }
  type Mutation {
    cancelPackage(id: ID!): Package
    createPackage(input: CreatePackageInput!): CreatePackagePayload!
  }
  input CreatePackageInput {
    products: [ProductInput!]!
  }
  input ProductInput {
    catalogProductId: ID!
  }
  type CreatePackagePayload {
    package: Package
    userErrors: [UserError!]!
  }
  type UserError {
    message: String!
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
`;

interface FixturePackage {
  id: string;
  productInstances: FixtureInstance[];
}
interface FixtureInstance {
  id: string;
  instanceId: string;
  status: string;
  readonly package: FixturePackage;
  referenceProductInstance: FixtureInstance | null;
}

// A getter, not a method: the compiled executor's default resolver reads properties.
const instance: FixtureInstance = {
  id: 'i1',
  instanceId: 'i1',
  status: 'ENABLED',
  get package() {
    return pkg;
  },
  referenceProductInstance: null,
};
const pkg: FixturePackage = { id: 'p1', productInstances: [instance] };

export const fixtureRootValue: Record<string, () => unknown> = {
  package: () => pkg,
  packages: () => ({
    edges: [{ cursor: 'c1', node: pkg }],
    pageInfo: { hasNextPage: false, endCursor: 'c1' },
    totalCount: 1,
  }),
  productInstance: () => instance,
  cancelPackage: () => pkg,
  createPackage: () => ({ package: pkg, userErrors: [] }),
};

/**
 * The fixture schema with its root fields resolved by `rootFields` (the canned data, with any
 * override): the compiled executor reads resolvers from the schema, not from a root value.
 */
export function fixtureSchemaWith(overrides: Record<string, () => unknown> = {}): GraphQLSchema {
  const schema = buildSchema(SDL);
  const rootFields = { ...fixtureRootValue, ...overrides };
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const resolve = rootFields[field.name];
      if (resolve !== undefined) field.resolve = () => resolve();
    }
  }
  return schema;
}

export const fixtureSchema = fixtureSchemaWith();

export interface FixtureContext {
  readonly caller?: Caller;
}

export type FixtureServer = ApolloServer<FixtureContext>;

/** A caller holding every scope. */
export const ALL_SCOPES_CALLER: Caller = {
  accountId: '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9',
  scopes: new Set(ALL_SCOPES),
  visibleAccountIds: ['0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9'],
};

export interface FixtureServerOptions {
  /** Configuration variables, as the gateway reads them (defaults: the config module's). */
  readonly env?: Record<string, string>;
  /** Files the variables name, by path. */
  readonly files?: Record<string, string>;
  readonly schema?: GraphQLSchema;
  readonly recordOperation?: OperationRecorder;
}

/** A started server running the gateway's pipeline over the fixture schema; `stop()` it. */
export async function startFixtureServer(
  options: FixtureServerOptions = {},
): Promise<FixtureServer> {
  const files = options.files ?? {};
  const settings = loadConfig({ NODE_ENV: 'test', ...options.env }, (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`no fixture file ${path}`);
    return text;
  }).graphql;
  const pipeline = createOperationPipeline<FixtureContext>({
    schema: options.schema ?? fixtureSchema,
    settings,
    ...(options.recordOperation && { recordOperation: options.recordOperation }),
    logMaskedError: () => {},
  });
  const adapter = createApolloAdapter({ pipeline, settings });
  await adapter.start();
  return adapter.server;
}

export interface RunResult {
  readonly status: number | undefined;
  readonly result: FormattedExecutionResult;
}

/** Runs one operation (as an all-scopes caller by default); returns the HTTP status Apollo chose and the single result. */
export async function run(
  server: FixtureServer,
  request: {
    query?: string;
    variables?: Record<string, unknown>;
    operationName?: string;
    extensions?: Record<string, unknown>;
  },
  context: FixtureContext = { caller: ALL_SCOPES_CALLER },
): Promise<RunResult> {
  const response = await server.executeOperation(request, { contextValue: context });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { status: response.http.status, result: response.body.singleResult };
}

/** `extensions.code` of the first error, if any. */
export function firstCode(result: FormattedExecutionResult): unknown {
  return result.errors?.[0]?.extensions?.['code'];
}
