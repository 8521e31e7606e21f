/**
 * Fills an empty emulator with the benchmark data set through its public REST API (Create
 * Package V2), so the data obeys every emulator rule: half of the packages hold a Premium plan
 * (plus a mailbox or a one-time service), the other half — created last, so they fill the first
 * page in the default `createdDate DESC` order — hold a domain whose
 * `referenceProductInstanceId` redeems the plan of an earlier package, plus a mailbox.
 */
import type {
  WixPackage,
  WixPackageResponse,
  WixProductInput,
  WixQueryPackagesResponse,
} from '../../src/wix/wire-types';
import { PRODUCTS } from '../../src/emulator/fixtures/catalog';
import {
  createPackageCall,
  firstPageCall,
  QUERY_PAGE_LIMIT,
  UPSTREAM_HEADERS,
  type RestCall,
} from './rest-calls';

/** The ids the scenarios are built from. */
export interface BenchData {
  readonly packageCount: number;
  /** The package of the single-package scenario (one with 2 instances and a reference). */
  readonly singlePackageId: string;
  /** 50 distinct package ids for the aliased-lookups scenario. */
  readonly aliasedPackageIds: readonly string[];
  /** The first page in the default order, as the emulator returns it. */
  readonly firstPage: readonly WixPackage[];
  /** Distinct `referenceProductInstanceId`s found on the first page, in page order. */
  readonly firstPageReferenceIds: readonly string[];
}

const YEARLY = { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } } as const;
const MONTHLY = { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } } as const;
const COUNTRIES = ['US', 'BR', 'IN', 'DE', 'FR', 'GB', 'IL', 'ES'];
const SEED_CONCURRENCY = 8;

/** Sends one REST call to the emulator and returns the parsed JSON; throws on non-2xx. */
export async function callEmulator<T>(emulatorUrl: string, call: RestCall): Promise<T> {
  const response = await fetch(emulatorUrl + call.path, {
    method: call.method,
    headers: UPSTREAM_HEADERS,
    body: call.body,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `${call.method} ${call.path} answered ${response.status}: ${text.slice(0, 500)}`,
    );
  }
  return JSON.parse(text) as T;
}

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += SEED_CONCURRENCY) {
    results.push(...(await Promise.all(items.slice(start, start + SEED_CONCURRENCY).map(work))));
  }
  return results;
}

function planProducts(index: number): WixProductInput[] {
  const country = COUNTRIES[index % COUNTRIES.length] ?? 'US';
  const plan: WixProductInput = {
    catalogProductId: PRODUCTS.premiumCore,
    countryCode: country,
    billingInfo: YEARLY,
  };
  const extra: WixProductInput =
    index % 2 === 0
      ? { catalogProductId: PRODUCTS.mailboxBasic, countryCode: country, billingInfo: MONTHLY }
      : { catalogProductId: PRODUCTS.seoSetup, countryCode: country, discountCode: 'SPRING25' };
  return [plan, extra];
}

function bundleProducts(index: number, referenceInstanceId: string): WixProductInput[] {
  const country = COUNTRIES[index % COUNTRIES.length] ?? 'US';
  return [
    {
      catalogProductId: PRODUCTS.domainCom,
      countryCode: country,
      referenceProductInstanceId: referenceInstanceId,
    },
    { catalogProductId: PRODUCTS.mailboxBusiness, countryCode: country, billingInfo: YEARLY },
  ];
}

/**
 * Creates `packageCount` packages (at least 200, so that the 100 newest all carry a reference
 * and 50 aliased ids exist) and reads back the first page.
 */
export async function seedBenchData(emulatorUrl: string, packageCount: number): Promise<BenchData> {
  const count = Math.max(200, packageCount);
  const planCount = Math.ceil(count / 2);
  const create = (products: WixProductInput[], externalId: string): Promise<WixPackage> =>
    callEmulator<WixPackageResponse>(emulatorUrl, createPackageCall({ externalId, products })).then(
      (response) => response.package,
    );

  const plans = await inBatches(
    Array.from({ length: planCount }, (_, index) => index),
    (index) => create(planProducts(index), `bench-plan-${index}`),
  );
  const bundles = await inBatches(
    Array.from({ length: count - planCount }, (_, index) => index),
    (index) => {
      const planInstance = plans[index]?.productInstances[0]?.instanceId;
      if (!planInstance) throw new Error('seed: missing plan instance');
      return create(bundleProducts(index, planInstance), `bench-bundle-${index}`);
    },
  );

  const firstPage = (
    await callEmulator<WixQueryPackagesResponse>(emulatorUrl, firstPageCall(QUERY_PAGE_LIMIT))
  ).packages;
  const firstPageReferenceIds = [
    ...new Set(
      firstPage.flatMap((pkg) =>
        pkg.productInstances.flatMap((instance) =>
          instance.referenceProductInstanceId ? [instance.referenceProductInstanceId] : [],
        ),
      ),
    ),
  ];
  const single = bundles[0];
  if (!single) throw new Error('seed: no bundle package created');
  const all = [...plans, ...bundles];
  // Spread the aliased ids over the whole data set (old and new packages alike).
  const step = Math.floor(all.length / 50);
  const aliasedPackageIds = Array.from({ length: 50 }, (_, index) => all[index * step]?.id ?? '');
  return {
    packageCount: all.length,
    singlePackageId: single.id,
    aliasedPackageIds,
    firstPage,
    firstPageReferenceIds,
  };
}
