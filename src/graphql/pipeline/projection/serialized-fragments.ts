/**
 * The JSON text of a mapped object's projection, made once and kept on the object. Requests
 * joined by one coalesced read (or answered from one cached entity) share their mapped
 * objects, and each serialised every one of them again: `JSON.stringify` was the largest part of
 * a page's or fifty aliases' answer. Now the first request to project an object with a given
 * projector stores the text (and the response-budget charge the object's lists made) on the
 * object, and the others copy it into their answer.
 *
 * Only an object carrying its own verified-leaves mark (verified-leaves.ts) is a candidate: the
 * mark says a mapper made it (a copy carries the mark but is not the object it names), and mapped
 * objects are never changed in place, so the same projector gives the same text every time.
 * The texts live as long as the object; an object keeps at most `MAX_FRAGMENTS` of them (one
 * per operation shape that selected it). A text is about the size of the object's JSON, so a
 * package the entity cache holds for its TTL (the same wire object served to every request)
 * costs at most two such texts more, beside its parsed and mapped objects, whatever number of
 * operations read it.
 */

import type { ProjectionState } from './compile-projection';

/** Where an object keeps its texts: not enumerable, so no copy, spread or JSON sees them. */
const FRAGMENTS: unique symbol = Symbol('serialised projections');

/** Texts kept per object; past it, projections of the object are serialised each time. */
export const MAX_FRAGMENTS = 2;

interface Fragment {
  readonly projector: unknown;
  readonly json: string;
  readonly charge: number;
}

type Projector = (source: object, state: ProjectionState) => unknown;

type FragmentHolder = { [FRAGMENTS]?: Fragment[] };

/**
 * `JSON.stringify(project(source, state))`, made once per object and projector; `state` is
 * charged what `project` charges, whether the text is made or reused.
 */
export function serializedFragment(
  source: object,
  project: Projector,
  state: ProjectionState,
): string {
  const holder = source as FragmentHolder;
  const kept = holder[FRAGMENTS];
  if (kept !== undefined) {
    for (const fragment of kept) {
      if (fragment.projector === project) {
        state.charge += fragment.charge;
        return fragment.json;
      }
    }
  }
  const before = state.charge;
  const json = JSON.stringify(project(source, state));
  const fragment = { projector: project, json, charge: state.charge - before };
  if (kept === undefined) {
    Object.defineProperty(holder, FRAGMENTS, { value: [fragment], writable: false });
  } else if (kept.length < MAX_FRAGMENTS) {
    kept.push(fragment);
  }
  return json;
}
