/**
 * Command line: prints an HS256 development token in the gateway's claims contract.
 *
 *   node dist/src/auth/mint-dev-token.js --secret <≥32 bytes> --account <GUID> \
 *     [--scope "packages:read packages:write"] [--ttl 3600] [--sub-accounts <GUID,GUID>] \
 *     [--issuer <iss>] [--audience <aud>] [--subject <sub>]
 *
 * `--secret-file <path>` reads the secret from a file (trailing newline dropped) instead, which
 * keeps it out of shell history and the process list. Exit code 2 on bad arguments.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mintToken, type MintTokenOptions } from './mint-token';
import { SCOPE } from './scopes';

const USAGE =
  'usage: mint-dev-token (--secret <secret> | --secret-file <path>) --account <GUID> ' +
  '[--scope "<scopes>"] [--ttl <seconds>] [--sub-accounts <GUID,...>] [--issuer <iss>] ' +
  '[--audience <aud>] [--subject <sub>]';

/** Turns command-line arguments into mint options; throws `Error` with a usage message. */
export function mintOptionsFromArgs(args: readonly string[]): MintTokenOptions {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
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
  const secret =
    values['secret-file'] !== undefined
      ? readFileSync(values['secret-file'], 'utf8').replace(/\r?\n$/, '')
      : values.secret;
  if (secret === undefined || values.account === undefined) throw new Error(USAGE);
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
    const token = await mintToken(mintOptionsFromArgs(process.argv.slice(2)));
    process.stdout.write(`${token}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) void main();
