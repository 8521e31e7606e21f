import type { WixEndpoint } from '../../../src/wix/errors';
import { ENDPOINT_ROUTES } from '../../../src/wix/endpoint-routes';
import type { HttpClient, HttpRequest } from '../../../src/wix/http-client';
import { createPackagesApi } from '../../../src/wix/packages-api';

/** A client that records each request and answers nothing useful (the path is all we need). */
function recordingClient(requests: HttpRequest[]): HttpClient {
  return {
    async request<T>(request: HttpRequest): Promise<T> {
      requests.push(request);
      throw new Error('not answered');
    },
    breakerState: () => 'closed',
  };
}

/** The template as a pattern: each `{name}` is one non-empty path segment. */
function patternOf(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\\?\{[A-Za-z]+\\?\}/g, '[^/]+')}$`);
}

describe('ENDPOINT_ROUTES (what traces record instead of the raw path)', () => {
  it('matches the path packages-api builds for every endpoint, ids in the parameters only', async () => {
    const requests: HttpRequest[] = [];
    const api = createPackagesApi(recordingClient(requests), { accountId: 'acc' });
    const id = 'id%2F1';
    const calls: Record<WixEndpoint, () => Promise<unknown>> = {
      createPackage: () => api.createPackage({ products: [] } as never),
      getPackage: () => api.getPackage(id),
      queryPackages: () => api.queryPackages({}),
      cancelPackage: () => api.cancelPackage(id),
      updatePackageExternalId: () => api.updatePackageExternalId(id, 'ext'),
      assignProductInstance: () => api.assignProductInstance(id, 'site'),
      unassignProductInstance: () => api.unassignProductInstance(id),
      adjustProductInstance: () => api.adjustProductInstance(id, {} as never),
      cancelProductInstance: () => api.cancelProductInstance(id),
    };
    for (const [endpoint, call] of Object.entries(calls)) {
      requests.length = 0;
      await call().catch(() => undefined);
      const [request] = requests;
      expect(request?.endpoint).toBe(endpoint);
      expect({ endpoint, path: request?.path }).toEqual({
        endpoint,
        path: expect.stringMatching(patternOf(ENDPOINT_ROUTES[endpoint as WixEndpoint])),
      });
    }
    expect(Object.keys(calls).sort()).toEqual(Object.keys(ENDPOINT_ROUTES).sort());
  });

  it('has no literal segment that could carry an id', () => {
    for (const template of Object.values(ENDPOINT_ROUTES)) {
      for (const segment of template.split('/').filter(Boolean)) {
        expect(segment).toMatch(/^(\{[A-Za-z]+\}|[a-z0-9-]+)$/);
      }
    }
  });
});
