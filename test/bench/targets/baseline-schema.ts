/**
 * Hand-written SDL of the Apollo + datasource-rest baseline (target c): the fields the benchmark
 * scenarios use, shaped like our gateway's schema (see REFERENCE_OPERATIONS in ../scenarios.ts).
 */
export const BASELINE_TYPE_DEFS = /* GraphQL */ `
  scalar DateTime

  enum ProductInstanceStatus {
    PENDING
    ENABLED
    CANCELED
    FAILED
    AWAITING_ACTION
  }
  enum CycleType {
    UNKNOWN
    ONE_TIME
    RECURRING
  }
  enum IntervalUnit {
    UNKNOWN
    DAY
    WEEK
    MONTH
    YEAR
  }
  enum FailureCode {
    UNKNOWN
    DELIVERY_TIMEOUT
    EXTERNAL_FAILURE
  }

  type CycleInterval {
    unit: IntervalUnit
    count: Int
  }
  type BillingInfo {
    type: CycleType
    cycleDuration: CycleInterval
  }
  type FailureReason {
    code: FailureCode
    message: String
  }

  type ProductInstance {
    instanceId: ID!
    siteId: ID
    catalogProductId: ID!
    status: ProductInstanceStatus!
    failure: FailureReason
    billingInfo: BillingInfo
    countryCode: String
    expirationDate: DateTime
    discountCode: String
    referenceProductInstanceId: ID
    "The instance redeemed by this one: one Query Packages call per lookup (no batching)."
    referenceProductInstance: ProductInstance
    createdDate: DateTime!
    updatedDate: DateTime!
  }

  type Package {
    id: ID!
    accountId: ID!
    parentAccountId: ID
    externalId: String
    createdDate: DateTime!
    updatedDate: DateTime!
    productInstances: [ProductInstance!]!
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }
  type PackageEdge {
    node: Package!
  }
  type PackageConnection {
    edges: [PackageEdge!]!
    pageInfo: PageInfo!
  }

  type Query {
    package(id: ID!): Package
    packages(first: Int = 100, after: String): PackageConnection!
  }

  input CycleIntervalInput {
    unit: IntervalUnit!
    count: Int!
  }
  input BillingInfoInput {
    type: CycleType!
    cycleDuration: CycleIntervalInput
  }
  input ProductInput {
    catalogProductId: ID!
    countryCode: String!
    siteId: ID
    billingInfo: BillingInfoInput
    discountCode: String
    referenceProductInstanceId: ID
  }
  input CreatePackageInput {
    externalId: String
    idempotencyKey: String
    products: [ProductInput!]!
  }
  type CreatePackagePayload {
    package: Package!
  }
  type Mutation {
    createPackage(input: CreatePackageInput!): CreatePackagePayload!
  }
`;
