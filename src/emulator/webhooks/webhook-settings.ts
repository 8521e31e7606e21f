import { WIX_RESEND_DELAYS_MS, WIX_WEBHOOK_TIMEOUT_MS } from './resend-schedule';

/**
 * Fault modes of delivery, each drawn per event from a seeded PRNG: `duplicateRate` sends an
 * event a second time (same event id and token), `outOfOrderRate` holds an event back until the
 * next one was sent (at most `holdMs`), `delayRate` delivers an event `delayMs` late (so later
 * events overtake it).
 */
export interface WebhookFaults {
  readonly duplicateRate: number;
  readonly outOfOrderRate: number;
  /** How long an out-of-order event waits for a successor before it goes anyway (default 1000). */
  readonly holdMs: number;
  readonly delayRate: number;
  readonly delayMs: number;
}

/** How and where the emulator delivers webhooks. */
export interface WebhookSettings {
  /** The receiver (`http:` or `https:`); without one, events are recorded but not sent. */
  readonly url: string | undefined;
  /** An answer must come within this many ms (default 1250, as at Wix). */
  readonly timeoutMs: number;
  /** The resend schedule (about 47 hours) is divided by this (default 3600: an hour per second). */
  readonly timeCompression: number;
  /** Resends after the first attempt (default 12, as at Wix; 0..12). */
  readonly maxResends: number;
  readonly faults: WebhookFaults;
  /** Seed of the fault draws (default 1). */
  readonly seed: number;
}

/** Settings as given: every field optional; `url: null` removes the receiver. */
export type WebhookSettingsInput = {
  readonly [K in keyof WebhookSettings]?: K extends 'faults'
    ? Partial<WebhookFaults>
    : K extends 'url'
      ? string | null
      : WebhookSettings[K];
};

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  url: undefined,
  timeoutMs: WIX_WEBHOOK_TIMEOUT_MS,
  timeCompression: 3600,
  maxResends: WIX_RESEND_DELAYS_MS.length,
  faults: { duplicateRate: 0, outOfOrderRate: 0, holdMs: 1000, delayRate: 0, delayMs: 0 },
  seed: 1,
};

const FIELDS = new Set(['url', 'timeoutMs', 'timeCompression', 'maxResends', 'faults', 'seed']);
const FAULT_FIELDS = new Set(['duplicateRate', 'outOfOrderRate', 'holdMs', 'delayRate', 'delayMs']);

/**
 * Applies `raw` (options, CLI or admin hook) over `base`; reports every problem, naming fields.
 */
export function mergeWebhookSettings(
  base: WebhookSettings,
  raw: unknown,
): { settings: WebhookSettings } | { problems: string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { problems: ['webhook settings must be an object'] };
  }
  const input = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(input)) if (!FIELDS.has(key)) problems.push(`unknown field ${key}`);

  let url = base.url;
  if (input.url === null) url = undefined;
  else if (input.url !== undefined) {
    if (typeof input.url === 'string' && isHttpUrl(input.url)) url = input.url;
    else problems.push('url must be an http: or https: URL (or null)');
  }
  const integer = (name: string, min: number, max: number, fallback: number): number => {
    const value = input[name];
    if (value === undefined) return fallback;
    if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) {
      return value as number;
    }
    problems.push(`${name} must be an integer in ${min}..${max}`);
    return fallback;
  };
  const timeoutMs = integer('timeoutMs', 1, 60_000, base.timeoutMs);
  const maxResends = integer('maxResends', 0, WIX_RESEND_DELAYS_MS.length, base.maxResends);
  const seed = integer('seed', -(2 ** 31), 2 ** 32 - 1, base.seed);
  let timeCompression = base.timeCompression;
  if (input.timeCompression !== undefined) {
    const value = input.timeCompression;
    if (typeof value === 'number' && value >= 1 && Number.isFinite(value)) timeCompression = value;
    else problems.push('timeCompression must be a number >= 1');
  }
  const faults = mergeFaults(base.faults, input.faults, problems);
  if (problems.length) return { problems };
  return { settings: { url, timeoutMs, timeCompression, maxResends, faults, seed } };
}

function mergeFaults(base: WebhookFaults, raw: unknown, problems: string[]): WebhookFaults {
  if (raw === undefined) return base;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push('faults must be an object');
    return base;
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!FAULT_FIELDS.has(key)) problems.push(`unknown field faults.${key}`);
  }
  const rate = (name: 'duplicateRate' | 'outOfOrderRate' | 'delayRate'): number => {
    const value = input[name];
    if (value === undefined) return base[name];
    if (typeof value === 'number' && value >= 0 && value <= 1) return value;
    problems.push(`faults.${name} must be a number in 0..1`);
    return base[name];
  };
  const millis = (name: 'holdMs' | 'delayMs'): number => {
    const value = input[name];
    if (value === undefined) return base[name];
    if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 3_600_000) {
      return value as number;
    }
    problems.push(`faults.${name} must be an integer in 0..3600000`);
    return base[name];
  };
  return {
    duplicateRate: rate('duplicateRate'),
    outOfOrderRate: rate('outOfOrderRate'),
    holdMs: millis('holdMs'),
    delayRate: rate('delayRate'),
    delayMs: millis('delayMs'),
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
