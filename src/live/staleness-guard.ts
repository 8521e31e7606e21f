/**
 * The staleness guard of the change feed: events arrive out of order (Wix resends late, the
 * watcher and the gateway's own writes report the same change from other sides), and a
 * subscriber must never be shown a state older than one it may already have been shown.
 *
 * Changes to one package are ordered by the package's `updatedDate` when the event carries the
 * package (the state's own clock, comparable across every source), and then by `order` (the
 * DomainEvent's entityEventSequence) among events of equal date; an event without a package is
 * ordered by `order` alone. An event is admitted unless it is older than the newest admitted one
 * of its package, or repeats it (same state, kind and instance: one change seen twice).
 */
import type { PackageChangeEvent } from './package-change';

interface LastAdmitted {
  /** `updatedDate` of the newest admitted state, epoch ms; undefined when none carried one. */
  readonly updatedMs: number | undefined;
  readonly order: number | undefined;
  /** `kind` + instance of the admitted events at `updatedMs` (repeats of them are dropped). */
  readonly changesAtDate: Set<string>;
}

export interface StalenessGuard {
  /** True when `event` may be delivered (and records it); false when it is stale or a repeat. */
  admit(event: PackageChangeEvent): boolean;
}

/** How many packages the guard remembers (least recently changed forgotten first). */
export const DEFAULT_GUARD_CAPACITY = 10_000;

function updatedMsOf(event: PackageChangeEvent): number | undefined {
  if (event.package === undefined) return undefined;
  const ms = Date.parse(event.package.updatedDate);
  return Number.isFinite(ms) ? ms : undefined;
}

/** `order` when it is a sequence of its own, not the package's date restated. */
function sequenceOf(event: PackageChangeEvent, updatedMs: number | undefined): number | undefined {
  return event.order !== undefined && event.order !== updatedMs ? event.order : undefined;
}

function newest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.max(a, b);
}

function changeKey(event: PackageChangeEvent): string {
  return `${event.kind}:${event.productInstanceId?.toLowerCase() ?? ''}`;
}

/** Creates a guard remembering the last admitted change of up to `capacity` packages. */
export function createStalenessGuard(capacity = DEFAULT_GUARD_CAPACITY): StalenessGuard {
  const last = new Map<string, LastAdmitted>();

  function remember(packageId: string, entry: LastAdmitted): void {
    // Re-inserting moves the package to the end: the map is in least-recently-changed order.
    last.delete(packageId);
    last.set(packageId, entry);
    if (last.size > capacity) {
      const oldest = last.keys().next();
      if (!oldest.done) last.delete(oldest.value);
    }
  }

  return {
    admit(event) {
      const packageId = event.packageId.toLowerCase();
      const updatedMs = updatedMsOf(event);
      const sequence = sequenceOf(event, updatedMs);
      const previous = last.get(packageId);
      if (previous === undefined) {
        remember(packageId, {
          updatedMs,
          order: sequence,
          changesAtDate: new Set([changeKey(event)]),
        });
        return true;
      }
      if (updatedMs !== undefined && previous.updatedMs !== undefined) {
        if (updatedMs < previous.updatedMs) return false;
        if (updatedMs > previous.updatedMs) {
          remember(packageId, {
            updatedMs,
            order: sequence,
            changesAtDate: new Set([changeKey(event)]),
          });
          return true;
        }
        // The same state: older by sequence, or the same change again, is dropped.
        if (sequence !== undefined && previous.order !== undefined && sequence < previous.order) {
          return false;
        }
        const key = changeKey(event);
        if (previous.changesAtDate.has(key)) return false;
        previous.changesAtDate.add(key);
        remember(packageId, {
          updatedMs,
          order: newest(sequence, previous.order),
          changesAtDate: previous.changesAtDate,
        });
        return true;
      }
      // No comparable dates: the sequence decides when both have one; otherwise admit.
      const order = sequence ?? event.order;
      if (order !== undefined && previous.order !== undefined && order < previous.order) {
        return false;
      }
      remember(packageId, {
        updatedMs: updatedMs ?? previous.updatedMs,
        order: order ?? previous.order,
        changesAtDate:
          updatedMs === undefined ? previous.changesAtDate : new Set([changeKey(event)]),
      });
      return true;
    },
  };
}
