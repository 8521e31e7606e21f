/**
 * The only module with side effects: environment → Config → upstream (Wix, or the embedded
 * emulator when none is configured) → gateway → listen → graceful shutdown on SIGTERM/SIGINT.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config/config';
import { describeAccount } from './development/demo-identities';
import { createGateway } from './gateway';
import { createLogDestination } from './logging/log-destination';
import { createLogger, type Logger } from './logging/logger';
import { prepareStdout } from './runtime/non-blocking-stdout';
import { applyHeapGrowingPercent } from './runtime/heap-growth';
import { WIX_WEBHOOK_PATH } from './webhooks/wix-webhook-handler';

/** The embedded emulator accepts any non-empty key; this one is never sent to Wix. */
const EMULATOR_API_KEY = 'embedded-emulator-key';
/** How long the last log lines may take to reach stdout at exit. */
const LOG_DRAIN_MS = 1_000;
/**
 * Past the grace period (in-flight requests cut), how long closing the pool, the emulator and
 * the log may still take before the process exits anyway: a stop never hangs.
 */
const SHUTDOWN_DEADLINE_MARGIN_MS = 5_000;

/** Under `npm start` a developer sees new instances turn ENABLED after 1–3 s. */
const EMBEDDED_PROVISIONING = { delayMs: 1_000, jitterMs: 2_000 };

interface Upstream {
  readonly url: string;
  readonly apiKey: string;
  /** The embedded emulator's webhook signing key: the gateway verifies its deliveries. */
  readonly webhookPublicKeyPem?: string;
  /** Points the embedded emulator's webhooks at the gateway, once it listens. */
  readonly deliverWebhooksTo?: (url: string) => void;
  close(): Promise<void>;
}

async function resolveUpstream(config: Config, logger: Logger): Promise<Upstream> {
  if (config.upstream.kind === 'remote') {
    return { url: config.upstream.baseUrl, apiKey: config.upstream.apiKey, close: async () => {} };
  }
  // Loaded only when used: a gateway talking to Wix never carries the emulator in memory.
  const { startEmulator } = await import('./emulator');
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

/** Who requests act as: the first question of someone trying the gateway. */
function identityLines(config: Config): string {
  if (config.auth.kind !== 'development') {
    return '  Auth:       a bearer JWT on every request (Authorization: Bearer <token>)\n';
  }
  return (
    `  Acting as:  ${describeAccount(config.defaultAccountId)}, for requests without a token\n` +
    '              (development mode: switch demo accounts in the playground, or send a token\n' +
    '              from mint-dev-token --development)\n'
  );
}

/** Which browser origins may call: the second question, from a frontend on its own port. */
function corsLine(config: Config): string {
  const listed = config.corsOrigins.length > 0 ? config.corsOrigins.join(', ') : undefined;
  if (config.corsAllowLoopback) {
    return `  CORS:       loopback origins (localhost, 127.0.0.1, any port; development)${listed ? ` and ${listed}` : ''}\n`;
  }
  return `  CORS:       ${listed ?? 'no browser origin (set CORS_ORIGINS)'}\n`;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  applyHeapGrowingPercent(config.heapGrowingPercent);
  prepareStdout();
  const logDestination = createLogDestination();
  const logger = createLogger(config.logLevel, logDestination);
  const upstream = await resolveUpstream(config, logger);
  const gateway = await createGateway({
    config,
    upstreamUrl: upstream.url,
    apiKey: upstream.apiKey,
    logger,
    ...(upstream.webhookPublicKeyPem !== undefined && {
      webhookPublicKeyPem: upstream.webhookPublicKeyPem,
    }),
  });
  const origin = await gateway.listen(config.port, config.host);
  upstream.deliverWebhooksTo?.(`${origin}${WIX_WEBHOOK_PATH}`);
  // Only what is served: the playground's URL only when it is on.
  const playground = config.graphql.playground ? `${origin}/playground` : undefined;
  logger.info({ graphql: `${origin}/graphql`, playground }, 'gateway ready');
  process.stdout.write(
    `\npackages-gateway is up\n  GraphQL:    ${origin}/graphql\n` +
      (playground === undefined ? '' : `  Playground: ${playground}\n`) +
      (config.upstream.kind === 'embedded-emulator'
        ? `  Emulator:   ${upstream.url} (embedded, ${config.upstream.seed} data)\n`
        : '') +
      identityLines(config) +
      corsLine(config) +
      '\n',
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      logger.error({ event: 'shutdown.deadline' }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, config.shutdownGraceMs + SHUTDOWN_DEADLINE_MARGIN_MS);
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    gateway
      .close()
      .then(() => upstream.close())
      .then(async () => {
        logger.info('stopped');
        await logDestination.close(LOG_DRAIN_MS);
        process.exit(0);
      })
      .catch(async (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        await logDestination.close(LOG_DRAIN_MS);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`packages-gateway failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
