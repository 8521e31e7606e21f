/** GraphQL fragments selecting every scalar field, shared by the read-side integration tests. */

/** Every own field of a ProductInstance (no derived object fields). */
export const INSTANCE_FIELDS = `
  fragment InstanceFields on ProductInstance {
    id
    instanceId
    siteId
    isFloating
    catalogProductId
    status
    failure { code message }
    billingInfo { type cycleDuration { unit count } }
    countryCode
    discountCode
    expirationDate
    referenceProductInstanceId
    createdDate
    updatedDate
  }
`;

/** Every own field of a Package, its counts and its instances' own fields. */
export const PACKAGE_FIELDS = `
  fragment PackageFields on Package {
    id
    accountId
    parentAccountId
    externalId
    createdDate
    updatedDate
    instanceCounts { total pending enabled canceled failed awaitingAction }
    productInstances { ...InstanceFields }
  }
  ${INSTANCE_FIELDS}
`;
