/**
 * Writes retried by the gateway never apply twice: the response of an applied write is lost
 * (`dropAfter`), the gateway retries with the same idempotency key, and — when the upstream
 * forgot the key — `createPackage` finds the package by its external id instead of creating
 * a second one. Counts come from the emulator's store, not from the gateway.
 */
import { DEMO_ACCOUNTS, PRODUCTS } from '../../../src/emulator';
import type { WixPackage } from '../../../src/wix/wire-types';
import { aPackage } from '../../helpers/package-fixtures';
import { namespacedIdempotencyKey } from '../../../src/wix/idempotency-namespace';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { CREATE_PACKAGE, createPackage, premiumInput, upstreamCalls } from './mutation-documents';

const CREATE = 'POST /resellers/v2/packages';
const QUERY = 'POST /resellers/v1/packages/query';
const account = DEMO_ACCOUNTS.customerA;

function packagesOf(emulator: {
  control: { findPackages(p: (pkg: WixPackage) => boolean): WixPackage[] };
}) {
  return emulator.control.findPackages((pkg) => pkg.accountId === account);
}

describe('with an upstream that remembers keys', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ env: { WIX_ACCOUNT_ID: account } });
  });
  afterAll(() => gateway.close());
  beforeEach(() => {
    gateway.emulator.control.reset('empty');
    gateway.emulator.control.clearRequestLog();
  });

  it('a create whose response is lost is retried with the same key: exactly one package', async () => {
    gateway.emulator.control.setFaults([
      { endpoint: 'createPackage', kind: 'dropAfter', times: 1 },
    ]);

    const payload = await createPackage(gateway, premiumInput());

    const creates = gateway.emulator.control
      .requestLog()
      .filter((e) => e.path.endsWith('/v2/packages'));
    const sent = namespacedIdempotencyKey(account, payload.idempotencyKey!);
    expect(creates.map((e) => (e.body as { idempotencyKey: string }).idempotencyKey)).toEqual([
      sent,
      sent,
    ]);
    expect(creates[0]!.fault).toBe('dropAfter');
    expect(packagesOf(gateway.emulator).map((pkg) => pkg.id)).toEqual([payload.package!.id]);
  });

  it('a cancel whose response is lost is retried: the instance is canceled once, updatedDate bumped once', async () => {
    const created = await createPackage(gateway, premiumInput());
    const id = created.package!.id;
    const before = gateway.emulator.control.getPackage(id)!.updatedDate;
    gateway.emulator.control.clearRequestLog();
    gateway.emulator.control.setFaults([
      { endpoint: 'cancelPackage', kind: 'dropAfter', times: 1 },
    ]);

    const result = await gateway.graphql<{
      cancelPackage: {
        idempotencyKey: string;
        package: { updatedDate: string; productInstances: Array<{ status: string }> };
      };
    }>(
      `mutation($id: ID!) { cancelPackage(id: $id) {
        idempotencyKey package { updatedDate productInstances { status } } } }`,
      { id },
    );

    const payload = result.body.data!.cancelPackage;
    const stored = gateway.emulator.control.getPackage(id)!;
    expect(upstreamCalls(gateway)).toEqual([
      `GET /resellers/v1/packages/${id}`,
      `DELETE /resellers/v1/packages/${id}`,
      `DELETE /resellers/v1/packages/${id}`,
    ]);
    expect(payload.package.productInstances.map((i) => i.status)).toEqual(['CANCELED']);
    expect(stored.productInstances.map((i) => i.status)).toEqual(['CANCELED']);
    // The retry was answered from the key's record: the state changed once.
    expect(stored.updatedDate).not.toBe(before);
    expect(payload.package.updatedDate).toBe(stored.updatedDate);
    expect(stored.productInstances[0]!.updatedDate).toBe(stored.updatedDate);
  });
});

describe('with an upstream that forgot the key', () => {
  // An emulator that remembers no idempotency key at all: the deterministic form of "Wix
  // forgot the key between the first attempt and the retry", with no timing window to hit.
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      env: { WIX_ACCOUNT_ID: account },
      emulator: { idempotencyTtlMs: 0 },
    });
  });
  afterAll(() => gateway.close());
  beforeEach(() => {
    gateway.emulator.control.reset('empty');
    gateway.emulator.control.clearRequestLog();
  });
  const calls = () => gateway.emulator.control.requestLog().map((e) => `${e.method} ${e.path}`);

  it('createPackage with an external id finds the package it made instead of creating another', async () => {
    gateway.emulator.control.setFaults([
      { endpoint: 'createPackage', kind: 'dropAfter', times: 1 },
    ]);

    const result = await gateway.graphql(CREATE_PACKAGE, {
      input: premiumInput({ externalId: 'sub-777' }),
    });

    const stored = packagesOf(gateway.emulator);
    expect(stored).toHaveLength(1);
    expect(calls()).toEqual([CREATE, QUERY]);
    const payload = (
      result.body.data as { createPackage: { package: { id: string }; userErrors: [] } }
    ).createPackage;
    expect(payload).toMatchObject({ package: { id: stored[0]!.id }, userErrors: [] });
  });

  it('does not take an older package with the same external id for the lost one', async () => {
    const older = aPackage({
      id: 1,
      accountId: account,
      externalId: 'sub-777',
      instances: [{ id: 1, catalogProductId: PRODUCTS.premiumCore, countryCode: 'BR' }],
    });
    gateway.emulator.control.seed({ packages: [older] });
    gateway.emulator.control.setFaults([{ endpoint: 'createPackage', kind: 'error', times: 1 }]);

    const result = await gateway.graphql(CREATE_PACKAGE, {
      input: premiumInput({ externalId: 'sub-777' }),
    });

    const payload = (result.body.data as { createPackage: { package: { id: string } } })
      .createPackage;
    expect(calls()).toEqual([CREATE, QUERY, CREATE]);
    expect(payload.package.id).not.toBe(older.id);
    expect(
      packagesOf(gateway.emulator)
        .map((pkg) => pkg.id)
        .sort(),
    ).toEqual([older.id, payload.package.id].sort());
  });

  it('RISK (documented): without an external id there is nothing to look up, and a lost create is applied twice', async () => {
    gateway.emulator.control.setFaults([
      { endpoint: 'createPackage', kind: 'dropAfter', times: 1 },
    ]);

    await gateway.graphql(CREATE_PACKAGE, { input: premiumInput() });

    expect(calls()).toEqual([CREATE, CREATE]);
    expect(packagesOf(gateway.emulator)).toHaveLength(2);
  });
});

describe("UPSTREAM_WRITE_RETRY='never'", () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      env: { WIX_ACCOUNT_ID: account, UPSTREAM_WRITE_RETRY: 'never' },
    });
  });
  afterAll(() => gateway.close());

  it('surfaces an ambiguous failure as a top-level error naming the key, with no retry', async () => {
    gateway.emulator.control.clearRequestLog();
    gateway.emulator.control.setFaults([
      { endpoint: 'createPackage', kind: 'dropAfter', times: 1 },
    ]);

    const result = await gateway.graphql(CREATE_PACKAGE, {
      input: premiumInput({ externalId: 'sub-1', idempotencyKey: 'never-key' }),
    });

    expect(result.body.data).toBeNull();
    expect(result.body.errors).toEqual([
      expect.objectContaining({
        path: ['createPackage'],
        extensions: { code: 'UPSTREAM_UNAVAILABLE', idempotencyKey: 'never-key' },
      }),
    ]);
    expect(upstreamCalls(gateway)).toEqual([CREATE]);
    // The write was applied: a client retry with the same key gets it back, creating nothing.
    expect(packagesOf(gateway.emulator)).toHaveLength(1);
    const retried = await createPackage(
      gateway,
      premiumInput({ externalId: 'sub-1', idempotencyKey: 'never-key' }),
    );
    expect(packagesOf(gateway.emulator).map((pkg) => pkg.id)).toEqual([retried.package!.id]);
  });
});
