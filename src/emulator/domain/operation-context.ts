import type { PackageEventSink } from '../events/package-event';
import type { EmulatorState } from '../state/emulator-state';

/** Behaviour switches for contract: emulator rules, a decision where Wix documents nothing decisions that are configurable. */
export interface DomainSettings {
  /** Whether an ancestor account of the entity's account may read/change it (default true). */
  readonly allowParentAccess: boolean;
  /** Canceling an already canceled/failed package or instance: 200 no-op or 428 (default noop). */
  readonly cancelTwice: 'noop' | 'error';
}

/** What every domain operation gets: the state, the calling account and the settings. */
export interface OperationContext {
  readonly state: EmulatorState;
  /** The `wix-account-id` header. */
  readonly accountId: string;
  readonly settings: DomainSettings;
  /** Hears every change an operation makes (DomainEvents, webhooks, provisioning). */
  readonly emit?: PackageEventSink;
}
