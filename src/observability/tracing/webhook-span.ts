/**
 * The span of a Wix webhook: the HTTP SERVER span `POST /webhooks/wix` (server-span.ts, so a
 * `traceparent` on the delivery is continued), with what the receiver decided, told by the
 * receiver's observer: `packages_gateway.webhook.outcome` (`accepted`, `duplicate`, `ignored`,
 * `rejected`), `packages_gateway.webhook.verification` (`verified`, `failed`, `not_attempted`),
 * `packages_gateway.webhook.rejection` (why it was refused) and the published change's kind.
 * Never the body, the token or an id: the observer is told outcomes only.
 */
import { trace } from '@opentelemetry/api';
import type { RequestHandler } from '../../http/server';
import type { WebhookObserver, WebhookRejection } from '../webhook-observer';
import { runInServerSpan } from './server-span';
import { ATTR_CHANGE_KIND } from './subscription-event-span';
import type { Tracing } from './tracing';

export const ATTR_WEBHOOK_OUTCOME = 'packages_gateway.webhook.outcome';
export const ATTR_WEBHOOK_VERIFICATION = 'packages_gateway.webhook.verification';
export const ATTR_WEBHOOK_REJECTION = 'packages_gateway.webhook.rejection';

/** Rejections made before the signature is checked; a malformed event was verified first. */
const VERIFICATION_OF: Readonly<Record<WebhookRejection, string>> = {
  method: 'not_attempted',
  too_large: 'not_attempted',
  server_busy: 'not_attempted',
  signature: 'failed',
  malformed: 'verified',
};

function onActiveSpan(attributes: Record<string, string>): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/** Records the receiver's decisions on the active span (the webhook's server span). */
export function createWebhookSpanObserver(): WebhookObserver {
  return {
    received() {},
    rejected(reason) {
      onActiveSpan({
        [ATTR_WEBHOOK_OUTCOME]: 'rejected',
        [ATTR_WEBHOOK_REJECTION]: reason,
        [ATTR_WEBHOOK_VERIFICATION]: VERIFICATION_OF[reason],
      });
    },
    duplicate(kind) {
      onActiveSpan({
        [ATTR_WEBHOOK_OUTCOME]: 'duplicate',
        [ATTR_WEBHOOK_VERIFICATION]: 'verified',
        [ATTR_CHANGE_KIND]: kind,
      });
    },
    ignored() {
      onActiveSpan({ [ATTR_WEBHOOK_OUTCOME]: 'ignored', [ATTR_WEBHOOK_VERIFICATION]: 'verified' });
    },
    published(kind) {
      onActiveSpan({
        [ATTR_WEBHOOK_OUTCOME]: 'accepted',
        [ATTR_WEBHOOK_VERIFICATION]: 'verified',
        [ATTR_CHANGE_KIND]: kind,
      });
    },
  };
}

/** Every observer told each decision (metrics and the span). */
export function combineWebhookObservers(
  ...observers: readonly (WebhookObserver | undefined)[]
): WebhookObserver | undefined {
  const present = observers.filter((observer) => observer !== undefined);
  if (present.length <= 1) return present[0];
  return {
    received: () => present.forEach((observer) => observer.received()),
    rejected: (reason) => present.forEach((observer) => observer.rejected(reason)),
    duplicate: (kind) => present.forEach((observer) => observer.duplicate(kind)),
    ignored: () => present.forEach((observer) => observer.ignored()),
    published: (kind) => present.forEach((observer) => observer.published(kind)),
  };
}

/** The webhook route with each request in its server span. */
export function traceWebhookRoute(
  route: { readonly path: string; readonly handler: RequestHandler },
  tracing: Tracing,
): { readonly path: string; readonly handler: RequestHandler } {
  return {
    path: route.path,
    handler: (request, response) =>
      runInServerSpan(tracing, route.path, request, response, () =>
        route.handler(request, response),
      ),
  };
}
