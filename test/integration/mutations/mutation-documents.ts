/** GraphQL documents and small helpers shared by the mutation integration tests. */
import { DEMO_SITES, PRODUCTS } from '../../../src/emulator';
import type { TestGateway } from '../../helpers/test-gateway';

export const PACKAGE_FIELDS = `
  id accountId externalId createdDate updatedDate
  productInstances { instanceId siteId catalogProductId status countryCode discountCode
    billingInfo { type cycleDuration { unit count } } }`;

export const USER_ERRORS = 'userErrors { code message field }';

export const CREATE_PACKAGE = `
  mutation Create($input: CreatePackageInput!) {
    createPackage(input: $input) { idempotencyKey package { ${PACKAGE_FIELDS} } ${USER_ERRORS} }
  }`;

/** A valid one-product create input (Premium Core, yearly, floating, Brazil). */
export function premiumInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    products: [
      {
        catalogProductId: PRODUCTS.premiumCore,
        countryCode: 'BR',
        billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
      },
    ],
    ...overrides,
  };
}

/** One product input; `billing` defaults to yearly. */
export function product(
  catalogProductId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    catalogProductId,
    countryCode: 'US',
    billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
    ...extra,
  };
}

export interface WirePackageView {
  id: string;
  externalId: string | null;
  updatedDate: string;
  productInstances: Array<{ instanceId: string; siteId: string | null; status: string }>;
}

export interface UserErrorView {
  code: string;
  message: string;
  field: string[] | null;
}

export interface PayloadView {
  idempotencyKey?: string;
  package: WirePackageView | null;
  productInstance?: { instanceId: string; status: string; siteId: string | null } | null;
  userErrors: UserErrorView[];
}

/** Runs `createPackage` and returns its payload (fails the test on top-level errors). */
export async function createPackage(
  gateway: TestGateway,
  input: Record<string, unknown>,
): Promise<PayloadView> {
  const result = await gateway.graphql<{ createPackage: PayloadView }>(CREATE_PACKAGE, { input });
  if (result.body.errors) throw new Error(JSON.stringify(result.body.errors));
  return (result.body.data as { createPackage: PayloadView }).createPackage;
}

/** Creates a Premium Core package on `siteId` (default: customer A's main site) and returns it. */
export async function createPremiumOnSite(
  gateway: TestGateway,
  siteId: string = DEMO_SITES.customerAMain,
): Promise<WirePackageView> {
  const payload = await createPackage(gateway, {
    products: [product(PRODUCTS.premiumCore, { siteId })],
  });
  if (!payload.package) throw new Error(JSON.stringify(payload.userErrors));
  return payload.package;
}

/** The API requests the emulator received, as `METHOD path` lines. */
export function upstreamCalls(gateway: TestGateway): string[] {
  return gateway.emulator.control.requestLog().map((entry) => `${entry.method} ${entry.path}`);
}
