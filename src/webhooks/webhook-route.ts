/**
 * The webhook route of the gateway's HTTP server, built only when a Wix public key is known
 * (`WIX_WEBHOOK_PUBLIC_KEY`, or the embedded emulator's key under `npm start`).
 */
import type { BodyBudget } from '../http/body-budget';
import type { ChangeBus } from '../live/change-bus';
import type { Logger } from '../logging/logger';
import type { WebhookObserver } from '../observability/webhook-observer';
import type { OnceStore } from '../shared-state/once-store';
import {
  createWixWebhookHandler,
  WIX_WEBHOOK_PATH,
  type WebhookRequestHandler,
} from './wix-webhook-handler';
import { createWixWebhookVerifier } from './wix-webhook-verifier';

export interface WebhookRouteOptions {
  readonly publicKeyPem: string | undefined;
  readonly once: OnceStore;
  readonly publish: ChangeBus['publish'];
  readonly logger: Logger;
  readonly observer?: WebhookObserver;
  /** The request-body budget every route shares. */
  readonly bodyBudget?: BodyBudget;
}

/** `{ path, handler }` for the HTTP server, or undefined when the receiver is off. */
export function createWebhookRoute(
  options: WebhookRouteOptions,
): { readonly path: string; readonly handler: WebhookRequestHandler } | undefined {
  if (options.publicKeyPem === undefined) return undefined;
  return {
    path: WIX_WEBHOOK_PATH,
    handler: createWixWebhookHandler({
      verifier: createWixWebhookVerifier(options.publicKeyPem),
      once: options.once,
      publish: options.publish,
      logger: options.logger,
      ...(options.observer && { observer: options.observer }),
      ...(options.bodyBudget && { bodyBudget: options.bodyBudget }),
    }),
  };
}
