/**
 * The rows of the benchmark table: each scenario names its GraphQL operation (scenarios.ts),
 * the REST calls that answer it by hand (target a, and what a batching gateway should make),
 * and the load settings.
 */
import {
  createPackageCall,
  firstPageCall,
  getPackageCall,
  packagesByIdsCall,
  packagesByInstanceIdsCall,
  type RestCall,
} from './rest-calls';
import { CREATE_PACKAGE_INPUT, PAGE_SIZE, type ScenarioKey } from './scenarios';
import type { BenchData } from './seed-bench-data';

export interface Scenario {
  /** Short id used in the table and by --scenarios. */
  readonly id: string;
  readonly title: string;
  readonly operation: ScenarioKey;
  /** Overrides the run's connection count (1 = latency at concurrency 1). */
  readonly connections?: number;
  /** The REST calls that answer one operation, in order. */
  restCalls(bench: BenchData): RestCall[];
  /** Upstream calls per operation a batching gateway should make (the targets). */
  readonly expectedGatewayCalls: number;
}

const single = (bench: BenchData): RestCall[] => [getPackageCall(bench.singlePackageId)];

/** Every scenario, in table order. Writes come last (they add packages to the emulator). */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'single',
    title: 'one package by id with its instances',
    operation: 'singlePackage',
    restCalls: single,
    expectedGatewayCalls: 1,
  },
  {
    id: 'single-c1',
    title: 'one package by id, concurrency 1 (latency)',
    operation: 'singlePackage',
    connections: 1,
    restCalls: single,
    expectedGatewayCalls: 1,
  },
  {
    id: 'page100',
    title: `page of ${PAGE_SIZE} packages, every nested field`,
    operation: 'packagePage',
    restCalls: () => [firstPageCall(PAGE_SIZE)],
    expectedGatewayCalls: 1,
  },
  {
    id: 'page100-refs',
    title: `page of ${PAGE_SIZE} + each instance's referenceProductInstance`,
    operation: 'packagePageWithReferences',
    restCalls: (bench) => [
      firstPageCall(PAGE_SIZE),
      packagesByInstanceIdsCall(bench.firstPageReferenceIds),
    ],
    expectedGatewayCalls: 2,
  },
  {
    id: 'aliases50',
    title: '50 aliased package lookups in one operation',
    operation: 'aliasedPackages',
    restCalls: (bench) => [packagesByIdsCall(bench.aliasedPackageIds)],
    expectedGatewayCalls: 1,
  },
  {
    id: 'create',
    title: 'createPackage mutation (one product)',
    operation: 'createPackage',
    restCalls: () => [createPackageCall(CREATE_PACKAGE_INPUT)],
    expectedGatewayCalls: 1,
  },
];
