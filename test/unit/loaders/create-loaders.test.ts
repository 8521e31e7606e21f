import { createLoaders, MAX_BATCH_SIZE } from '../../../src/loaders/create-loaders';
import { primePackage } from '../../../src/loaders/prime-package';
import { WixTransportError } from '../../../src/wix/errors';
import type { WixFilter, WixPackage } from '../../../src/wix/wire-types';
import {
  buildInstance,
  buildPackage,
  FAKE_ACCOUNT_ID,
  FakePackagesApi,
  guid,
  OTHER_ACCOUNT_ID,
} from '../../helpers/fake-packages-api';

const SCOPE = { accountId: { $eq: FAKE_ACCOUNT_ID } };

function packages(count: number): WixPackage[] {
  return Array.from({ length: count }, (_, index) => buildPackage(index + 1));
}

describe('packageById', () => {
  it('batches loads of one tick into ONE scoped query with limit = batch size', async () => {
    const api = new FakePackagesApi(packages(5));
    const { packageById } = createLoaders(api);
    const ids = [guid('pkg', 3), guid('pkg', 1), guid('pkg', 5)];
    const results = await Promise.all(ids.map((id) => packageById.load(id)));
    expect(results.map((pkg) => pkg?.id)).toEqual(ids);
    expect(api.queries).toEqual([
      { filter: { $and: [{ id: { $in: ids } }, SCOPE] }, cursorPaging: { limit: 3 } },
    ]);
  });

  it('returns results in key order whatever the upstream order', async () => {
    const api = new FakePackagesApi(packages(3));
    const original = api.queryPackages.bind(api);
    api.queryPackages = async (query) => {
      const response = await original(query);
      return { ...response, packages: [...response.packages].reverse() };
    };
    const { packageById } = createLoaders(api);
    const ids = [guid('pkg', 1), guid('pkg', 2), guid('pkg', 3)];
    expect((await packageById.loadMany(ids)).map((p) => (p as WixPackage).id)).toEqual(ids);
  });

  it('gives null for a missing key and for a package outside the scope', async () => {
    const api = new FakePackagesApi([
      buildPackage(1),
      buildPackage(2, { accountId: OTHER_ACCOUNT_ID }),
    ]);
    const { packageById } = createLoaders(api);
    const [missing, foreign, present] = await Promise.all([
      packageById.load(guid('pkg', 99)),
      packageById.load(guid('pkg', 2)),
      packageById.load(guid('pkg', 1)),
    ]);
    expect(missing).toBeNull();
    expect(foreign).toBeNull();
    expect(present?.id).toBe(guid('pkg', 1));
  });

  it('drops stray packages of another account even if the upstream ignores the scope', async () => {
    const api = new FakePackagesApi([buildPackage(1, { accountId: OTHER_ACCOUNT_ID })]);
    api.queryPackages = async () => ({
      packages: [
        buildPackage(1, { accountId: OTHER_ACCOUNT_ID }),
        buildPackage(2, { accountId: OTHER_ACCOUNT_ID }),
      ],
    });
    // Two keys: one Query Packages batch (a single key would be a Get Package call).
    expect(await createLoaders(api).packageById.loadMany([guid('pkg', 1), guid('pkg', 2)])).toEqual(
      [null, null],
    );
  });

  it('splits more than 100 keys into chunks of 100', async () => {
    const api = new FakePackagesApi(packages(250));
    const { packageById } = createLoaders(api);
    const ids = Array.from({ length: 250 }, (_, index) => guid('pkg', index + 1));
    const results = await packageById.loadMany(ids);
    expect(results.every((pkg, index) => (pkg as WixPackage).id === ids[index])).toBe(true);
    expect(api.queries.map((q) => q.cursorPaging?.limit)).toEqual([MAX_BATCH_SIZE, 100, 50]);
  });

  it('dedupes and caches keys within the request', async () => {
    const api = new FakePackagesApi(packages(2));
    const { packageById } = createLoaders(api);
    await Promise.all([packageById.load(guid('pkg', 1)), packageById.load(guid('pkg', 1))]);
    await packageById.load(guid('pkg', 1));
    // One distinct key: a single Get Package call, nothing more.
    expect(api.calls).toEqual([{ method: 'getPackage', args: [guid('pkg', 1)] }]);
  });

  it('rejects every key of a failed batch with the typed error, then retries later', async () => {
    const failure = new WixTransportError('queryPackages', 'TIMEOUT', true);
    const api = new FakePackagesApi(packages(2)).failNext(failure);
    const { packageById } = createLoaders(api);
    const settled = await Promise.allSettled([
      packageById.load(guid('pkg', 1)),
      packageById.load(guid('pkg', 2)),
    ]);
    expect(settled).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    expect((await packageById.load(guid('pkg', 1)))?.id).toBe(guid('pkg', 1));
    expect(api.calls).toHaveLength(2);
  });

  it('primes packageByInstanceId with every instance of a fetched package', async () => {
    const pkg = buildPackage(1, {
      productInstances: [buildInstance(11), buildInstance(12)],
    });
    const api = new FakePackagesApi([pkg]);
    const loaders = createLoaders(api);
    await loaders.packageById.load(pkg.id);
    const [a, b] = await Promise.all([
      loaders.packageByInstanceId.load(guid('ins', 11)),
      loaders.packageByInstanceId.load(guid('ins', 12)),
    ]);
    expect(a?.id).toBe(pkg.id);
    expect(b?.id).toBe(pkg.id);
    expect(api.calls).toHaveLength(1);
  });
});

describe('packageByInstanceId', () => {
  it('batches into one $hasSome query with the account scope', async () => {
    const api = new FakePackagesApi([
      buildPackage(1, { productInstances: [buildInstance(11), buildInstance(12)] }),
      buildPackage(2, { productInstances: [buildInstance(21)] }),
    ]);
    const { packageByInstanceId } = createLoaders(api);
    const keys = [guid('ins', 21), guid('ins', 99), guid('ins', 12), guid('ins', 11)];
    const results = await packageByInstanceId.loadMany(keys);
    expect(results.map((p) => (p as WixPackage | null)?.id ?? null)).toEqual([
      guid('pkg', 2),
      null,
      guid('pkg', 1),
      guid('pkg', 1),
    ]);
    expect(api.queries).toEqual([
      {
        filter: { $and: [{ 'productInstances.instanceId': { $hasSome: keys } }, SCOPE] },
        cursorPaging: { limit: 4 },
      },
    ]);
  });

  it('primes packageById and the sibling instances', async () => {
    const api = new FakePackagesApi([
      buildPackage(1, { productInstances: [buildInstance(11), buildInstance(12)] }),
    ]);
    const loaders = createLoaders(api);
    await loaders.packageByInstanceId.load(guid('ins', 11));
    await loaders.packageById.load(guid('pkg', 1));
    await loaders.packageByInstanceId.load(guid('ins', 12));
    expect(api.calls).toHaveLength(1);
  });
});

describe('account scope', () => {
  it('uses $in when several accounts are allowed, and exposes that scope', async () => {
    const api = new FakePackagesApi([
      buildPackage(1),
      buildPackage(2, { accountId: OTHER_ACCOUNT_ID }),
    ]);
    const loaders = createLoaders(api, { accountIds: [FAKE_ACCOUNT_ID, OTHER_ACCOUNT_ID] });
    const [a, b] = await Promise.all([
      loaders.packageById.load(guid('pkg', 1)),
      loaders.packageById.load(guid('pkg', 2)),
    ]);
    expect([a?.id, b?.id]).toEqual([guid('pkg', 1), guid('pkg', 2)]);
    expect((api.queries[0]!.filter as { $and: WixFilter[] }).$and[1]).toEqual({
      accountId: { $in: [FAKE_ACCOUNT_ID, OTHER_ACCOUNT_ID] },
    });
    expect(loaders.scope.accountIds).toEqual([FAKE_ACCOUNT_ID, OTHER_ACCOUNT_ID]);
  });

  it('refuses an empty account list', () => {
    expect(() => createLoaders(new FakePackagesApi(), { accountIds: [] })).toThrow();
  });

  it('creates independent loaders per call (nothing shared between requests)', async () => {
    const api = new FakePackagesApi(packages(1));
    await createLoaders(api).packageById.load(guid('pkg', 1));
    await createLoaders(api).packageById.load(guid('pkg', 1));
    expect(api.calls).toHaveLength(2);
  });
});

describe('primePackage', () => {
  it('replaces cached state for the id and every instance id', async () => {
    const old = buildPackage(1, { productInstances: [buildInstance(11)] });
    const api = new FakePackagesApi([old]);
    const loaders = createLoaders(api);
    await loaders.packageById.load(old.id);
    const fresh = buildPackage(1, {
      externalId: 'changed',
      productInstances: [buildInstance(11, { status: 'CANCELED' })],
    });
    primePackage(loaders, fresh);
    expect(await loaders.packageById.load(old.id)).toBe(fresh);
    expect(await loaders.packageByInstanceId.load(guid('ins', 11))).toBe(fresh);
    expect(api.calls).toHaveLength(1);
  });
});

describe('batch observer', () => {
  it('reports the size of every batch sent upstream, per loader', async () => {
    const api = new FakePackagesApi(packages(150));
    const sizes: [string, number][] = [];
    const loaders = createLoaders(api, { onBatch: (loader, size) => sizes.push([loader, size]) });
    await loaders.packageById.loadMany(api.packages.map((pkg) => pkg.id));
    await loaders.packageByInstanceId.load('00000000-0000-4000-8000-00000000dead');
    expect(sizes).toEqual([
      ['packageById', 100],
      ['packageById', 50],
      ['packageByInstanceId', 1],
    ]);
  });
});
