/**
 * Where the gateway's REST calls go: Wix (`WIX_API_URL`), or the embedded emulator started in
 * this process when none is configured. With several workers the primary starts it once and
 * hands its address to the workers.
 */
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';

/** The embedded emulator accepts any non-empty key; this one is never sent to Wix. */
export const EMULATOR_API_KEY = 'embedded-emulator-key';

/** Under `npm start` a developer sees new instances turn ENABLED after 1–3 s. */
const EMBEDDED_PROVISIONING = { delayMs: 1_000, jitterMs: 2_000 };

/** What a gateway needs to know of its upstream (all a worker is told by the primary). */
export interface UpstreamAddress {
  readonly url: string;
  readonly apiKey: string;
  /** The embedded emulator's webhook signing key: the gateway verifies its deliveries. */
  readonly webhookPublicKeyPem?: string;
}

export interface Upstream extends UpstreamAddress {
  /** Points the embedded emulator's webhooks at the gateway, once it listens. */
  readonly deliverWebhooksTo?: (url: string) => void;
  close(): Promise<void>;
}

/** Wix as configured, or a freshly started embedded emulator. */
export async function resolveUpstream(config: Config, logger: Logger): Promise<Upstream> {
  if (config.upstream.kind === 'remote') {
    return { url: config.upstream.baseUrl, apiKey: config.upstream.apiKey, close: async () => {} };
  }
  // Loaded only when used: a gateway talking to Wix never carries the emulator in memory.
  const { startEmulator } = await import('../emulator');
  const emulator = await startEmulator({
    port: config.upstream.port,
    seed: config.upstream.seed,
    dataFile: config.upstream.dataFile,
    provisioning: EMBEDDED_PROVISIONING,
  });
  logger.info(
    { emulatorUrl: emulator.url, seed: config.upstream.seed },
    'no WIX_API_URL configured: started the embedded Packages API emulator',
  );
  return {
    url: emulator.url,
    apiKey: EMULATOR_API_KEY,
    webhookPublicKeyPem: emulator.control.webhookPublicKeyPem(),
    deliverWebhooksTo: (url) => emulator.control.setWebhookTarget(url),
    close: () => emulator.close(),
  };
}
