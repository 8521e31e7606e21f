import type { WixDomainEvent } from '../../wix/wire-types';

/** The most recent DomainEvents, oldest first (admin hook `GET /_emulator/events`). */
export class DomainEventLog {
  private readonly events: WixDomainEvent[] = [];

  constructor(private readonly capacity: number) {}

  append(event: WixDomainEvent): void {
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.shift();
  }

  list(): WixDomainEvent[] {
    return [...this.events];
  }

  clear(): void {
    this.events.length = 0;
  }
}
