import type { EmulatorEndpoint } from '../faults/fault-rule';

/** A matched API route with its percent-decoded path parameters. */
export interface ApiRoute {
  readonly kind: 'api';
  readonly endpoint: EmulatorEndpoint;
  /** Create Package V1 vs V2 (V1 does not require `countryCode`). */
  readonly createVersion?: 'v1' | 'v2';
  readonly params: Readonly<Record<string, string>>;
}

/** Result of routing one request. */
export type RouteMatch =
  | ApiRoute
  | { readonly kind: 'notFound' }
  | { readonly kind: 'methodNotAllowed'; readonly allow: readonly string[] }
  | { readonly kind: 'badPath' };

type MethodTable = Partial<Record<string, Omit<ApiRoute, 'kind' | 'params'>>>;

interface RoutePattern {
  /** Literal segments, or `:name` for a parameter. */
  readonly segments: readonly string[];
  readonly methods: MethodTable;
}

/**
 * contract: endpoints routes. Order matters: `product-instances/{id}/unassign` is listed before
 * `product-instances/{id}/{siteId}`, and `packages/query` before `packages/{id}`.
 */
const ROUTES: readonly RoutePattern[] = [
  {
    segments: ['resellers', 'v2', 'packages'],
    methods: { POST: { endpoint: 'createPackage', createVersion: 'v2' } },
  },
  {
    segments: ['resellers', 'v1', 'packages'],
    methods: { POST: { endpoint: 'createPackage', createVersion: 'v1' } },
  },
  {
    segments: ['resellers', 'v1', 'packages', 'query'],
    methods: { POST: { endpoint: 'queryPackages' } },
  },
  {
    segments: ['resellers', 'v1', 'packages', 'update', ':packageId', ':externalId'],
    methods: { PATCH: { endpoint: 'updatePackageExternalId' } },
  },
  {
    segments: ['resellers', 'v1', 'packages', 'product-instances', ':instanceId', 'unassign'],
    methods: { PATCH: { endpoint: 'unassignProductInstance' } },
  },
  {
    segments: ['resellers', 'v1', 'packages', 'product-instances', ':instanceId', ':siteId'],
    methods: { PATCH: { endpoint: 'assignProductInstance' } },
  },
  {
    segments: ['resellers', 'v1', 'packages', 'product-instances', ':instanceId'],
    methods: {
      PATCH: { endpoint: 'adjustProductInstance' },
      DELETE: { endpoint: 'cancelProductInstance' },
    },
  },
  {
    segments: ['resellers', 'v1', 'packages', ':packageId'],
    methods: { GET: { endpoint: 'getPackage' }, DELETE: { endpoint: 'cancelPackage' } },
  },
];

/**
 * Matches a method and a path (without query string). Path parameters are percent-decoded
 * after splitting, so an encoded `/` stays inside its segment.
 */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const rawSegments = pathname.split('/').slice(1);
  for (const route of ROUTES) {
    const params = matchSegments(route.segments, rawSegments);
    if (params === undefined) continue;
    if (params === null) return { kind: 'badPath' };
    const target = route.methods[method];
    // The first pattern that matches the path decides (so GET …/packages/query is a 405).
    if (!target) return { kind: 'methodNotAllowed', allow: Object.keys(route.methods) };
    return { kind: 'api', ...target, params };
  }
  return { kind: 'notFound' };
}

/** @returns params on a match, undefined on no match, null when a parameter is not decodable */
function matchSegments(
  pattern: readonly string[],
  raw: readonly string[],
): Record<string, string> | undefined | null {
  if (pattern.length !== raw.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    const actual = raw[i] as string;
    if (expected.startsWith(':')) {
      if (actual === '') return undefined;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
