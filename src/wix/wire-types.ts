/**
 * Wire types of the Wix Resellers "Packages and Product Instances" REST API
 * (README "Upstream contract": objects, endpoints, errors). These describe JSON exactly as it travels:
 * lowerCamelCase keys, ISO-8601 timestamp strings with milliseconds, unset optional
 * fields omitted (never `null`).
 *
 * Shared by the upstream client (`src/wix/`) and the emulator (`src/emulator/`), and by
 * nothing else: GraphQL types are separate classes built by mappers.
 */

/**
 * The API's endpoints, by the name the gateway's client (`WixError.endpoint`, metrics, logs) and
 * the emulator (routes, fault rules) both use; the V1 create counts as `createPackage`.
 */
export const WIX_ENDPOINTS = [
  'createPackage',
  'getPackage',
  'queryPackages',
  'cancelPackage',
  'updatePackageExternalId',
  'assignProductInstance',
  'unassignProductInstance',
  'adjustProductInstance',
  'cancelProductInstance',
] as const;
export type WixEndpoint = (typeof WIX_ENDPOINTS)[number];

/** contract: enums `Status` of a product instance. */
export type WixInstanceStatus = 'PENDING' | 'ENABLED' | 'CANCELED' | 'FAILED' | 'AWAITING_ACTION';
export const WIX_INSTANCE_STATUSES: readonly WixInstanceStatus[] = [
  'PENDING',
  'ENABLED',
  'CANCELED',
  'FAILED',
  'AWAITING_ACTION',
];

/** contract: enums `CycleDescriptorType`. */
export type WixCycleType = 'UNKNOWN' | 'ONE_TIME' | 'RECURRING';
export const WIX_CYCLE_TYPES: readonly WixCycleType[] = ['UNKNOWN', 'ONE_TIME', 'RECURRING'];

/** contract: enums `IntervalUnit`. */
export type WixIntervalUnit = 'UNKNOWN' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
export const WIX_INTERVAL_UNITS: readonly WixIntervalUnit[] = [
  'UNKNOWN',
  'DAY',
  'WEEK',
  'MONTH',
  'YEAR',
];

/** contract: failure `FailureReason.code`. */
export type WixFailureCode = 'UNKNOWN' | 'DELIVERY_TIMEOUT' | 'EXTERNAL_FAILURE';
export const WIX_FAILURE_CODES: readonly WixFailureCode[] = [
  'UNKNOWN',
  'DELIVERY_TIMEOUT',
  'EXTERNAL_FAILURE',
];

/** contract: enums `SortOrder`. */
export type WixSortOrder = 'ASC' | 'DESC';

/** contract: cycleDuration `CycleInterval`. */
export interface WixCycleInterval {
  unit?: WixIntervalUnit;
  count?: number;
}

/** contract: billingInfo `ProductInstanceCycle` (`billingInfo`). */
export interface WixBillingInfo {
  type?: WixCycleType;
  cycleDuration?: WixCycleInterval;
}

/** contract: failure `FailureReason`. */
export interface WixFailureReason {
  code?: WixFailureCode;
  message?: string;
}

/** contract: ProductInstance object `ProductInstance` as returned by the API. */
export interface WixProductInstance {
  instanceId: string;
  siteId?: string;
  catalogProductId: string;
  status: WixInstanceStatus;
  failure?: WixFailureReason;
  billingInfo?: WixBillingInfo;
  /** contract: documented conflict 3: some official examples say `paymentInfo`; tolerant readers accept it. */
  paymentInfo?: WixBillingInfo;
  createdDate: string;
  updatedDate: string;
  countryCode?: string;
  expirationDate?: string;
  discountCode?: string;
  referenceProductInstanceId?: string;
}

/** contract: Package object `Package` as returned by the API. */
export interface WixPackage {
  id: string;
  accountId: string;
  externalId?: string;
  productInstances: WixProductInstance[];
  createdDate: string;
  updatedDate: string;
  parentAccountId?: string;
}

/** contract: Create Package V2 one element of `products` in a Create Package V2 request. */
export interface WixProductInput {
  catalogProductId: string;
  countryCode: string;
  siteId?: string;
  billingInfo?: WixBillingInfo;
  discountCode?: string;
  referenceProductInstanceId?: string;
}

/** contract: Create Package V2 Create Package V2 request body. */
export interface WixCreatePackageRequest {
  idempotencyKey?: string;
  externalId?: string;
  products: WixProductInput[];
}

/** Adjust Product Instance Specifications request body (contract: Adjust Product Instance). */
export interface WixAdjustInstanceRequest {
  idempotencyKey?: string;
  catalogProductId?: string;
  billingInfo?: WixBillingInfo;
  discountCode?: string;
}

/** Optional body of Cancel Package, Cancel Instance, Assign and Unassign (contract: Cancel Package, Assign Product Instance, Unassign Product Instance, Cancel Product Instance). */
export interface WixIdempotentRequest {
  idempotencyKey?: string;
}

/** Response of every write that returns a package (contract: Create Package V2, Cancel Package, contract: Assign Product Instance to Cancel Product Instance) and of Get (contract: Get Package). */
export interface WixPackageResponse {
  idempotencyKey?: string;
  package: WixPackage;
}

/** Update Package External Id response (contract: Update Package External Id): note the key `updatedPackage`. */
export interface WixUpdatedPackageResponse {
  updatedPackage: WixPackage;
}

/** contract: query language Wix API Query Language filter: a JSON object; its shape is validated by the emulator. */
export type WixFilter = { [field: string]: unknown };

/** contract: query language one sort clause. */
export interface WixSort {
  fieldName: string;
  order?: WixSortOrder;
}

/** contract: Query Packages `QueryV2`. */
export interface WixQuery {
  filter?: WixFilter;
  sort?: WixSort[];
  paging?: { limit?: number; offset?: number };
  cursorPaging?: { limit?: number; cursor?: string };
  fields?: string[];
  fieldsets?: string[];
}

/** Query Packages request body (contract: Query Packages). */
export interface WixQueryPackagesRequest {
  query: WixQuery;
}

/** contract: Query Packages PagingMetadataV2. */
export interface WixPagingMetadata {
  count?: number;
  offset?: number;
  total?: number;
  tooManyToCount?: boolean;
  cursors?: { next?: string; prev?: string };
  hasNext?: boolean;
}

/** Query Packages response (contract: Query Packages). contract: documented conflict 2: the docs also say `pagingMetadata`; readers accept both. */
export interface WixQueryPackagesResponse {
  packages: WixPackage[];
  metadata?: WixPagingMetadata;
  pagingMetadata?: WixPagingMetadata;
}

/** contract: error envelope one validation violation. */
export interface WixFieldViolation {
  field: string;
  description: string;
  violatedRule?: string;
  ruleName?: string;
  data?: Record<string, unknown>;
}

/** contract: error envelope the standard Wix error envelope. */
export interface WixErrorBody {
  message: string;
  details: {
    applicationError?: { code: string; description?: string; data?: Record<string, unknown> };
    validationError?: { fieldViolations: WixFieldViolation[] };
  };
}

/** contract: reseller error codes the reseller-specific application error codes, plus emulator-only ones (flagged). */
export const WIX_APPLICATION_ERROR_CODES = [
  'PRODUCT_NOT_FOUND',
  'ACCOUNT_NOT_FOUND',
  'SITE_NOT_FOUND',
  'PRODUCT_LIMIT_EXCEEDED',
  'PRODUCT_SETTINGS_NOT_FOUND',
  'MISSING_BILLING_CYCLE',
  'INCOMPATIBLE_BILLING_CYCLE',
  'INVALID_BILLING_CYCLE',
  'INVALID_PRODUCTS',
  'MULTIPLE_PRODUCT_ASSIGNMENTS',
  'PRODUCT_TYPE_ALREADY_ASSIGNED',
  'PRODUCT_NOT_SUPPORTED_ON_SITE',
  'PRODUCT_INSTANCE_NOT_FOUND',
  'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
  'INCOMPATIBLE_PRODUCT',
  'MISSING_PRODUCT_DETAILS',
  /** Invented by our emulator (contract: emulator rules, a decision where Wix documents nothing), not a Wix code. */
  'INVALID_REFERENCE_PRODUCT_INSTANCE',
] as const;
export type WixApplicationErrorCode = (typeof WIX_APPLICATION_ERROR_CODES)[number];

/** contract: event envelope `entityFqdn` of every Packages domain event. */
export const WIX_PACKAGES_ENTITY_FQDN = 'wix.premium.reseller.v1.packages';

/** contract: event catalogue the slugs of Packages domain events (`deleted` exists in Wix's service definition, no public method emits it). */
export const WIX_PACKAGE_EVENT_SLUGS = [
  'created',
  'deleted',
  'package_canceled',
  'product_instance_canceled',
  'assigned_product_instance_to_site',
  'unassigned_product_instance_from_site',
  'adjusted_product_instance_specifications',
  'product_instance_updated',
  'product_instance_failed',
] as const;
export type WixPackageEventSlug = (typeof WIX_PACKAGE_EVENT_SLUGS)[number];

/**
 * contract: event catalogue `actionEvent.bodyAsJson` of the action slugs, parsed: the package after the change and,
 * per slug, the instance, the site it went to (`siteId`) or left (`metaSiteId`), the failure.
 */
export interface WixPackageActionBody {
  package: WixPackage;
  productInstanceId?: string;
  siteId?: string;
  metaSiteId?: string;
  reason?: WixFailureReason;
}

/** contract: event envelope a DomainEvent; exactly one of the `*Event` members is present, `*AsJson` are JSON strings. */
export interface WixDomainEvent {
  id: string;
  entityFqdn: string;
  slug: string;
  entityId: string;
  /** ISO-8601 UTC. */
  eventTime: string;
  triggeredByAnonymizeRequest?: boolean;
  originatedFrom?: string;
  /** Monotonically increasing per entity (a decimal string). */
  entityEventSequence?: string;
  createdEvent?: { entityAsJson: string };
  updatedEvent?: { currentEntityAsJson: string };
  deletedEvent?: { movedToTrash?: boolean; deletedEntityAsJson?: string };
  actionEvent?: { bodyAsJson: string };
}

/** contract: event envelope who triggered an event (sent as a JSON string in the webhook envelope). */
export interface WixWebhookIdentity {
  identityType: 'ANONYMOUS_VISITOR' | 'MEMBER' | 'WIX_USER' | 'APP';
  anonymousVisitorId?: string;
  memberId?: string;
  wixUserId?: string;
  appId?: string;
}

/** Account-level webhooks name the account the event happened in (sub-accounts included). */
export interface WixWebhookAccountInfo {
  accountId?: string;
  parentAccountId?: string;
}

/**
 * contract: event envelope the webhook envelope: the JSON string in the JWT payload's `data` claim. Its `data` is
 * the JSON string of a {@link WixDomainEvent}, its `identity` that of a {@link WixWebhookIdentity}.
 */
export interface WixWebhookEnvelope {
  eventType: string;
  instanceId: string;
  data: string;
  identity: string;
  accountInfo?: WixWebhookAccountInfo;
}
