import type { FaultRule } from './faults/fault-rule';
import type { ProvisioningSettings } from './provisioning/provisioning-settings';
import type { WebhookSettingsInput } from './webhooks/webhook-settings';

/** Which data a fresh emulator starts with. `empty` still has the fixture accounts and sites. */
export type SeedName = 'demo' | 'empty';

/** Options of {@link startEmulator}. Every field is optional. */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks an ephemeral port. */
  port?: number;
  /** Interface to bind (default '127.0.0.1'). */
  host?: string;
  /** Initial data when no data file exists (default 'empty'). */
  seed?: SeedName;
  /** JSON file to load state from and persist it to (atomically); memory only when absent. */
  dataFile?: string;
  /** How long idempotency keys are remembered (default 24 h). */
  idempotencyTtlMs?: number;
  /** Fault-injection rules active from the start. */
  faults?: FaultRule[];
  /** Seed of the PRNG behind rate-based faults (default 1). */
  faultSeed?: number;
  /** Largest accepted request body in bytes; larger → 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** Whether an ancestor account may read/change a sub-account's entities (default true). */
  allowParentAccess?: boolean;
  /** Canceling something already canceled: 200 no-op (default) or 428. */
  cancelTwice?: 'noop' | 'error';
  /**
   * Simulated provisioning: new instances leave PENDING after a delay, some FAILED or
   * AWAITING_ACTION (default: off, every instance stays PENDING).
   */
  provisioning?: ProvisioningSettings;
  /** Shorthand for `provisioning: { delayMs }` (every instance becomes ENABLED). */
  autoEnableAfterMs?: number;
  /** Webhook delivery (target URL, resend policy, faults); no URL = events only recorded. */
  webhooks?: Omit<WebhookSettingsInput, 'url'> & { url?: string };
  /** PEM of the RSA private key that signs webhooks (default: a key generated on first use). */
  webhookPrivateKeyPem?: string;
  /** Capacity of the DomainEvent and webhook delivery logs (default 1000 each). */
  eventLogSize?: number;
  /** Capacity of the request log ring buffer (default 1000). */
  requestLogSize?: number;
}

/** Options with every default applied. */
export type ResolvedEmulatorOptions = Required<
  Omit<
    EmulatorOptions,
    'dataFile' | 'autoEnableAfterMs' | 'provisioning' | 'webhookPrivateKeyPem' | 'webhooks'
  >
> &
  Pick<EmulatorOptions, 'dataFile' | 'provisioning' | 'webhookPrivateKeyPem' | 'webhooks'>;

export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_REQUEST_LOG_SIZE = 1000;

/** Applies defaults. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedEmulatorOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 'empty',
    dataFile: options.dataFile,
    idempotencyTtlMs: options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS,
    faults: options.faults ?? [],
    faultSeed: options.faultSeed ?? 1,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    allowParentAccess: options.allowParentAccess ?? true,
    cancelTwice: options.cancelTwice ?? 'noop',
    provisioning:
      options.provisioning ??
      (options.autoEnableAfterMs === undefined
        ? undefined
        : { delayMs: options.autoEnableAfterMs }),
    webhooks: options.webhooks,
    webhookPrivateKeyPem: options.webhookPrivateKeyPem,
    requestLogSize: options.requestLogSize ?? DEFAULT_REQUEST_LOG_SIZE,
    eventLogSize: options.eventLogSize ?? DEFAULT_REQUEST_LOG_SIZE,
  };
}
