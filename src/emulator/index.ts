/**
 * A faithful, standalone emulator of the Wix Resellers "Packages and Product Instances" REST
 * API (README "Upstream contract", emulator rules), with admin hooks, fault injection and persistence.
 * It shares `src/wix/wire-types.ts` with the gateway and imports nothing else from it.
 */
import { createControl } from './control';
import type { EmulatorControl } from './control';
import { EmulatorCore } from './emulator-core';
import { parseFaultRules } from './faults/fault-rule';
import { createEmulatorHttpServer } from './http/server';
import { resolveOptions } from './options';
import type { EmulatorOptions } from './options';
import { removeLeftoverTempFiles } from './persistence/atomic-file';
import { Persister, readDataFile } from './persistence/persister';
import { restoreSnapshot, takeSnapshot } from './persistence/snapshot';

export type { EmulatorControl } from './control';
export type { EmulatorStats } from './emulator-core';
export type { EmulatorOptions, SeedName } from './options';
export type { ProvisioningSettings } from './provisioning/provisioning-settings';
export type {
  WebhookFaults,
  WebhookSettings,
  WebhookSettingsInput,
} from './webhooks/webhook-settings';
export type { WebhookDeliveryRecord } from './webhooks/delivery-log';
export { WIX_RESEND_DELAYS_MS } from './webhooks/resend-schedule';
export { EMULATOR_WEBHOOK_APP_ID, EMULATOR_WEBHOOK_INSTANCE_ID } from './events/webhook-envelope';
export type { FaultRule, FaultKind, EmulatorEndpoint } from './faults/fault-rule';
export { EMULATOR_ENDPOINTS } from './faults/fault-rule';
export type { RequestLogEntry } from './request-log';
export type { SeedInput } from './admin/seed-input';
export { EMULATOR_ONLY_CODES, EmulatorApiError } from './errors';
export { DEMO_ACCOUNTS, UNKNOWN_ACCOUNT_ID } from './fixtures/accounts';
export type { EmulatorAccount } from './fixtures/accounts';
export { DEMO_SITES, UNKNOWN_SITE_ID } from './fixtures/sites';
export type { EmulatorSite } from './fixtures/sites';
export { CATALOG, PRODUCTS, UNKNOWN_PRODUCT_ID } from './fixtures/catalog';
export type { CatalogProduct, ProductName, ProductType } from './fixtures/catalog';

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** Ends hanging responses, closes every socket, flushes the data file. */
  close(): Promise<void>;
  readonly control: EmulatorControl;
}

/**
 * Starts the emulator on `host:port` (default 127.0.0.1, ephemeral port). With `dataFile`,
 * state is loaded from it when it exists (else seeded and written) and persisted atomically
 * after every change.
 * @throws Error for invalid fault rules, an unreadable data file, or a port in use
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const faults = parseFaultRules(resolved.faults);
  if ('problems' in faults) throw new Error(`invalid fault rules: ${faults.problems.join('; ')}`);
  const core = new EmulatorCore({ ...resolved, faults: faults.rules });

  let persister: Persister | undefined;
  if (resolved.dataFile) {
    const dataFile = resolved.dataFile;
    await removeLeftoverTempFiles(dataFile);
    const stored = await readDataFile(dataFile);
    if (stored === undefined) core.reset(resolved.seed);
    else restoreSnapshot(stored, core.state, core.idempotency);
    persister = new Persister(dataFile, () =>
      JSON.stringify(takeSnapshot(core.state, core.idempotency)),
    );
    const target = persister;
    core.state.onChange(() => target.schedule());
    if (stored === undefined) {
      persister.schedule();
      await persister.flush();
    }
  } else {
    core.reset(resolved.seed);
  }
  const flush = async (): Promise<void> => {
    if (persister) await persister.flush();
  };

  const http = createEmulatorHttpServer(core);
  const port = await http.listen(resolved.port, resolved.host);
  const hostForUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${port}`,
    control: createControl(core, flush),
    close: () => {
      closed ??= (async () => {
        await http.close();
        core.stop();
        await flush();
      })();
      return closed;
    },
  };
}
