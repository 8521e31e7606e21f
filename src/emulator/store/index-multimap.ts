/**
 * A value → package-ids map. Most values (an `externalId`, a `siteId`) name one package, so a
 * lone id is stored as a string and only promoted to a Set when a second one arrives; at
 * 100,000 packages that avoids 100,000 one-element Sets.
 */
export class IdMultimap {
  private readonly groups = new Map<string, string | Set<string>>();

  add(value: string, id: string): void {
    const group = this.groups.get(value);
    if (group === undefined) this.groups.set(value, id);
    else if (typeof group === 'string') {
      if (group !== id) this.groups.set(value, new Set([group, id]));
    } else group.add(id);
  }

  delete(value: string, id: string): void {
    const group = this.groups.get(value);
    if (group === undefined) return;
    if (typeof group === 'string') {
      if (group === id) this.groups.delete(value);
      return;
    }
    group.delete(id);
    if (group.size === 1) this.groups.set(value, group.values().next().value as string);
  }

  /** The ids holding `value`. A live set may be returned: do not modify it. */
  get(value: string): ReadonlySet<string> | undefined {
    const group = this.groups.get(value);
    return typeof group === 'string' ? new Set([group]) : group;
  }

  clear(): void {
    this.groups.clear();
  }
}
