import type {
  WixDomainEvent,
  WixFailureReason,
  WixInstanceStatus,
  WixPackage,
} from '../wix/wire-types';
import type { SeedInput } from './admin/seed-input';
import type { EmulatorCore, EmulatorStats } from './emulator-core';
import type { FaultRule } from './faults/fault-rule';
import { parseFaultRules } from './faults/fault-rule';
import type { SeedName } from './options';
import { parseProvisioningSettings } from './provisioning/provisioning-settings';
import type {
  ProvisioningSettings,
  ResolvedProvisioningSettings,
} from './provisioning/provisioning-settings';
import type { RequestLogEntry } from './request-log';
import type { WebhookDeliveryRecord } from './webhooks/delivery-log';
import { mergeWebhookSettings } from './webhooks/webhook-settings';
import type { WebhookSettings, WebhookSettingsInput } from './webhooks/webhook-settings';

/**
 * Programmatic equivalents of the `/_emulator/` admin hooks, for tests in the same process.
 * Methods throw (an `EmulatorApiError`, which is an `Error`) where the hook would answer 4xx.
 */
export interface EmulatorControl {
  /** Drop all data, idempotency keys included, and load a seed (default 'empty'). */
  reset(seed?: SeedName): void;
  /** Add accounts, sites and raw packages. */
  seed(data: SeedInput): void;
  /** Drive the status engine: PENDING → ENABLED | FAILED(failure) | AWAITING_ACTION, AWAITING_ACTION → ENABLED. */
  setInstanceStatus(
    instanceId: string,
    status: WixInstanceStatus,
    failure?: WixFailureReason,
  ): WixPackage;
  /** Copies of the logged API requests, oldest first (no `authorization` header). */
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** Replace the fault rules (validated; throws on invalid rules). */
  setFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  /** The armed fault rules (`times` shows the remaining count). */
  faults(): FaultRule[];
  /** Forget every idempotency key ("upstream forgot the key"). */
  forgetIdempotencyKeys(): void;
  /** A stored package regardless of account. */
  getPackage(id: string): WixPackage | undefined;
  packageCount(): number;
  findPackages(predicate: (pkg: WixPackage) => boolean): WixPackage[];
  stats(): EmulatorStats;
  /** Write pending state to the data file now (no-op without one). */
  flush(): Promise<void>;
  /** The recent DomainEvents, oldest first. */
  domainEvents(): WixDomainEvent[];
  /** Where webhooks go (the gateway's URL is known only once it listens); undefined stops them. */
  setWebhookTarget(url: string | undefined): void;
  /** Change some delivery settings (validated; throws on invalid settings). */
  configureWebhooks(settings: WebhookSettingsInput): WebhookSettings;
  webhookSettings(): WebhookSettings;
  /** The SPKI PEM of the key webhooks are signed with (what the gateway verifies against). */
  webhookPublicKeyPem(): string;
  /** The recent delivery attempts, oldest first. */
  webhookDeliveries(): WebhookDeliveryRecord[];
  /** Resolves once no webhook is queued, held, delayed or waiting for a resend. */
  whenWebhooksIdle(): Promise<void>;
  /** Turn the provisioning simulation on (validated; throws) or off (undefined). */
  setProvisioning(settings: ProvisioningSettings | undefined): void;
  provisioning(): ResolvedProvisioningSettings | undefined;
}

/** Builds the control facade over the core. */
export function createControl(core: EmulatorCore, flush: () => Promise<void>): EmulatorControl {
  return {
    reset: (seed) => core.reset(seed),
    seed: (data) => {
      core.seed(data);
    },
    setInstanceStatus: (instanceId, status, failure) =>
      core.setInstanceStatus(instanceId, status, failure),
    requestLog: () => core.requestLog.list(),
    clearRequestLog: () => core.requestLog.clear(),
    setFaults: (rules) => {
      const parsed = parseFaultRules(rules);
      if ('problems' in parsed)
        throw new Error(`invalid fault rules: ${parsed.problems.join('; ')}`);
      core.setFaults(parsed.rules);
    },
    clearFaults: () => core.setFaults([]),
    faults: () => core.faults.list(),
    forgetIdempotencyKeys: () => core.idempotency.clear(),
    getPackage: (id) => core.state.packages.get(id),
    packageCount: () => core.state.packages.size,
    findPackages: (predicate) => [...core.state.packages.values()].filter(predicate),
    stats: () => core.stats(),
    flush,
    domainEvents: () => core.events.list(),
    setWebhookTarget: (url) => {
      const merged = mergeWebhookSettings(core.webhooks.settings, { url: url ?? null });
      if ('problems' in merged) throw new Error(merged.problems.join('; '));
      core.webhooks.configure(merged.settings);
    },
    configureWebhooks: (settings) => {
      const merged = mergeWebhookSettings(core.webhooks.settings, settings);
      if ('problems' in merged) {
        throw new Error(`invalid webhook settings: ${merged.problems.join('; ')}`);
      }
      core.webhooks.configure(merged.settings);
      return core.webhooks.settings;
    },
    webhookSettings: () => core.webhooks.settings,
    webhookPublicKeyPem: () => core.signer.publicKeyPem(),
    webhookDeliveries: () => core.deliveries.list(),
    whenWebhooksIdle: () => core.webhooks.whenIdle(),
    setProvisioning: (settings) => {
      if (settings === undefined) return core.provisioner.configure(undefined);
      const parsed = parseProvisioningSettings(settings);
      if ('problems' in parsed) {
        throw new Error(`invalid provisioning settings: ${parsed.problems.join('; ')}`);
      }
      core.provisioner.configure(parsed.settings);
    },
    provisioning: () => core.provisioner.settings,
  };
}
