import type { WixPackage } from '../wix/wire-types';
import { instanceIdsOf, packageIdOf, type Loaders } from './create-loaders';

/**
 * Records fresh state of a package (e.g. a mutation's response) in both loaders, replacing
 * what they held for its id and every one of its instance ids.
 */
export function primePackage(loaders: Loaders, pkg: WixPackage): void {
  loaders.packageById.clear(pkg.id).prime(pkg.id, pkg);
  for (const instance of pkg.productInstances) {
    loaders.packageByInstanceId.clear(instance.instanceId).prime(instance.instanceId, pkg);
  }
}

/**
 * Primes both loaders with packages fetched by a list query, keeping entries the request
 * already holds so one request sees one version of each package.
 */
export function primeFetchedPackages(loaders: Loaders, packages: readonly WixPackage[]): void {
  loaders.packageById.primeAll(packages, packageIdOf);
  loaders.packageByInstanceId.primeAll(packages, instanceIdsOf);
}
