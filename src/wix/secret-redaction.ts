/**
 * The last line of defence for upstream text: whatever the upstream answers (an error's
 * message, codes, field violations and request id, or any value of a 2xx body) may echo what
 * the gateway sent it, the `Authorization` header with the API key included. Every answer is
 * read through a redactor that knows the key, in the one place answers enter the gateway
 * (upstream-response.ts), so no layer above ever holds the key. The layers above still show
 * only what they can vouch for; this catches what they miss.
 */

/** What replaces a secret. Brackets, so it never passes a check for a plain identifier. */
export const REDACTED = '[redacted]';

/**
 * Shorter secrets are not redacted: replacing a few common characters in every answer would
 * corrupt the data, and a key that short protects nothing (a Wix API key is hundreds long).
 */
export const MIN_REDACTED_LENGTH = 8;

/** Returns `text` with every occurrence of a known secret replaced by `REDACTED`. */
export type Redact = (text: string) => string;

export interface SecretRedactor {
  readonly redact: Redact;
  /** True when raw JSON `text` carries a secret (as written, or JSON-escaped). */
  carriedBy(text: string): boolean;
}

/** A redactor for `secrets` (too short ones are ignored, see `MIN_REDACTED_LENGTH`). */
export function createRedactor(secrets: readonly string[]): SecretRedactor {
  const known = secrets.filter((secret) => secret.length >= MIN_REDACTED_LENGTH);
  // A secret holding `"`, `\` or `/` may appear escaped in JSON text.
  const spellings = [
    ...new Set(known.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)])),
  ];
  return {
    redact: (text) =>
      known.reduce(
        (result, secret) =>
          result.includes(secret) ? result.split(secret).join(REDACTED) : result,
        text,
      ),
    carriedBy: (text) => spellings.some((spelling) => text.includes(spelling)),
  };
}

/**
 * `value` (parsed JSON) with `redact` applied to every string value in it, as a new value.
 * Object keys are structure, not text, and are kept.
 */
export function redactDeep(value: unknown, redact: Redact): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)]),
    );
  }
  return value;
}
