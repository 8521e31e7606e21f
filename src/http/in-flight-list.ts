/**
 * The objects in flight (responses being handled), linked through the objects themselves.
 *
 * Not a `Set`: a long-lived `Set` or `Map` with an add and a delete per request makes V8
 * replace its backing table every few requests, and each replaced table keeps its entries and
 * a pointer to its successor. Once one table is in the old generation (after any full
 * collection), the young-generation collector keeps every later table alive through that chain,
 * and with them every entry they held: every request's response was promoted, and full
 * collections followed one another (the bench's `single` after one forced full collection:
 * 1.2 MB promoted per scavenge and six full collections in 5 s, against 6-12 KB without the
 * `Set`). Links on the objects themselves hold only what is in flight, and a removed object
 * points at nothing.
 */
const PREVIOUS: unique symbol = Symbol('previous in flight');
const NEXT: unique symbol = Symbol('next in flight');

interface Linked {
  [PREVIOUS]?: Linked | undefined;
  [NEXT]?: Linked | undefined;
}

export class InFlightList<T extends object> {
  private head: Linked | undefined;

  /** Adds `item` (not in the list yet). */
  add(item: T): void {
    const linked = item as Linked;
    linked[PREVIOUS] = undefined;
    linked[NEXT] = this.head;
    if (this.head !== undefined) this.head[PREVIOUS] = linked;
    this.head = linked;
  }

  /** Removes `item`; nothing if it is not in the list. */
  delete(item: T): void {
    const linked = item as Linked;
    const previous = linked[PREVIOUS];
    const next = linked[NEXT];
    if (previous !== undefined) previous[NEXT] = next;
    else if (this.head === linked) this.head = next;
    else return;
    if (next !== undefined) next[PREVIOUS] = previous;
    linked[PREVIOUS] = undefined;
    linked[NEXT] = undefined;
  }

  /** Empties the list, returning what it held (newest first). */
  drain(): T[] {
    const items: T[] = [];
    for (let item = this.head; item !== undefined;) {
      const next = item[NEXT];
      item[PREVIOUS] = undefined;
      item[NEXT] = undefined;
      items.push(item as T);
      item = next;
    }
    this.head = undefined;
    return items;
  }
}
