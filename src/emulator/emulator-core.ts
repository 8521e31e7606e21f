import type { WixFailureReason, WixInstanceStatus, WixPackage } from '../wix/wire-types';
import { parseSeedInput } from './admin/seed-input';
import type { SeedInput } from './admin/seed-input';
import { AutoEnabler } from './auto-enable';
import { setInstanceStatus } from './domain/instance-status';
import type { DomainSettings, OperationContext } from './domain/operation-context';
import { FaultInjector } from './faults/fault-injector';
import type { FaultRule } from './faults/fault-rule';
import { buildDemoSeed } from './fixtures/demo-seed';
import { FIXTURE_ACCOUNTS } from './fixtures/accounts';
import { FIXTURE_SITES } from './fixtures/sites';
import { IdempotencyStore } from './idempotency/idempotency-store';
import type { ResolvedEmulatorOptions, SeedName } from './options';
import { RequestLog } from './request-log';
import { EmulatorState } from './state/emulator-state';

/** Counters reported by the `stats` admin hook. */
export interface EmulatorStats {
  readonly packageCount: number;
  readonly instanceCount: number;
  readonly instancesByStatus: Record<WixInstanceStatus, number>;
  readonly accountCount: number;
  readonly siteCount: number;
  readonly idempotencyKeyCount: number;
  readonly requestLogSize: number;
}

/**
 * The emulator's moving parts, independent of HTTP: state, idempotency records, faults,
 * request log and behaviour settings. The HTTP handlers, the admin hooks and the programmatic
 * control all act through it.
 */
export class EmulatorCore {
  readonly state = new EmulatorState();
  readonly idempotency: IdempotencyStore;
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
  readonly settings: DomainSettings;
  readonly maxBodyBytes: number;
  private readonly autoEnabler: AutoEnabler;

  constructor(options: ResolvedEmulatorOptions) {
    this.idempotency = new IdempotencyStore(options.idempotencyTtlMs, Date.now, () =>
      this.state.changed(),
    );
    this.faults = new FaultInjector(options.faults, options.faultSeed);
    this.requestLog = new RequestLog(options.requestLogSize);
    this.settings = {
      allowParentAccess: options.allowParentAccess,
      cancelTwice: options.cancelTwice,
    };
    this.maxBodyBytes = options.maxBodyBytes;
    this.autoEnabler = new AutoEnabler(this.state, options.autoEnableAfterMs);
  }

  /** The context for one API call made by `accountId`. */
  contextFor(accountId: string): OperationContext {
    return {
      state: this.state,
      accountId,
      settings: this.settings,
      onPackageCreated: (pkg) => this.autoEnabler.schedule(pkg),
    };
  }

  /**
   * Drops all data and loads a seed: `empty` = fixture accounts and sites only; `demo` = those
   * plus generated sites and a few hundred packages. Idempotency keys are forgotten too.
   */
  reset(seed: SeedName = 'empty'): void {
    this.autoEnabler.cancelAll();
    this.state.clear();
    this.idempotency.clear();
    if (seed === 'demo') {
      const data = buildDemoSeed();
      for (const account of data.accounts) this.state.putAccount(account);
      for (const site of data.sites) this.state.putSite(site);
      for (const pkg of data.packages) this.state.putPackage(pkg);
      for (const id of data.usedReferences) this.state.markReferenceUsed(id);
    } else {
      for (const account of FIXTURE_ACCOUNTS) this.state.putAccount(account);
      for (const site of FIXTURE_SITES) this.state.putSite(site);
    }
  }

  /**
   * Adds accounts, sites and raw packages (validated for shape, not for business rules).
   * Reference ids of seeded instances count as redeemed.
   * @throws EmulatorApiError 400 for malformed data
   */
  seed(input: SeedInput | unknown): { packageCount: number } {
    const valid = parseSeedInput(input, this.state.clock.nowMs());
    for (const account of valid.accounts) this.state.putAccount(account);
    for (const site of valid.sites) this.state.putSite(site);
    for (const pkg of valid.packages) {
      this.state.putPackage(pkg);
      for (const instance of pkg.productInstances) {
        if (instance.referenceProductInstanceId) {
          this.state.markReferenceUsed(instance.referenceProductInstanceId);
        }
      }
    }
    return { packageCount: this.state.packages.size };
  }

  setInstanceStatus(
    instanceId: string,
    status: WixInstanceStatus,
    failure?: WixFailureReason,
  ): WixPackage {
    return setInstanceStatus(this.state, instanceId, status, failure);
  }

  setFaults(rules: readonly FaultRule[]): void {
    this.faults.set(rules);
  }

  stats(): EmulatorStats {
    const instancesByStatus: Record<WixInstanceStatus, number> = {
      PENDING: 0,
      ENABLED: 0,
      CANCELED: 0,
      FAILED: 0,
      AWAITING_ACTION: 0,
    };
    let instanceCount = 0;
    for (const pkg of this.state.packages.values()) {
      for (const instance of pkg.productInstances) {
        instanceCount++;
        instancesByStatus[instance.status]++;
      }
    }
    return {
      packageCount: this.state.packages.size,
      instanceCount,
      instancesByStatus,
      accountCount: this.state.accounts.size,
      siteCount: this.state.sites.size,
      idempotencyKeyCount: this.idempotency.size,
      requestLogSize: this.requestLog.list().length,
    };
  }

  /** Stops background work (auto-enable timers). */
  stop(): void {
    this.autoEnabler.cancelAll();
  }
}
