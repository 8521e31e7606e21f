import type { WixFailureReason, WixInstanceStatus, WixPackage } from '../wix/wire-types';
import { parseSeedInput } from './admin/seed-input';
import type { SeedInput } from './admin/seed-input';
import { setInstanceStatus } from './domain/instance-status';
import type { DomainSettings, OperationContext } from './domain/operation-context';
import { findInstance } from './domain/package-edit';
import { buildDomainEvent } from './events/domain-event';
import { DomainEventLog } from './events/event-log';
import type { PackageEventInput } from './events/package-event';
import { webhookEnvelopeOf } from './events/webhook-envelope';
import { FaultInjector } from './faults/fault-injector';
import type { FaultRule } from './faults/fault-rule';
import { buildDemoSeed } from './fixtures/demo-seed';
import { FIXTURE_ACCOUNTS } from './fixtures/accounts';
import { FIXTURE_SITES } from './fixtures/sites';
import { IdempotencyStore } from './idempotency/idempotency-store';
import type { ResolvedEmulatorOptions, SeedName } from './options';
import { newGuid } from './ids';
import { Provisioner } from './provisioning/provisioner';
import { parseProvisioningSettings } from './provisioning/provisioning-settings';
import { RequestLog } from './request-log';
import { EmulatorState } from './state/emulator-state';
import { WebhookDeliveryLog } from './webhooks/delivery-log';
import { WebhookDeliverer } from './webhooks/webhook-deliverer';
import { DEFAULT_WEBHOOK_SETTINGS, mergeWebhookSettings } from './webhooks/webhook-settings';
import { WebhookSigner } from './webhooks/webhook-signer';

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
  readonly events: DomainEventLog;
  readonly deliveries: WebhookDeliveryLog;
  readonly signer: WebhookSigner;
  readonly webhooks: WebhookDeliverer;
  readonly provisioner: Provisioner;
  private readonly emit = (input: PackageEventInput): void => this.publish(input);

  /** @throws Error for invalid provisioning or webhook settings, or a bad signing key */
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
    this.events = new DomainEventLog(options.eventLogSize);
    this.deliveries = new WebhookDeliveryLog(options.eventLogSize);
    this.signer = new WebhookSigner(options.webhookPrivateKeyPem);
    const webhookSettings = mergeWebhookSettings(DEFAULT_WEBHOOK_SETTINGS, options.webhooks ?? {});
    if ('problems' in webhookSettings) {
      throw new Error(`invalid webhook settings: ${webhookSettings.problems.join('; ')}`);
    }
    this.webhooks = new WebhookDeliverer(this.signer, webhookSettings.settings, this.deliveries);
    let provisioning;
    if (options.provisioning) {
      const parsed = parseProvisioningSettings(options.provisioning);
      if ('problems' in parsed) {
        throw new Error(`invalid provisioning settings: ${parsed.problems.join('; ')}`);
      }
      provisioning = parsed.settings;
    }
    this.provisioner = new Provisioner(
      provisioning,
      (instanceId) => {
        const pkg = this.state.packages.getByInstanceId(instanceId);
        return pkg !== undefined && findInstance(pkg, instanceId)?.status === 'PENDING';
      },
      (instanceId, status, failure) => this.setInstanceStatus(instanceId, status, failure),
    );
  }

  /** The context for one API call made by `accountId`. */
  contextFor(accountId: string): OperationContext {
    return {
      state: this.state,
      accountId,
      settings: this.settings,
      emit: this.emit,
    };
  }

  /**
   * Turns one change into a DomainEvent: logged, handed to webhook delivery, and (for a new
   * package) to the provisioning simulation.
   */
  private publish(input: PackageEventInput): void {
    const event = buildDomainEvent(input, newGuid());
    this.events.append(event);
    this.webhooks.enqueue({ event, envelope: webhookEnvelopeOf(event, input.pkg) });
    if (input.slug === 'created') this.provisioner.schedule(input.pkg);
  }

  /**
   * Drops all data and loads a seed: `empty` = fixture accounts and sites only; `demo` = those
   * plus generated sites and a few hundred packages. Idempotency keys are forgotten too.
   */
  reset(seed: SeedName = 'empty'): void {
    this.provisioner.cancelAll();
    this.webhooks.cancelPending();
    this.events.clear();
    this.deliveries.clear();
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

  /**
   * Moves an instance along the status engine and reports it: `product_instance_failed` (with
   * the reason) for FAILED, `product_instance_updated` otherwise.
   */
  setInstanceStatus(
    instanceId: string,
    status: WixInstanceStatus,
    failure?: WixFailureReason,
  ): WixPackage {
    const pkg = setInstanceStatus(this.state, instanceId, status, failure);
    const reason = status === 'FAILED' ? findInstance(pkg, instanceId)?.failure : undefined;
    if (reason) {
      this.publish({ slug: 'product_instance_failed', pkg, productInstanceId: instanceId, reason });
    } else {
      this.publish({ slug: 'product_instance_updated', pkg, productInstanceId: instanceId });
    }
    return pkg;
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

  /** Stops background work (provisioning timers, webhook deliveries). */
  stop(): void {
    this.provisioner.cancelAll();
    this.webhooks.close();
  }
}
