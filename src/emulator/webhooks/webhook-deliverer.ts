import type { ClientRequest } from 'node:http';
import type { WixDomainEvent, WixWebhookEnvelope } from '../../wix/wire-types';
import { SeededRandom } from '../prng';
import type { WebhookDeliveryLog, WebhookDeliveryRecord } from './delivery-log';
import { postText, type PostResult } from './http-post';
import { resendDelayMs } from './resend-schedule';
import type { WebhookSettings } from './webhook-settings';
import type { WebhookSigner } from './webhook-signer';

/** An event to deliver: the DomainEvent (for the log) and the envelope that carries it. */
export interface OutgoingWebhook {
  readonly event: WixDomainEvent;
  readonly envelope: WixWebhookEnvelope;
}

interface Job {
  readonly webhook: OutgoingWebhook;
  /** Signed once: resends and duplicates carry the same token, as at Wix. */
  readonly token: Promise<string>;
  readonly fault?: WebhookDeliveryRecord['fault'];
  readonly generation: number;
  attempt: number;
}

/**
 * Delivers webhooks as Wix does: each event POSTed to the configured URL as a signed JWT;
 * anything but a 2xx answer within the timeout is resent on Wix's schedule (time-compressed),
 * up to `maxResends` times. First attempts go out one at a time in event order; resends run on
 * their own timers, so a failing event never blocks later ones. Fault modes (duplicates,
 * out-of-order, delays) are drawn per event from a PRNG seeded by the settings.
 */
export class WebhookDeliverer {
  private settingsValue: WebhookSettings;
  private random: SeededRandom;
  private chain: Promise<void> = Promise.resolve();
  private held: { job: Job; timer: NodeJS.Timeout } | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests = new Set<ClientRequest>();
  private readonly live = new Set<Job>();
  private idleWaiters: Array<() => void> = [];
  private generation = 0;
  private closed = false;

  constructor(
    private readonly signer: WebhookSigner,
    settings: WebhookSettings,
    private readonly log: WebhookDeliveryLog,
    private readonly now: () => number = Date.now,
  ) {
    this.settingsValue = settings;
    this.random = new SeededRandom(settings.seed);
  }

  get settings(): WebhookSettings {
    return this.settingsValue;
  }

  /** New settings; a new seed restarts the fault draws. Pending resends use the new URL. */
  configure(settings: WebhookSettings): void {
    if (settings.seed !== this.settingsValue.seed) this.random = new SeededRandom(settings.seed);
    this.settingsValue = settings;
  }

  /** Queues one event (recorded as `no-target` when no URL is set). */
  enqueue(webhook: OutgoingWebhook): void {
    if (this.closed) return;
    const settings = this.settingsValue;
    if (settings.url === undefined) {
      this.record(webhook, 1, { outcome: 'no-target' });
      return;
    }
    const { faults } = settings;
    // Three draws per event whatever the rates, so one mode's rate never shifts another's draws.
    const duplicate = this.random.chance(faults.duplicateRate);
    const outOfOrder = this.random.chance(faults.outOfOrderRate);
    const delayed = this.random.chance(faults.delayRate);
    const token = this.signer.sign(webhook.envelope, Math.floor(this.now() / 1000));
    token.catch(() => {}); // a signing failure is reported by the attempt that awaits it
    const job = this.newJob(
      webhook,
      token,
      delayed ? 'delayed' : outOfOrder ? 'out-of-order' : undefined,
    );

    if (delayed) {
      this.later(faults.delayMs, () => this.sendInOrder(job));
    } else if (outOfOrder && this.held === undefined) {
      const timer = setTimeout(() => this.releaseHeld(), faults.holdMs);
      timer.unref();
      this.held = { job, timer };
    } else {
      this.sendInOrder(job);
      this.releaseHeld();
    }
    if (duplicate) this.sendInOrder(this.newJob(webhook, token, 'duplicate'));
  }

  /** Resolves once every queued, held, delayed and resent webhook has finished. */
  whenIdle(): Promise<void> {
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops every pending delivery (emulator reset) and restarts the fault draws. */
  cancelPending(): void {
    this.generation++;
    this.clearTimers();
    for (const request of this.requests) request.destroy();
    this.requests.clear();
    for (const job of [...this.live]) this.finish(job);
    this.random = new SeededRandom(this.settingsValue.seed);
  }

  /** Stops for good: pending deliveries are dropped, open requests destroyed. */
  close(): void {
    this.closed = true;
    this.cancelPending();
  }

  private newJob(webhook: OutgoingWebhook, token: Promise<string>, fault: Job['fault']): Job {
    const job: Job = {
      webhook,
      token,
      generation: this.generation,
      attempt: 0,
      ...(fault && { fault }),
    };
    this.live.add(job);
    return job;
  }

  private releaseHeld(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    clearTimeout(held.timer);
    this.sendInOrder(held.job);
  }

  private sendInOrder(job: Job): void {
    this.chain = this.chain.then(() => this.attempt(job));
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private async attempt(job: Job): Promise<void> {
    if (job.generation !== this.generation || this.closed) return;
    job.attempt++;
    const settings = this.settingsValue;
    if (settings.url === undefined) {
      this.record(job.webhook, job.attempt, { outcome: 'no-target' }, job.fault);
      this.finish(job);
      return;
    }
    let result: PostResult;
    try {
      const token = await job.token;
      result = await postText(settings.url, token, settings.timeoutMs, (request) => {
        this.requests.add(request);
        return () => this.requests.delete(request);
      });
    } catch {
      result = { kind: 'network-error' };
    }
    if (job.generation !== this.generation) return;
    const accepted = result.kind === 'answered' && result.status >= 200 && result.status < 300;
    const delay = accepted ? undefined : resendDelayMs(job.attempt, settings.timeCompression);
    const gaveUp = !accepted && (delay === undefined || job.attempt > settings.maxResends);
    this.record(
      job.webhook,
      job.attempt,
      {
        outcome: result.kind === 'answered' ? (accepted ? 'delivered' : 'rejected') : result.kind,
        ...(result.kind === 'answered' && { status: result.status }),
        ...(gaveUp && { gaveUp: true }),
      },
      job.fault,
    );
    if (accepted || gaveUp || delay === undefined) {
      this.finish(job);
      return;
    }
    this.later(delay, () => void this.attempt(job));
  }

  private record(
    webhook: OutgoingWebhook,
    attempt: number,
    result: Pick<WebhookDeliveryRecord, 'outcome' | 'status' | 'gaveUp'>,
    fault?: WebhookDeliveryRecord['fault'],
  ): void {
    const { event } = webhook;
    this.log.append({
      eventId: event.id,
      slug: event.slug,
      packageId: event.entityId,
      attempt,
      at: new Date(this.now()).toISOString(),
      ...result,
      ...(fault && { fault }),
    });
  }

  private finish(job: Job): void {
    if (!this.live.delete(job) || this.live.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.held) {
      clearTimeout(this.held.timer);
      this.held = undefined;
    }
  }
}
