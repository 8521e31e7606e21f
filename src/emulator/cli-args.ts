import type { FaultRule } from './faults/fault-rule';
import { parseFaultRules } from './faults/fault-rule';
import type { EmulatorOptions } from './options';

/** Default port of the standalone emulator. */
export const DEFAULT_CLI_PORT = 8080;

/** Usage text printed for `--help` and on bad arguments. */
export const CLI_USAGE = `Usage: npm run emulator -- [options]
  --port <n>            port (default: EMULATOR_PORT or ${DEFAULT_CLI_PORT}; 0 = ephemeral)
  --host <addr>         interface (default 127.0.0.1)
  --seed demo|empty     initial data when no data file exists (default demo)
  --data-file <path>    persist state to this JSON file
  --faults '<json>'     fault rules, e.g. '[{"endpoint":"*","kind":"latency","latencyMs":50}]'
  --fault-seed <n>      PRNG seed for rate-based faults`;

/** Parsed command line: emulator options, or a reason to stop. */
export type CliParseResult =
  | { readonly kind: 'run'; readonly options: EmulatorOptions }
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
  const known = new Set(['port', 'host', 'seed', 'data-file', 'faults', 'fault-seed']);
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
  return problems.length ? { kind: 'error', problems } : { kind: 'run', options };
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
