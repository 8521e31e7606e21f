/**
 * What the Wix webhook receiver reports (the metrics implement it). Carries outcomes only:
 * nothing of a webhook's body or token.
 */
export type WebhookRejection = 'signature' | 'malformed' | 'too_large' | 'server_busy' | 'method';

export interface WebhookObserver {
  /** Every request to the webhook route. */
  received(): void;
  rejected(reason: WebhookRejection): void;
  /**
   * A DomainEvent id seen before (Wix resends and duplicates): answered 200, not published; by
   * the PackageChangeKind it would have published.
   */
  duplicate(kind: string): void;
  /** A verified event of another entity or slug: answered 200, not published. */
  ignored(): void;
  /** Published to the change bus, by PackageChangeKind. */
  published(kind: string): void;
}
