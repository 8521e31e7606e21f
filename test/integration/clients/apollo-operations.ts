/**
 * The operations the Apollo Client tests send, written as an app would: one fragment for the
 * package fields a screen shows (always with `id`, so the cache can normalize), reused by
 * the list, the lookups and the mutation payloads.
 */
import { gql } from '@apollo/client/core';

export const PACKAGE_FIELDS = gql`
  fragment PackageFields on Package {
    id
    externalId
    createdDate
    instanceCounts {
      total
      canceled
    }
    productInstances {
      id
      instanceId
      status
      siteId
    }
  }
`;

export const PACKAGES_PAGE = gql`
  ${PACKAGE_FIELDS}
  query PackagesPage($first: Int, $after: String) {
    packages(first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          ...PackageFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const PACKAGE_BY_ID = gql`
  ${PACKAGE_FIELDS}
  query PackageById($id: ID!) {
    package(id: $id) {
      ...PackageFields
    }
  }
`;

export const INSTANCE_BY_ID = gql`
  query InstanceById($instanceId: ID!) {
    productInstance(instanceId: $instanceId) {
      id
      instanceId
      status
      package {
        id
      }
    }
  }
`;

/** A type alias (not an interface) so it is assignable to Apollo's StoreObject. */
export type PackageFields = {
  __typename: 'Package';
  id: string;
  externalId: string | null;
  createdDate: string;
  instanceCounts: { total: number; canceled: number };
  productInstances: { id: string; instanceId: string; status: string; siteId: string | null }[];
};

export interface PackagesPageData {
  packages: {
    totalCount: number | null;
    edges: { cursor: string | null; node: PackageFields }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
