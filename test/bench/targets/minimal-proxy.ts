/**
 * Target (b), the practical floor: `node:http` + an undici pool, no GraphQL. It accepts the
 * same POST /graphql bodies as the GraphQL targets, dispatches on `operationName` only (the
 * query text is ignored), makes the same batched upstream calls a good gateway makes, and
 * writes the same JSON as the reference operations in ../scenarios.ts select.
 *
 * Environment: PORT (required), UPSTREAM_URL (the emulator's origin, required).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'undici';
import type {
  WixBillingInfo,
  WixCreatePackageRequest,
  WixPackage,
  WixPackageResponse,
  WixProductInstance,
  WixQueryPackagesResponse,
} from '../../../src/wix/wire-types';
import {
  createPackageCall,
  firstPageCall,
  getPackageCall,
  packagesByIdsCall,
  packagesByInstanceIdsCall,
  QUERY_PAGE_LIMIT,
  UPSTREAM_HEADERS,
  type RestCall,
} from '../rest-calls';
import { exitWhenOrphaned } from '../harness/orphan-guard';

type Json = Record<string, unknown>;

class UpstreamError extends Error {}
class UnknownOperation extends Error {}

/**
 * Upstream calls as the gateway makes them: concurrent identical reads (same method, path and
 * body; one account here) share one in-flight call, as the gateway's read coalescing does
 * (src/wix/read-coalescing.ts), so both make the same upstream calls under the same load and
 * the comparison measures what GraphQL costs, not a difference in upstream work.
 */
function createUpstream(origin: string): (call: RestCall) => Promise<unknown> {
  const pool = new Pool(origin, { connections: 64 });
  const send = async (call: RestCall): Promise<unknown> => {
    const { statusCode, body } = await pool.request({
      method: call.method,
      path: call.path,
      headers: UPSTREAM_HEADERS,
      body: call.body,
    });
    if (statusCode >= 400) {
      await body.dump();
      throw new UpstreamError(`upstream answered ${statusCode}`);
    }
    return body.json();
  };
  const inFlight = new Map<string, Promise<unknown>>();
  return (call) => {
    // Writes (every POST but Query Packages) always go through on their own.
    if (call.method === 'POST' && !call.path.endsWith('/query')) {
      return send(call);
    }
    const key = `${call.method} ${call.path} ${call.body ?? ''}`;
    let shared = inFlight.get(key);
    if (shared === undefined) {
      shared = send(call).finally(() => inFlight.delete(key));
      inFlight.set(key, shared);
    }
    return shared;
  };
}

function shapeBilling(billing: WixBillingInfo | undefined): Json | null {
  if (!billing) return null;
  const cycle = billing.cycleDuration;
  return {
    type: billing.type ?? null,
    cycleDuration: cycle ? { unit: cycle.unit ?? null, count: cycle.count ?? null } : null,
  };
}

function shapeInstance(instance: WixProductInstance): Json {
  return {
    instanceId: instance.instanceId,
    siteId: instance.siteId ?? null,
    catalogProductId: instance.catalogProductId,
    status: instance.status,
    failure: instance.failure
      ? { code: instance.failure.code ?? null, message: instance.failure.message ?? null }
      : null,
    billingInfo: shapeBilling(instance.billingInfo ?? instance.paymentInfo),
    countryCode: instance.countryCode ?? null,
    expirationDate: instance.expirationDate ?? null,
    discountCode: instance.discountCode ?? null,
    referenceProductInstanceId: instance.referenceProductInstanceId ?? null,
    createdDate: instance.createdDate,
    updatedDate: instance.updatedDate,
  };
}

function shapePackage(pkg: WixPackage, references?: ReadonlyMap<string, WixProductInstance>): Json {
  return {
    id: pkg.id,
    accountId: pkg.accountId,
    parentAccountId: pkg.parentAccountId ?? null,
    externalId: pkg.externalId ?? null,
    createdDate: pkg.createdDate,
    updatedDate: pkg.updatedDate,
    productInstances: pkg.productInstances.map((instance) => {
      const shaped = shapeInstance(instance);
      if (!references) return shaped;
      const reference = instance.referenceProductInstanceId
        ? references.get(instance.referenceProductInstanceId)
        : undefined;
      shaped.referenceProductInstance = reference ? shapeInstance(reference) : null;
      return shaped;
    }),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}

type Upstream = ReturnType<typeof createUpstream>;

async function referencesOf(
  upstream: Upstream,
  packages: readonly WixPackage[],
): Promise<Map<string, WixProductInstance>> {
  const ids = [
    ...new Set(
      packages.flatMap((pkg) =>
        pkg.productInstances.flatMap((i) =>
          i.referenceProductInstanceId ? [i.referenceProductInstanceId] : [],
        ),
      ),
    ),
  ];
  const found = new Map<string, WixProductInstance>();
  const wanted = new Set(ids);
  const pages = await Promise.all(
    chunks(ids, QUERY_PAGE_LIMIT).map(
      (batch) => upstream(packagesByInstanceIdsCall(batch)) as Promise<WixQueryPackagesResponse>,
    ),
  );
  for (const page of pages) {
    for (const pkg of page.packages) {
      for (const instance of pkg.productInstances) {
        if (wanted.has(instance.instanceId)) found.set(instance.instanceId, instance);
      }
    }
  }
  return found;
}

async function page(upstream: Upstream, variables: Json, withReferences: boolean): Promise<Json> {
  const limit = Math.min(Number(variables.first ?? QUERY_PAGE_LIMIT), QUERY_PAGE_LIMIT);
  const response = (await upstream(firstPageCall(limit))) as WixQueryPackagesResponse;
  const references = withReferences ? await referencesOf(upstream, response.packages) : undefined;
  const next = (response.metadata ?? response.pagingMetadata)?.cursors?.next;
  return {
    packages: {
      edges: response.packages.map((pkg) => ({ node: shapePackage(pkg, references) })),
      pageInfo: { hasNextPage: next !== undefined, endCursor: next ?? null },
    },
  };
}

async function aliased(upstream: Upstream, variables: Json): Promise<Json> {
  const aliases = Object.entries(variables).map(([name, id]) => [`p${name.slice(2)}`, String(id)]);
  const ids = [...new Set(aliases.map(([, id]) => id as string))];
  const byId = new Map<string, WixPackage>();
  const pages = await Promise.all(
    chunks(ids, QUERY_PAGE_LIMIT).map(
      (batch) => upstream(packagesByIdsCall(batch)) as Promise<WixQueryPackagesResponse>,
    ),
  );
  for (const response of pages) for (const pkg of response.packages) byId.set(pkg.id, pkg);
  return Object.fromEntries(
    aliases.map(([alias, id]) => {
      const pkg = byId.get(id as string);
      return [alias, pkg ? shapePackage(pkg) : null];
    }),
  );
}

async function answer(upstream: Upstream, operationName: string, variables: Json): Promise<Json> {
  switch (operationName) {
    case 'SinglePackage': {
      const response = (await upstream(getPackageCall(String(variables.id)))) as WixPackageResponse;
      return { package: shapePackage(response.package) };
    }
    case 'PackagePage':
      return page(upstream, variables, false);
    case 'PackagePageWithReferences':
      return page(upstream, variables, true);
    case 'AliasedPackages':
      return aliased(upstream, variables);
    case 'Typename':
      return { __typename: 'Query' };
    case 'CreatePackage': {
      const input = variables.input as WixCreatePackageRequest;
      const response = (await upstream(createPackageCall(input))) as WixPackageResponse;
      return { createPackage: { package: shapePackage(response.package) } };
    }
    default:
      throw new UnknownOperation(`unknown operation ${operationName}`);
  }
}

async function readJson(request: IncomingMessage): Promise<Json> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as Json;
}

function send(response: ServerResponse, status: number, payload: Json): void {
  const body = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function main(): void {
  exitWhenOrphaned();
  const port = Number(process.env.PORT);
  const origin = process.env.UPSTREAM_URL;
  if (!port || !origin) throw new Error('PORT and UPSTREAM_URL are required');
  const upstream = createUpstream(origin);
  const server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/graphql') {
      send(response, request.url === '/healthz' ? 200 : 404, {});
      return;
    }
    readJson(request)
      .then((body) => answer(upstream, String(body.operationName), (body.variables ?? {}) as Json))
      .then((data) => send(response, 200, { data }))
      .catch((error: unknown) => {
        // Like a GraphQL server: a bad request is a 400, an upstream failure a 200 with errors.
        const badRequest = error instanceof SyntaxError || error instanceof UnknownOperation;
        send(response, badRequest ? 400 : 200, {
          errors: [{ message: badRequest ? 'bad request' : 'upstream failed' }],
          data: null,
        });
      });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`minimal proxy listening on http://127.0.0.1:${port}\n`);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
