import { getAlpha2Codes } from 'i18n-iso-countries';

const alpha2Codes = new Set(Object.keys(getAlpha2Codes()));

/**
 * contract: emulator rules, a decision where Wix documents nothing: a country code must be an official ISO-3166-1 alpha-2 code in upper case
 * (`BR`, not `br` or `BRA`).
 */
export function isAlpha2CountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && alpha2Codes.has(value);
}
