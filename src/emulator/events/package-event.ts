import type { WixFailureReason, WixPackage } from '../../wix/wire-types';

/**
 * One change to a package as the domain reports it, before it becomes a DomainEvent (contract: event catalogue).
 * `pkg` is the package after the change. Operations that change nothing (a second cancel,
 * assigning to the current site, an idempotent replay) report nothing.
 */
export type PackageEventInput =
  | { readonly slug: 'created'; readonly pkg: WixPackage }
  | { readonly slug: 'package_canceled'; readonly pkg: WixPackage }
  | {
      readonly slug:
        | 'product_instance_canceled'
        | 'adjusted_product_instance_specifications'
        | 'product_instance_updated';
      readonly pkg: WixPackage;
      readonly productInstanceId: string;
    }
  | {
      readonly slug: 'assigned_product_instance_to_site';
      readonly pkg: WixPackage;
      readonly productInstanceId: string;
      readonly siteId: string;
    }
  | {
      readonly slug: 'unassigned_product_instance_from_site';
      readonly pkg: WixPackage;
      readonly productInstanceId: string;
      /** The site the instance left (the SDK types' `metaSiteId`). */
      readonly metaSiteId: string;
    }
  | {
      readonly slug: 'product_instance_failed';
      readonly pkg: WixPackage;
      readonly productInstanceId: string;
      readonly reason: WixFailureReason;
    };

/** Where domain operations report their changes. */
export type PackageEventSink = (event: PackageEventInput) => void;
