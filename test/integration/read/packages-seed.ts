/**
 * The packages the `packages` integration tests list, acting as customerA: eight of its own,
 * and decoys in the sibling, parent and unrelated accounts that match most filters, so any
 * gap in the account scope shows up as an extra id.
 */
import { DEMO_ACCOUNTS, DEMO_SITES, PRODUCTS } from '../../../src/emulator';
import type { WixPackage } from '../../../src/wix/wire-types';
import { aPackage } from '../../helpers/package-fixtures';

export const ACTING = DEMO_ACCOUNTS.customerA;

/** customerA's packages; `createdAt`/`updatedAt` are minutes after the fixture base instant. */
export const OWN_PACKAGES: readonly WixPackage[] = [
  aPackage({
    id: 1,
    accountId: ACTING,
    createdAt: 10,
    updatedAt: 50,
    externalId: 'sub-001',
    instances: [{ id: 11, siteId: DEMO_SITES.customerAMain, countryCode: 'US' }],
  }),
  aPackage({
    id: 2,
    accountId: ACTING,
    createdAt: 20,
    externalId: 'sub-002',
    instances: [{ id: 21, status: 'PENDING', catalogProductId: PRODUCTS.premiumLight }],
  }),
  aPackage({
    id: 3,
    accountId: ACTING,
    createdAt: 30,
    updatedAt: 45,
    externalId: 'sub-001',
    instances: [
      {
        id: 31,
        status: 'FAILED',
        catalogProductId: PRODUCTS.domainCom,
        failure: { code: 'EXTERNAL_FAILURE', message: 'registrar refused' },
      },
      { id: 32, catalogProductId: PRODUCTS.mailboxBasic, siteId: DEMO_SITES.customerABlog },
    ],
  }),
  aPackage({
    id: 4,
    accountId: ACTING,
    createdAt: 40,
    updatedAt: 41,
    instances: [
      {
        id: 41,
        status: 'CANCELED',
        catalogProductId: PRODUCTS.premiumBusiness,
        siteId: DEMO_SITES.customerAShop,
      },
    ],
  }),
  aPackage({
    id: 5,
    accountId: ACTING,
    createdAt: 50,
    updatedAt: 90,
    externalId: 'sub-005',
    instances: [
      { id: 51, status: 'AWAITING_ACTION', catalogProductId: PRODUCTS.videoMaxi },
      { id: 52, status: 'PENDING', catalogProductId: PRODUCTS.seoSetup },
    ],
  }),
  aPackage({
    id: 6,
    accountId: ACTING,
    createdAt: 60,
    externalId: 'sub-006',
    instances: [{ id: 61, siteId: DEMO_SITES.customerABlog }],
  }),
  // 7 and 8 share a creation instant: the upstream breaks the tie by id, ascending.
  aPackage({
    id: 7,
    accountId: ACTING,
    createdAt: 70,
    updatedAt: 75,
    externalId: 'sub-007',
    instances: [{ id: 71, catalogProductId: PRODUCTS.mailboxBusiness }],
  }),
  aPackage({
    id: 8,
    accountId: ACTING,
    createdAt: 70,
    externalId: 'sub-008',
    instances: [{ id: 81, status: 'PENDING' }],
  }),
];

/** Packages of other accounts; each matches the filters most tests use. */
export const DECOYS: readonly WixPackage[] = [
  aPackage({
    id: 101,
    accountId: DEMO_ACCOUNTS.customerB,
    createdAt: 15,
    externalId: 'sub-001',
    instances: [{ id: 1011, siteId: DEMO_SITES.customerBMain, status: 'PENDING' }],
  }),
  aPackage({
    id: 102,
    accountId: DEMO_ACCOUNTS.reseller,
    createdAt: 25,
    externalId: 'sub-001',
    instances: [
      {
        id: 1021,
        status: 'FAILED',
        catalogProductId: PRODUCTS.domainCom,
        siteId: DEMO_SITES.resellerAgency,
      },
    ],
  }),
  aPackage({
    id: 103,
    accountId: DEMO_ACCOUNTS.otherReseller,
    createdAt: 35,
    externalId: 'sub-001',
    instances: [{ id: 1031, siteId: DEMO_SITES.otherResellerMain }],
  }),
];

/** customerA's packages in the default order (createdDate DESC, then id ASC). */
export const DEFAULT_ORDER = [7, 8, 6, 5, 4, 3, 2, 1];
