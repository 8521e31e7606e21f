/** What the entity cache reports of its lookups (metrics); an observer must not throw. */
export const ENTITY_CACHE_LOOKUP_KINDS = ['package', 'instance', 'list'] as const;
export const ENTITY_CACHE_OUTCOMES = ['hit', 'miss', 'bypass'] as const;

export type EntityCacheLookupKind = (typeof ENTITY_CACHE_LOOKUP_KINDS)[number];
export type EntityCacheOutcome = (typeof ENTITY_CACHE_OUTCOMES)[number];

/** `count` lookups of `kind` ended as `outcome`. */
export type EntityCacheObserver = (
  kind: EntityCacheLookupKind,
  outcome: EntityCacheOutcome,
  count: number,
) => void;
