/**
 * What happens once the gateway serves (one process, or the last of the workers): the embedded
 * emulator's webhooks are pointed at it, the 'gateway ready' log line names its URLs, and the
 * banner goes to stdout.
 */
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import { WIX_WEBHOOK_PATH } from '../webhooks/wix-webhook-handler';
import { playgroundUrl, startupBanner } from './banner';
import type { Upstream } from './upstream';

export function announceReady(
  config: Config,
  logger: Logger,
  upstream: Upstream,
  origin: string,
  opsOrigin: string | undefined,
): void {
  upstream.deliverWebhooksTo?.(`${origin}${WIX_WEBHOOK_PATH}`);
  logger.info(
    {
      graphql: `${origin}/graphql`,
      playground: playgroundUrl(config, origin),
      operations: opsOrigin,
    },
    'gateway ready',
  );
  process.stdout.write(startupBanner(config, origin, upstream.url, opsOrigin));
}
