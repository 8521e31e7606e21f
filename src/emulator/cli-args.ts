import type { FaultRule } from './faults/fault-rule';
import { parseFaultRules } from './faults/fault-rule';
import type { EmulatorOptions } from './options';
import { parseProvisioningSettings } from './provisioning/provisioning-settings';
import { DEFAULT_WEBHOOK_SETTINGS, mergeWebhookSettings } from './webhooks/webhook-settings';

/** Default port of the standalone emulator. */
export const DEFAULT_CLI_PORT = 8080;

/** Usage text printed for `--help` and on bad arguments. */
export const CLI_USAGE = `Usage: npm run emulator -- [options]
  --port <n>            port (default: EMULATOR_PORT or ${DEFAULT_CLI_PORT}; 0 = ephemeral)
  --host <addr>         interface (default 127.0.0.1)
  --seed demo|empty     initial data when no data file exists (default demo)
  --data-file <path>    persist state to this JSON file
  --faults '<json>'     fault rules, e.g. '[{"endpoint":"*","kind":"latency","latencyMs":50}]'
  --fault-seed <n>      PRNG seed for rate-based faults
Provisioning simulation (off unless --provisioning-delay-ms is given):
  --provisioning-delay-ms <n>        PENDING instances move on after n ms
  --provisioning-jitter-ms <n>       plus a random 0..n ms per instance (default 0)
  --provisioning-failed-share <x>    share (0..1) becoming FAILED (default 0)
  --provisioning-awaiting-share <x>  share (0..1) becoming AWAITING_ACTION (default 0)
  --provisioning-seed <n>            PRNG seed of the outcomes (default 1)
Webhooks (DomainEvents as signed JWTs, Wix's resend policy):
  --webhook-url <url>                receiver (also settable with PUT /_emulator/webhooks)
  --webhook-key-file <path>          RSA private key (PEM) to sign with (default: generated)
  --webhook-time-compression <x>     divide the ~47 h resend schedule by x (default 3600)
  --webhook-timeout-ms <n>           answer deadline (default 1250)
  --webhook-max-resends <n>          0..12 (default 12)
  --webhook-faults '<json>'          e.g. '{"duplicateRate":0.1,"outOfOrderRate":0.1,"delayRate":0.1,"delayMs":2000}'
  --webhook-seed <n>                 PRNG seed of the webhook faults (default 1)`;

/** Parsed command line: emulator options, or a reason to stop. */
export type CliParseResult =
  | {
      readonly kind: 'run';
      readonly options: EmulatorOptions;
      /** PEM file of the webhook signing key, read by the CLI before starting. */
      readonly webhookKeyFile?: string;
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly problems: string[] };

/**
 * Parses the standalone emulator's arguments (`--name value` or `--name=value`) and its one
 * environment variable, `EMULATOR_PORT`. Reports every problem at once.
 */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliParseResult {
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (!arg.startsWith('--')) {
      problems.push(`unexpected argument ${arg}`);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      values.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (i + 1 < argv.length) {
      values.set(arg.slice(2), argv[++i] as string);
    } else {
      problems.push(`${arg} needs a value`);
    }
  }
  const known = new Set([
    'port',
    'host',
    'seed',
    'data-file',
    'faults',
    'fault-seed',
    ...Object.keys(PROVISIONING_FLAGS),
    ...Object.keys(WEBHOOK_FLAGS),
    'webhook-key-file',
    'webhook-faults',
  ]);
  for (const name of values.keys()) if (!known.has(name)) problems.push(`unknown option --${name}`);

  const options: EmulatorOptions = { seed: 'demo' };
  const portText = values.get('port') ?? env.EMULATOR_PORT;
  options.port = DEFAULT_CLI_PORT;
  if (portText !== undefined) {
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      problems.push(`port must be an integer in 0..65535 (got ${portText})`);
    } else {
      options.port = port;
    }
  }
  const host = values.get('host');
  if (host !== undefined) options.host = host;
  const seed = values.get('seed');
  if (seed !== undefined) {
    if (seed === 'demo' || seed === 'empty') options.seed = seed;
    else problems.push(`--seed must be demo or empty (got ${seed})`);
  }
  const dataFile = values.get('data-file');
  if (dataFile !== undefined) options.dataFile = dataFile;
  const faults = values.get('faults');
  if (faults !== undefined) {
    const parsed = parseFaultsJson(faults);
    if (Array.isArray(parsed)) options.faults = parsed;
    else problems.push(...parsed.problems);
  }
  const faultSeed = values.get('fault-seed');
  if (faultSeed !== undefined) {
    const seedNumber = Number(faultSeed);
    if (!Number.isInteger(seedNumber)) problems.push(`--fault-seed must be an integer`);
    else options.faultSeed = seedNumber;
  }
  parseProvisioningFlags(values, options, problems);
  parseWebhookFlags(values, options, problems);
  const webhookKeyFile = values.get('webhook-key-file');
  if (problems.length) return { kind: 'error', problems };
  return webhookKeyFile === undefined
    ? { kind: 'run', options }
    : { kind: 'run', options, webhookKeyFile };
}

/** Flag → settings field, for the numeric provisioning flags. */
const PROVISIONING_FLAGS: Readonly<Record<string, string>> = {
  'provisioning-delay-ms': 'delayMs',
  'provisioning-jitter-ms': 'jitterMs',
  'provisioning-failed-share': 'failedShare',
  'provisioning-awaiting-share': 'awaitingActionShare',
  'provisioning-seed': 'seed',
};

/** Flag → settings field, for the webhook flags with one value. */
const WEBHOOK_FLAGS: Readonly<Record<string, string>> = {
  'webhook-url': 'url',
  'webhook-time-compression': 'timeCompression',
  'webhook-timeout-ms': 'timeoutMs',
  'webhook-max-resends': 'maxResends',
  'webhook-seed': 'seed',
};

/** Collects flags into a settings object; numbers parsed, everything else left as text. */
function collect(
  values: ReadonlyMap<string, string>,
  flags: Readonly<Record<string, string>>,
  textFields: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(flags)) {
    const text = values.get(flag);
    if (text === undefined) continue;
    raw[field] = textFields.has(field) || text.trim() === '' ? text : Number(text);
  }
  return raw;
}

function parseProvisioningFlags(
  values: ReadonlyMap<string, string>,
  options: EmulatorOptions,
  problems: string[],
): void {
  const raw = collect(values, PROVISIONING_FLAGS);
  if (Object.keys(raw).length === 0) return;
  if (raw.delayMs === undefined) {
    problems.push('--provisioning-* options need --provisioning-delay-ms');
    return;
  }
  const parsed = parseProvisioningSettings(raw);
  if ('problems' in parsed) problems.push(...parsed.problems.map((p) => `provisioning: ${p}`));
  else options.provisioning = parsed.settings;
}

function parseWebhookFlags(
  values: ReadonlyMap<string, string>,
  options: EmulatorOptions,
  problems: string[],
): void {
  const raw = collect(values, WEBHOOK_FLAGS, new Set(['url']));
  const faultsText = values.get('webhook-faults');
  if (faultsText !== undefined) {
    try {
      raw.faults = JSON.parse(faultsText) as unknown;
    } catch {
      problems.push('--webhook-faults must be JSON');
    }
  }
  if (Object.keys(raw).length === 0 && faultsText === undefined) return;
  const merged = mergeWebhookSettings(DEFAULT_WEBHOOK_SETTINGS, raw);
  if ('problems' in merged) {
    problems.push(...merged.problems.map((p) => `webhooks: ${p}`));
    return;
  }
  const { url, ...rest } = merged.settings;
  options.webhooks = url === undefined ? rest : { ...rest, url };
}

function parseFaultsJson(text: string): FaultRule[] | { problems: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problems: ['--faults must be JSON'] };
  }
  const parsed = parseFaultRules(raw);
  return 'rules' in parsed
    ? parsed.rules
    : { problems: parsed.problems.map((p) => `--faults ${p}`) };
}
