/** One delivery attempt of one webhook, as the admin hook `GET /_emulator/webhooks/deliveries` lists it. */
export interface WebhookDeliveryRecord {
  /** The DomainEvent id. */
  readonly eventId: string;
  readonly slug: string;
  readonly packageId: string;
  /** 1 for the first attempt, 2.. for resends. */
  readonly attempt: number;
  /** When the attempt ended (ISO-8601). */
  readonly at: string;
  readonly outcome: 'delivered' | 'rejected' | 'timeout' | 'network-error' | 'no-target';
  /** The receiver's HTTP status, when it answered. */
  readonly status?: number;
  /** The fault applied to this copy of the event, if any. */
  readonly fault?: 'duplicate' | 'out-of-order' | 'delayed';
  /** True on the last attempt of a webhook that was never accepted. */
  readonly gaveUp?: boolean;
}

/** The most recent delivery attempts, oldest first. */
export class WebhookDeliveryLog {
  private readonly records: WebhookDeliveryRecord[] = [];

  constructor(private readonly capacity: number) {}

  append(record: WebhookDeliveryRecord): void {
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.shift();
  }

  list(): WebhookDeliveryRecord[] {
    return [...this.records];
  }

  clear(): void {
    this.records.length = 0;
  }
}
