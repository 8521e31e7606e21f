import { getAlpha2Codes } from 'i18n-iso-countries';

/** The maintained ISO 3166-1 alpha-2 list, not a pattern: `XX` has the shape but no country. */
const ALPHA2_CODES: ReadonlySet<string> = new Set(Object.keys(getAlpha2Codes()));

/**
 * The upper-case ISO 3166-1 alpha-2 code for `value` (`br` → `BR`), or `undefined` when it is
 * not one. The upstream requires upper case.
 */
export function normalizeCountryCode(value: string): string | undefined {
  const upper = value.toUpperCase();
  return /^[A-Z]{2}$/.test(upper) && ALPHA2_CODES.has(upper) ? upper : undefined;
}
