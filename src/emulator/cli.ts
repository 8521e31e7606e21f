/**
 * Standalone emulator: `npm run emulator -- --port 8080 --seed demo`. Prints the URL and the
 * demo accounts (the `wix-account-id` values to call it with), and shuts down gracefully
 * (flushing the data file) on SIGINT/SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import { CLI_USAGE, parseCliArgs } from './cli-args';
import { FIXTURE_ACCOUNTS } from './fixtures/accounts';
import { FIXTURE_SITES } from './fixtures/sites';
import { startEmulator } from './index';

/** The fixture accounts (in every seed) with their sites: what to put in `wix-account-id`. */
function demoAccountsText(): string {
  const lines = FIXTURE_ACCOUNTS.map((account) => {
    const parent = FIXTURE_ACCOUNTS.find((candidate) => candidate.id === account.parentAccountId);
    const sites = FIXTURE_SITES.filter((site) => site.accountId === account.id)
      .map((site) => `${site.id} (${site.name ?? 'site'})`)
      .join(', ');
    return (
      `  ${(account.name ?? '').padEnd(15)} ${account.id}` +
      `${parent ? ` (sub-account of ${parent.name ?? parent.id})` : ''}\n` +
      `  ${''.padEnd(15)} sites: ${sites}\n`
    );
  });
  return `Demo accounts (send one as the wix-account-id header):\n${lines.join('')}`;
}

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`${parsed.problems.join('\n')}\n\n${CLI_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const webhookPrivateKeyPem =
    parsed.webhookKeyFile === undefined ? undefined : await readFile(parsed.webhookKeyFile, 'utf8');
  const emulator = await startEmulator({
    ...parsed.options,
    ...(webhookPrivateKeyPem !== undefined && { webhookPrivateKeyPem }),
  });
  process.stdout.write(
    `Wix Packages API emulator listening on ${emulator.url} (seed: ${parsed.options.seed}` +
      `${parsed.options.dataFile ? `, data file: ${parsed.options.dataFile}` : ''})\n` +
      `Admin hooks: ${emulator.url}/_emulator/stats\n` +
      `Webhooks: ${emulator.control.webhookSettings().url ?? 'no receiver (PUT /_emulator/webhooks)'}` +
      `, public key at ${emulator.url}/_emulator/webhooks/public-key\n` +
      demoAccountsText(),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
