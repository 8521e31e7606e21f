import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_SITES, EmulatorHarness, PRODUCTS, YEARLY } from './emulator-harness';

describe('emulator: persistence to a data file', () => {
  let dir: string;
  let dataFile: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'emulator-persist-'));
    dataFile = path.join(dir, 'state.json');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('restores packages, statuses, used references and idempotency keys after a restart', async () => {
    const first = await EmulatorHarness.start({ dataFile });
    const plan = await first.createOk([
      {
        catalogProductId: PRODUCTS.premiumCore,
        billingInfo: YEARLY,
        siteId: DEMO_SITES.customerAMain,
      },
    ]);
    const planInstance = plan.productInstances[0]!.instanceId;
    first.control.setInstanceStatus(planInstance, 'ENABLED');
    const keyed = await first.call('POST', '/resellers/v2/packages', {
      body: {
        idempotencyKey: 'persisted-key',
        products: [
          {
            catalogProductId: PRODUCTS.domainCom,
            countryCode: 'BR',
            siteId: DEMO_SITES.customerAMain,
            referenceProductInstanceId: planInstance,
          },
        ],
      },
    });
    expect(keyed.status).toBe(200);
    const before = first.control.findPackages(() => true);
    await first.close();

    const second = await EmulatorHarness.start({ dataFile });
    try {
      expect(second.control.findPackages(() => true)).toEqual(expect.arrayContaining(before));
      expect(second.control.packageCount()).toBe(2);
      expect(second.control.getPackage(plan.id)?.productInstances[0]?.status).toBe('ENABLED');
      const replay = await second.call('POST', '/resellers/v2/packages', {
        body: {
          idempotencyKey: 'persisted-key',
          products: [
            {
              catalogProductId: PRODUCTS.domainCom,
              countryCode: 'BR',
              siteId: DEMO_SITES.customerAMain,
              referenceProductInstanceId: planInstance,
            },
          ],
        },
      });
      expect(replay.body).toEqual(keyed.body);
      const reuse = await second.create([
        { catalogProductId: PRODUCTS.domainNet, referenceProductInstanceId: planInstance },
      ]);
      expect(reuse.body.details.applicationError.data.reason).toBe('ALREADY_USED');
      const next = await second.createOk([{ catalogProductId: PRODUCTS.seoSetup }]);
      expect(Date.parse(next.createdDate)).toBeGreaterThan(Date.parse(before[1]!.updatedDate));
    } finally {
      await second.close();
    }
  });

  it('writes the seed when the file does not exist yet, and keeps the file over the seed option', async () => {
    const first = await EmulatorHarness.start({ dataFile, seed: 'demo' });
    const count = first.control.packageCount();
    await first.close();
    const snapshot = JSON.parse(await fs.readFile(dataFile, 'utf8')) as {
      version: number;
      packages: unknown[];
    };
    expect(snapshot.version).toBe(1);
    expect(snapshot.packages).toHaveLength(count);
    const second = await EmulatorHarness.start({ dataFile, seed: 'empty' });
    expect(second.control.packageCount()).toBe(count);
    await second.close();
  });

  it('ignores and removes a torn temp file left by a crash mid-write', async () => {
    const first = await EmulatorHarness.start({ dataFile });
    const pkg = await first.createOk([{ catalogProductId: PRODUCTS.seoSetup }]);
    await first.close();
    const torn = path.join(dir, '.state.json.99999.deadbeef.tmp');
    await fs.writeFile(torn, '{"version":1,"packages":[{"id":');
    const second = await EmulatorHarness.start({ dataFile });
    try {
      expect(second.control.getPackage(pkg.id)).toEqual(pkg);
      await expect(fs.access(torn)).rejects.toThrow();
    } finally {
      await second.close();
    }
  });

  it('persists changes without close() once flushed, leaving no temp files behind', async () => {
    const emulator = await EmulatorHarness.start({ dataFile });
    try {
      await emulator.createOk([{ catalogProductId: PRODUCTS.seoSetup }]);
      await emulator.control.flush();
      const snapshot = JSON.parse(await fs.readFile(dataFile, 'utf8')) as { packages: unknown[] };
      expect(snapshot.packages).toHaveLength(1);
      expect((await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await emulator.close();
    }
  });

  it('refuses to start on a data file that is not a snapshot', async () => {
    await fs.writeFile(dataFile, '{"something":"else"}');
    await expect(EmulatorHarness.start({ dataFile })).rejects.toThrow(/snapshot/);
  });
});
