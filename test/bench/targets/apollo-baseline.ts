/**
 * Target (c), the obvious alternative a team would write: Apollo Server (standalone) with
 * `@apollo/datasource-rest`, resolvers calling REST directly, NO batching — one Get Package
 * per `package(id)` field and one Query Packages per `referenceProductInstance` (there is no
 * Get Instance endpoint). Run as its own process by the bench runner.
 *
 * Environment: PORT (required), UPSTREAM_URL (the emulator's origin, required).
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { RESTDataSource, type AugmentedRequest } from '@apollo/datasource-rest';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type {
  WixCreatePackageRequest,
  WixPackage,
  WixPackageResponse,
  WixProductInstance,
  WixQuery,
  WixQueryPackagesResponse,
} from '../../../src/wix/wire-types';
import { QUERY_PAGE_LIMIT, UPSTREAM_HEADERS } from '../rest-calls';
import { BASELINE_TYPE_DEFS } from './baseline-schema';
import { exitWhenOrphaned } from '../harness/orphan-guard';

/** One Packages REST call per method, as a datasource-rest user would write it. */
class PackagesApi extends RESTDataSource {
  constructor(baseURL: string, cache: KeyValueCache) {
    super({ cache });
    this.baseURL = baseURL;
  }

  protected override willSendRequest(_path: string, request: AugmentedRequest): void {
    Object.assign(request.headers, UPSTREAM_HEADERS);
  }

  async getPackage(id: string): Promise<WixPackage> {
    const response = await this.get<WixPackageResponse>(
      `resellers/v1/packages/${encodeURIComponent(id)}`,
    );
    return response.package;
  }

  queryPackages(query: WixQuery): Promise<WixQueryPackagesResponse> {
    return this.post<WixQueryPackagesResponse>('resellers/v1/packages/query', {
      body: { query },
    });
  }

  async instanceById(instanceId: string): Promise<WixProductInstance | null> {
    const { packages } = await this.queryPackages({
      filter: { 'productInstances.instanceId': { $hasSome: [instanceId] } },
      cursorPaging: { limit: 1 },
    });
    const instances = packages.flatMap((pkg) => pkg.productInstances);
    return instances.find((instance) => instance.instanceId === instanceId) ?? null;
  }

  async createPackage(body: WixCreatePackageRequest): Promise<WixPackage> {
    const response = await this.post<WixPackageResponse>('resellers/v2/packages', { body });
    return response.package;
  }
}

interface BaselineContext {
  readonly dataSources: { readonly packages: PackagesApi };
}

const resolvers = {
  Query: {
    package: (_: unknown, args: { id: string }, context: BaselineContext) =>
      context.dataSources.packages.getPackage(args.id),
    packages: async (
      _: unknown,
      args: { first: number; after?: string | null },
      context: BaselineContext,
    ) => {
      const limit = Math.min(args.first, QUERY_PAGE_LIMIT);
      const response = await context.dataSources.packages.queryPackages({
        cursorPaging: args.after ? { limit, cursor: args.after } : { limit },
      });
      const next = (response.metadata ?? response.pagingMetadata)?.cursors?.next;
      return {
        edges: response.packages.map((node) => ({ node })),
        pageInfo: { hasNextPage: next !== undefined, endCursor: next ?? null },
      };
    },
  },
  ProductInstance: {
    referenceProductInstance: (
      instance: WixProductInstance,
      _: unknown,
      context: BaselineContext,
    ) =>
      instance.referenceProductInstanceId
        ? context.dataSources.packages.instanceById(instance.referenceProductInstanceId)
        : null,
  },
  Mutation: {
    createPackage: async (
      _: unknown,
      args: { input: WixCreatePackageRequest },
      context: BaselineContext,
    ) => ({ package: await context.dataSources.packages.createPackage(args.input) }),
  },
};

async function main(): Promise<void> {
  exitWhenOrphaned();
  const port = Number(process.env.PORT);
  const upstream = process.env.UPSTREAM_URL;
  if (!port || !upstream) throw new Error('PORT and UPSTREAM_URL are required');
  const server = new ApolloServer<BaselineContext>({ typeDefs: BASELINE_TYPE_DEFS, resolvers });
  const baseURL = upstream.endsWith('/') ? upstream : `${upstream}/`;
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async () => ({ dataSources: { packages: new PackagesApi(baseURL, server.cache) } }),
  });
  process.stdout.write(`apollo baseline listening on ${url}\n`);
  const stop = (): void => {
    server.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`apollo baseline failed: ${(error as Error).message}\n`);
  process.exit(1);
});
