/**
 * `POST /webhooks/wix`: the receiver of Wix's account-level webhooks (contract: events). Each request
 * is answered as soon as its event is handled, without any upstream call (Wix wants an answer
 * within 1250 ms and resends otherwise):
 *
 * | answer | when |
 * |---|---|
 * | 405 | not POST |
 * | 413 | body over the limit (read no further) |
 * | 503 | the request bodies held by all requests reached `HTTP_MAX_BUFFERED_BODY_BYTES` (Retry-After: 1; Wix resends) |
 * | 401 | not a JWT validly signed RS256 by the configured key (forged, unsigned, other alg) |
 * | 400 | verified, but the envelope or the DomainEvent is not as contract: events describes |
 * | 200 | published, a duplicate (same DomainEvent id within 48 h), or an event of no interest |
 * | 500 | publishing failed: the id is released, so Wix's resend is published, not dropped |
 *
 * Nothing of a body or token is logged, answered or counted: only outcomes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChangeBus } from '../live/change-bus';
import type { Logger } from '../logging/logger';
import type { WebhookObserver, WebhookRejection } from '../observability/webhook-observer';
import type { OnceStore } from '../shared-state/once-store';
import type { BodyBudget } from '../http/body-budget';
import { readRequestBody, setRefusalHeaders, type BodyRefusal } from '../http/request-body';
import { sendJson } from '../http/send';
import { changeOfDomainEvent } from './domain-event-change';
import { unwrapWebhook } from './wix-webhook-payload';
import type { WixWebhookVerifier } from './wix-webhook-verifier';
import { WEBHOOK_BODY_LIMIT_BYTES } from './webhook-body-limit';

export const WIX_WEBHOOK_PATH = '/webhooks/wix';

/** Wix resends for about 47 hours: an id is remembered a little longer. */
export const WEBHOOK_DEDUP_TTL_MS = 48 * 60 * 60 * 1000;

export interface WixWebhookHandlerOptions {
  readonly verifier: WixWebhookVerifier;
  /** De-duplication of DomainEvent ids (shared between replicas with Redis). */
  readonly once: OnceStore;
  /** Where accepted changes go (the change bus, or the feed publishing through it). */
  readonly publish: ChangeBus['publish'];
  readonly logger: Logger;
  readonly observer?: WebhookObserver;
  readonly bodyLimitBytes?: number;
  /**
   * The budget of request-body bytes shared with every other route: a flood of stalled
   * webhook bodies must not hold more memory than the gateway's other requests may.
   */
  readonly bodyBudget?: BodyBudget;
}

export type WebhookRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Builds the route handler. It throws only when publishing fails (the server answers a generic
 * 500, and Wix resends); every other failure becomes an answer.
 */
export function createWixWebhookHandler(options: WixWebhookHandlerOptions): WebhookRequestHandler {
  const { verifier, once, publish, logger, observer } = options;
  const limit = options.bodyLimitBytes ?? WEBHOOK_BODY_LIMIT_BYTES;

  const reject = (res: ServerResponse, status: number, reason: WebhookRejection): void => {
    observer?.rejected(reason);
    logger.warn({ event: 'webhook.rejected', reason }, 'Wix webhook refused');
    sendJson(res, status, { error: REJECTION_MESSAGES[reason] });
  };

  return async (req, res) => {
    observer?.received();
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return reject(res, 405, 'method');
    }
    const read = await readRequestBody(req, { limitBytes: limit, budget: options.bodyBudget });
    if (read.kind === 'gone') return;
    if (read.kind === 'refused') {
      setRefusalHeaders(res, read.refusal);
      return reject(res, read.refusal.status, REFUSAL_REASONS[read.refusal.code]);
    }
    const body = read.body;
    const claims = await verifier.verify(body.toString('utf8').trim());
    if (claims === undefined) return reject(res, 401, 'signature');
    const unwrapped = unwrapWebhook(claims);
    if (unwrapped.kind === 'malformed') return reject(res, 400, 'malformed');
    const outcome = changeOfDomainEvent(unwrapped.event);
    if (outcome.kind === 'malformed') return reject(res, 400, 'malformed');
    if (outcome.kind === 'ignored') {
      observer?.ignored();
      return sendJson(res, 200, { status: 'ignored' });
    }
    const { change } = outcome;
    const key = `wix-webhook:${change.eventId}`;
    if (!(await once.claim(key, WEBHOOK_DEDUP_TTL_MS))) {
      observer?.duplicate(change.kind);
      return sendJson(res, 200, { status: 'duplicate' });
    }
    try {
      await publish(change);
    } catch (error) {
      // Not published: the id is released so that Wix's resend (after the 500) is taken,
      // not dropped as a duplicate.
      await once.release(key);
      throw error;
    }
    observer?.published(change.kind);
    sendJson(res, 200, { status: 'accepted' });
  };
}

const REFUSAL_REASONS: Readonly<Record<BodyRefusal['code'], WebhookRejection>> = {
  PAYLOAD_TOO_LARGE: 'too_large',
  SERVER_BUSY: 'server_busy',
};

const REJECTION_MESSAGES: Readonly<Record<WebhookRejection, string>> = {
  method: 'method not allowed',
  too_large: 'body too large',
  server_busy: 'server busy: retry shortly',
  signature: 'invalid signature',
  malformed: 'malformed webhook',
};
