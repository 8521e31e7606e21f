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
  /** Makes no upstream call, so upstream latency cannot change it: measured at 0 ms only. */
  readonly upstreamFree?: boolean;
}

const single = (bench: BenchData): RestCall[] => [getPackageCall(bench.singlePackageId)];

/** Every scenario, in table order. Writes come last (they add packages to the emulator). */
export const SCENARIOS: readonly Scenario[] = [
  {
    // The fixed cost of one request to each server (HTTP, body, auth, GraphQL machinery, the
    // answer): what `single` costs beyond it is the cost of the lookup itself.
    id: 'floor',
    title: '`query Typename { __typename }`: no upstream call',
    operation: 'typename',
    restCalls: () => [],
    expectedGatewayCalls: 0,
    upstreamFree: true,
  },
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
