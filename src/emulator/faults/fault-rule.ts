import { WIX_ENDPOINTS, type WixEndpoint } from '../../wix/wire-types';

/** Names of the API endpoints a fault can target: the API's own (the V1 create counts as `createPackage`). */
export const EMULATOR_ENDPOINTS = WIX_ENDPOINTS;
export type EmulatorEndpoint = WixEndpoint;

/** What a fault does to a matching request. */
export type FaultKind =
  /** Wait `latencyMs` before processing normally (several latency rules add up). */
  | 'latency'
  /** Answer `status` (500 or 503) with the empty 5xx body; nothing applied. */
  | 'error'
  /** Answer 429 with `Retry-After: retryAfterSeconds`; nothing applied. */
  | 'rateLimit'
  /** Destroy the socket before processing; nothing applied. */
  | 'dropBefore'
  /** Process the request (the write IS applied), then destroy the socket: "response lost". */
  | 'dropAfter'
  /** Never answer, until the client gives up or the emulator closes. Nothing applied. */
  | 'hang';

/**
 * One fault-injection rule. It fires either with probability `rate` (0..1, drawn from the
 * PRNG seeded by `faultSeed`), or for the next `times` matching requests and then disarms.
 * With neither, it fires on every matching request.
 */
export interface FaultRule {
  readonly endpoint: EmulatorEndpoint | '*';
  readonly kind: FaultKind;
  readonly rate?: number;
  readonly times?: number;
  /** For `latency`. */
  readonly latencyMs?: number;
  /** For `error`: 500 (default) or 503. */
  readonly status?: 500 | 503;
  /** For `rateLimit`: the `Retry-After` value in seconds (default 1). */
  readonly retryAfterSeconds?: number;
}

const KINDS: readonly FaultKind[] = [
  'latency',
  'error',
  'rateLimit',
  'dropBefore',
  'dropAfter',
  'hang',
];

/**
 * Checks untrusted fault rules (from the CLI, an admin call or options).
 * @returns the rules, or a list of problems
 */
export function parseFaultRules(input: unknown): { rules: FaultRule[] } | { problems: string[] } {
  const list = Array.isArray(input)
    ? input
    : typeof input === 'object' &&
        input !== null &&
        Array.isArray((input as { rules?: unknown }).rules)
      ? (input as { rules: unknown[] }).rules
      : undefined;
  if (!list) return { problems: ['faults must be an array of rules (or {"rules": [...]})'] };
  const problems: string[] = [];
  list.forEach((raw, index) => problems.push(...ruleProblems(raw, `rules[${index}]`)));
  return problems.length ? { problems } : { rules: list as FaultRule[] };
}

function ruleProblems(raw: unknown, path: string): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return [`${path} must be an object`];
  const rule = raw as Record<string, unknown>;
  const problems: string[] = [];
  const endpoint = rule.endpoint;
  if (endpoint !== '*' && !EMULATOR_ENDPOINTS.includes(endpoint as EmulatorEndpoint)) {
    problems.push(`${path}.endpoint must be '*' or one of ${EMULATOR_ENDPOINTS.join(', ')}`);
  }
  if (!KINDS.includes(rule.kind as FaultKind)) {
    problems.push(`${path}.kind must be one of ${KINDS.join(', ')}`);
  }
  if (rule.rate !== undefined && rule.times !== undefined) {
    problems.push(`${path}: give either rate or times, not both`);
  }
  if (
    rule.rate !== undefined &&
    !(typeof rule.rate === 'number' && rule.rate >= 0 && rule.rate <= 1)
  ) {
    problems.push(`${path}.rate must be a number in 0..1`);
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && (rule.times as number) >= 0)) {
    problems.push(`${path}.times must be a non-negative integer`);
  }
  if (rule.kind === 'latency' && !(typeof rule.latencyMs === 'number' && rule.latencyMs >= 0)) {
    problems.push(`${path}.latencyMs must be a non-negative number for latency faults`);
  }
  if (rule.status !== undefined && rule.status !== 500 && rule.status !== 503) {
    problems.push(`${path}.status must be 500 or 503`);
  }
  if (
    rule.retryAfterSeconds !== undefined &&
    !(Number.isInteger(rule.retryAfterSeconds) && (rule.retryAfterSeconds as number) >= 0)
  ) {
    problems.push(`${path}.retryAfterSeconds must be a non-negative integer`);
  }
  return problems;
}
