/**
 * Command line: prints an HS256 development token in the gateway's claims contract.
 *
 *   node dist/src/auth/mint-dev-token.js --secret <≥32 bytes> --account <GUID> \
 *     [--scope "packages:read packages:write"] [--ttl 3600] [--sub-accounts <GUID,GUID>] \
 *     [--issuer <iss>] [--audience <aud>] [--subject <sub>]
 *
 * `--secret-file <path>` reads the secret from a file (trailing newline dropped) instead, which
 * keeps it out of shell history and the process list; `--development` signs with the
 * development key that a gateway in development mode accepts. `--help` prints the usage.
 * Exit code 2 on bad arguments.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEVELOPMENT_TOKEN_SECRET } from './development-token';
import { mintToken, type MintTokenOptions } from './mint-token';
import { SCOPE } from './scopes';

export const MINT_USAGE = `usage: mint-dev-token (--secret <secret> | --secret-file <path> | --development)
                      --account <GUID> [options]
  --secret <secret>         the gateway's AUTH_JWT_SECRET (at least 32 bytes)
  --secret-file <path>      read that secret from a file (keeps it out of the process list)
  --development             sign with the development key (a gateway in development mode:
                            embedded emulator, no AUTH_JWT_* setting)
  --account <GUID>          the Wix account the token acts for (claim accountId)
  --scope "<scopes>"        space-separated (default "packages:read packages:write")
  --ttl <seconds>           lifetime (default 3600)
  --sub-accounts <GUID,...> sub-accounts readable with the scope packages:read:subaccounts
  --issuer <iss>, --audience <aud>, --subject <sub>   standard claims
  --help                    this text`;

/**
 * Turns command-line arguments into mint options, or `'help'` for `--help`; throws `Error` with
 * a usage message on bad arguments.
 */
export function mintOptionsFromArgs(args: readonly string[]): MintTokenOptions | 'help' {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      development: { type: 'boolean' },
      secret: { type: 'string' },
      'secret-file': { type: 'string' },
      account: { type: 'string' },
      scope: { type: 'string', default: `${SCOPE.read} ${SCOPE.write}` },
      ttl: { type: 'string', default: '3600' },
      'sub-accounts': { type: 'string' },
      issuer: { type: 'string' },
      audience: { type: 'string' },
      subject: { type: 'string' },
    },
  });
  if (values.help === true) return 'help';
  const secretSources = [values.secret, values['secret-file'], values.development].filter(
    (value) => value !== undefined,
  );
  if (secretSources.length > 1) {
    throw new Error(`give only one of --secret, --secret-file, --development\n${MINT_USAGE}`);
  }
  const secret =
    values.development === true
      ? DEVELOPMENT_TOKEN_SECRET
      : values['secret-file'] !== undefined
        ? readFileSync(values['secret-file'], 'utf8').replace(/\r?\n$/, '')
        : values.secret;
  if (secret === undefined || values.account === undefined) throw new Error(MINT_USAGE);
  const ttlSec = Number(values.ttl);
  if (!Number.isInteger(ttlSec) || ttlSec <= 0) throw new Error('--ttl must be a positive integer');
  return {
    secret,
    accountId: values.account,
    scopes: values.scope ?? '',
    ttlSec,
    ...(values['sub-accounts'] === undefined
      ? {}
      : { subAccountIds: values['sub-accounts'].split(',').map((id) => id.trim()) }),
    ...(values.issuer === undefined ? {} : { issuer: values.issuer }),
    ...(values.audience === undefined ? {} : { audience: values.audience }),
    ...(values.subject === undefined ? {} : { subject: values.subject }),
  };
}

async function main(): Promise<void> {
  try {
    const options = mintOptionsFromArgs(process.argv.slice(2));
    if (options === 'help') {
      process.stdout.write(`${MINT_USAGE}\n`);
      return;
    }
    process.stdout.write(`${await mintToken(options)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) void main();
