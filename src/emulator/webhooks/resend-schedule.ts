/**
 * Wix's resend policy for webhooks: an answer other than 2xx, or none within the timeout
 * (1250 ms), is retried, up to 12 times over about 47 hours (the docs give the count and span,
 * not the steps; the steps below are ours and sum to 46 h 46 min).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Wait before resend n (index 0 = before the first resend), in real (uncompressed) time. */
export const WIX_RESEND_DELAYS_MS: readonly number[] = [
  1 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  1 * HOUR,
  2 * HOUR,
  3 * HOUR,
  5 * HOUR,
  7 * HOUR,
  8 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

/** Wix's answer timeout. */
export const WIX_WEBHOOK_TIMEOUT_MS = 1250;

/**
 * The wait before resend `resend` (1-based), divided by `timeCompression` (3600 turns an hour
 * into a second), at least 1 ms; undefined past the last resend.
 */
export function resendDelayMs(resend: number, timeCompression: number): number | undefined {
  const real = WIX_RESEND_DELAYS_MS[resend - 1];
  return real === undefined ? undefined : Math.max(1, Math.round(real / timeCompression));
}
