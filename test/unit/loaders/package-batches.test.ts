/**
 * `fetchPackagesByIds` chooses the upstream call: ONE id in a scope that is exactly the API's
 * header account is one Get Package (contract: Get Package); anything else (several ids, a multi-account scope,
 * a scope that is not the header account) is one scoped Query Packages (contract: Query Packages). Get Package's
 * "not yours / not there" answer (404, no code or NOT_FOUND) is null; another refusal (a 4xx
 * that is not 401/408/429) is settled by one scoped query; every other failure propagates
 * unchanged.
 */
import { createAccountScope } from '../../../src/loaders/account-scope';
import { createLoaders } from '../../../src/loaders/create-loaders';
import { fetchPackagesByIds } from '../../../src/loaders/package-batches';
import { WixHttpError, WixTransportError } from '../../../src/wix/errors';
import type { WixPackage } from '../../../src/wix/wire-types';
import {
  buildPackage,
  FAKE_ACCOUNT_ID,
  FakePackagesApi,
  guid,
  OTHER_ACCOUNT_ID,
} from '../../helpers/fake-packages-api';

const OWN_SCOPE = createAccountScope(FAKE_ACCOUNT_ID);

function notFound(applicationCode: string | undefined): WixHttpError {
  return new WixHttpError({
    endpoint: 'getPackage',
    status: 404,
    applicationCode,
    upstreamMessage: 'not found',
    requestId: 'rq-404',
  });
}

/** Makes the fake's Get Package answer `pkg` whatever id it is asked for. */
function answerGetWith(api: FakePackagesApi, pkg: WixPackage): void {
  api.getPackage = async (id) => {
    api.calls.push({ method: 'getPackage', args: [id] });
    return { package: pkg };
  };
}

describe('fetchPackagesByIds with one id in the header account’s own scope', () => {
  it('makes one Get Package call, and no query', async () => {
    const api = new FakePackagesApi([buildPackage(1), buildPackage(2)]);

    const results = await fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 2)]);

    expect(results.map((pkg) => pkg?.id)).toEqual([guid('pkg', 2)]);
    expect(results[0]).toEqual(buildPackage(2));
    expect(api.calls).toEqual([{ method: 'getPackage', args: [guid('pkg', 2)] }]);
  });

  it.each([
    ['without an application code', undefined],
    ['with the code NOT_FOUND', 'NOT_FOUND'],
  ])('gives null for a 404 %s', async (_name, code) => {
    const api = new FakePackagesApi([buildPackage(1)]).failNext(notFound(code));

    expect(await fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1)])).toEqual([null]);
    expect(api.calls.map((call) => call.method)).toEqual(['getPackage']);
  });

  it('gives null for an id the fake does not hold (its own 404)', async () => {
    const api = new FakePackagesApi([buildPackage(1)]);

    expect(await fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 99)])).toEqual([null]);
    expect(api.calls).toEqual([{ method: 'getPackage', args: [guid('pkg', 99)] }]);
  });

  it.each([
    ['403 PERMISSION_DENIED', 403, 'PERMISSION_DENIED'],
    ['400 without a code', 400, undefined],
    ['404 with another code', 404, 'PACKAGE_NOT_FOUND'],
    ['428 with a code', 428, 'FAILED_PRECONDITION'],
  ])(
    'answers an undocumented refusal (%s) with one scoped query, which decides',
    async (_name, status, code) => {
      const refusal = new WixHttpError({
        endpoint: 'getPackage',
        status,
        applicationCode: code,
        upstreamMessage: 'no',
        requestId: 'rq',
      });
      const api = new FakePackagesApi([buildPackage(1)]).failNext(refusal);

      const [pkg] = await fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1)]);

      expect(pkg).toEqual(buildPackage(1));
      expect(api.calls.map((call) => call.method)).toEqual(['getPackage', 'queryPackages']);
      expect(api.queries).toEqual([
        {
          filter: {
            $and: [{ id: { $in: [guid('pkg', 1)] } }, { accountId: { $eq: FAKE_ACCOUNT_ID } }],
          },
          cursorPaging: { limit: 1 },
        },
      ]);
    },
  );

  it('gives null when the query behind an undocumented refusal finds nothing in scope', async () => {
    const refusal = new WixHttpError({
      endpoint: 'getPackage',
      status: 403,
      upstreamMessage: 'no',
      requestId: 'rq',
    });
    const api = new FakePackagesApi([buildPackage(1, { accountId: OTHER_ACCOUNT_ID })]).failNext(
      refusal,
    );

    expect(await fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1)])).toEqual([null]);
    expect(api.calls.map((call) => call.method)).toEqual(['getPackage', 'queryPackages']);
  });

  it('passes on a failure of the query behind an undocumented refusal', async () => {
    const refusal = new WixHttpError({
      endpoint: 'getPackage',
      status: 403,
      upstreamMessage: 'no',
      requestId: 'rq',
    });
    const denied = new WixHttpError({
      endpoint: 'queryPackages',
      status: 403,
      upstreamMessage: 'no',
      requestId: 'rq',
    });
    const api = new FakePackagesApi([buildPackage(1)]).failNext(refusal).failNext(denied);

    await expect(fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1)])).rejects.toBe(denied);
  });

  it.each([
    ['401', 401],
    ['408', 408],
    ['429', 429],
  ])('rejects with a %s unchanged, without a query', async (_name, status) => {
    const failure = new WixHttpError({
      endpoint: 'getPackage',
      status,
      upstreamMessage: 'no',
      requestId: 'rq',
    });
    const api = new FakePackagesApi([buildPackage(1)]).failNext(failure);

    await expect(fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1)])).rejects.toBe(failure);
    expect(api.calls.map((call) => call.method)).toEqual(['getPackage']);
  });

  it('rejects with a 500, unchanged', async () => {
    const failure = new WixHttpError({
      endpoint: 'getPackage',
      status: 500,
      upstreamMessage: 'boom',
      requestId: 'rq',
    });
    const api = new FakePackagesApi([buildPackage(1)]).failNext(failure);

    await expect(fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1)])).rejects.toBe(failure);
  });

  it('rejects with a transport failure, unchanged', async () => {
    const failure = new WixTransportError('getPackage', 'TIMEOUT', true);
    const api = new FakePackagesApi([buildPackage(1)]).failNext(failure);

    await expect(fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1)])).rejects.toBe(failure);
  });

  it('gives null when Get Package returns a package of another account (an ancestor read)', async () => {
    const api = new FakePackagesApi();
    answerGetWith(api, buildPackage(1, { accountId: OTHER_ACCOUNT_ID }));

    expect(await fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1)])).toEqual([null]);
    expect(api.calls.map((call) => call.method)).toEqual(['getPackage']);
  });

  it('gives null when Get Package returns a package with another id', async () => {
    const api = new FakePackagesApi();
    answerGetWith(api, buildPackage(2));

    expect(await fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1)])).toEqual([null]);
  });

  it('matches the returned id whatever its letter case', async () => {
    const api = new FakePackagesApi();
    answerGetWith(api, buildPackage(1));

    const [pkg] = await fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1).toUpperCase()]);

    expect(pkg?.id).toBe(guid('pkg', 1));
  });
});

describe('fetchPackagesByIds that still queries', () => {
  it('makes one scoped query for one id in a multi-account scope', async () => {
    const api = new FakePackagesApi([buildPackage(1, { accountId: OTHER_ACCOUNT_ID })]);
    const scope = createAccountScope(FAKE_ACCOUNT_ID, [FAKE_ACCOUNT_ID, OTHER_ACCOUNT_ID]);

    const results = await fetchPackagesByIds(api, scope, [guid('pkg', 1)]);

    expect(results.map((pkg) => pkg?.id)).toEqual([guid('pkg', 1)]);
    expect(api.calls.map((call) => call.method)).toEqual(['queryPackages']);
    expect(api.queries).toEqual([
      {
        filter: {
          $and: [
            { id: { $in: [guid('pkg', 1)] } },
            { accountId: { $in: [FAKE_ACCOUNT_ID, OTHER_ACCOUNT_ID] } },
          ],
        },
        cursorPaging: { limit: 1 },
      },
    ]);
  });

  it('makes one scoped query for one id when the scope is an account other than the header’s', async () => {
    const api = new FakePackagesApi([buildPackage(1, { accountId: OTHER_ACCOUNT_ID })]);
    const scope = createAccountScope(FAKE_ACCOUNT_ID, [OTHER_ACCOUNT_ID]);

    const results = await fetchPackagesByIds(api, scope, [guid('pkg', 1)]);

    expect(results.map((pkg) => pkg?.id)).toEqual([guid('pkg', 1)]);
    expect(api.queries).toEqual([
      {
        filter: {
          $and: [{ id: { $in: [guid('pkg', 1)] } }, { accountId: { $eq: OTHER_ACCOUNT_ID } }],
        },
        cursorPaging: { limit: 1 },
      },
    ]);
    expect(api.calls).toHaveLength(1);
  });

  it('makes ONE scoped query for two ids in the own scope, and no Get Package', async () => {
    const api = new FakePackagesApi([buildPackage(1), buildPackage(2)]);
    const ids = [guid('pkg', 2), guid('pkg', 1)];

    const results = await fetchPackagesByIds(api, OWN_SCOPE, ids);

    expect(results.map((pkg) => pkg?.id)).toEqual(ids);
    expect(api.calls.map((call) => call.method)).toEqual(['queryPackages']);
    expect(api.queries).toEqual([
      {
        filter: { $and: [{ id: { $in: ids } }, { accountId: { $eq: FAKE_ACCOUNT_ID } }] },
        cursorPaging: { limit: 2 },
      },
    ]);
  });

  it('passes a failed query on unchanged', async () => {
    const failure = new WixHttpError({
      endpoint: 'queryPackages',
      status: 404,
      upstreamMessage: 'gone',
      requestId: 'rq',
    });
    const api = new FakePackagesApi([buildPackage(1), buildPackage(2)]).failNext(failure);

    await expect(fetchPackagesByIds(api, OWN_SCOPE, [guid('pkg', 1), guid('pkg', 2)])).rejects.toBe(
      failure,
    );
  });
});

describe('createLoaders: packageById with a single key', () => {
  it('loads one key with Get Package and caches the answer', async () => {
    const api = new FakePackagesApi([buildPackage(1)]);
    const { packageById } = createLoaders(api);

    expect((await packageById.load(guid('pkg', 1)))?.id).toBe(guid('pkg', 1));
    expect((await packageById.load(guid('pkg', 1)))?.id).toBe(guid('pkg', 1));
    expect(api.calls).toEqual([{ method: 'getPackage', args: [guid('pkg', 1)] }]);
  });

  it('caches a NOT_FOUND as null, without asking again', async () => {
    const api = new FakePackagesApi().failNext(notFound('NOT_FOUND'));
    const { packageById } = createLoaders(api);

    expect(await packageById.load(guid('pkg', 1))).toBeNull();
    expect(await packageById.load(guid('pkg', 1))).toBeNull();
    expect(api.calls).toHaveLength(1);
  });

  it('rejects a failed Get Package, then asks again on a later load', async () => {
    const failure = new WixHttpError({
      endpoint: 'getPackage',
      status: 503,
      upstreamMessage: 'busy',
      requestId: 'rq',
    });
    const api = new FakePackagesApi([buildPackage(1)]).failNext(failure);
    const { packageById } = createLoaders(api);

    await expect(packageById.load(guid('pkg', 1))).rejects.toBe(failure);
    expect((await packageById.load(guid('pkg', 1)))?.id).toBe(guid('pkg', 1));
    expect(api.calls.map((call) => call.method)).toEqual(['getPackage', 'getPackage']);
  });

  it('uses a query for one key when the caller may read several accounts', async () => {
    const api = new FakePackagesApi([buildPackage(1)]);
    const loaders = createLoaders(api, { accountIds: [FAKE_ACCOUNT_ID, OTHER_ACCOUNT_ID] });

    expect((await loaders.packageById.load(guid('pkg', 1)))?.id).toBe(guid('pkg', 1));
    expect(api.calls.map((call) => call.method)).toEqual(['queryPackages']);
  });

  it('a lone key left over by the 100-key chunking is a Get Package call', async () => {
    const stored = Array.from({ length: 101 }, (_, index) => buildPackage(index + 1));
    const api = new FakePackagesApi(stored);
    const { packageById } = createLoaders(api);

    const results = await packageById.loadMany(stored.map((pkg) => pkg.id));

    expect(results.map((pkg) => (pkg as WixPackage).id)).toEqual(stored.map((pkg) => pkg.id));
    expect(api.calls.map((call) => call.method)).toEqual(['queryPackages', 'getPackage']);
    expect(api.queries[0]!.cursorPaging).toEqual({ limit: 100 });
  });
});
