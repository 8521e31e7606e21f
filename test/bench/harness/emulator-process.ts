/**
 * Child-process entry that runs the emulator for the bench: `startEmulator` on 127.0.0.1 with
 * the `empty` seed, plus a counter of the API requests it receives, read by the parent over
 * IPC (`{type: 'calls'}` → `{type: 'calls', total, byEndpoint}`).
 *
 * The emulator's request log is a bounded ring buffer and its `stats` carry no monotonic
 * request counter, so the count is taken where every API request is logged
 * (`RequestLog.prototype.append`; admin calls are never logged, so they are not counted).
 *
 * Arguments: --port=N (required).
 */
import { startEmulator } from '../../../src/emulator';
import { RequestLog, type RequestLogEntry } from '../../../src/emulator/request-log';
import { exitWhenOrphaned } from './orphan-guard';

const byEndpoint: Record<string, number> = {};
let total = 0;

function endpointOf(entry: RequestLogEntry): string {
  const path = entry.path.split('?')[0] ?? '';
  if (entry.method === 'POST' && path.endsWith('/packages/query')) return 'queryPackages';
  if (entry.method === 'POST' && path.endsWith('/packages')) return 'createPackage';
  if (entry.method === 'GET') return 'getPackage';
  return `${entry.method} other`;
}

const originalAppend = RequestLog.prototype.append;
RequestLog.prototype.append = function countingAppend(entry: RequestLogEntry) {
  total++;
  const endpoint = endpointOf(entry);
  byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
  return originalAppend.call(this, entry);
};

async function main(): Promise<void> {
  exitWhenOrphaned();
  const portArg = process.argv.find((arg) => arg.startsWith('--port='));
  const port = Number(portArg?.slice('--port='.length));
  if (!port) throw new Error('--port=N is required');
  const emulator = await startEmulator({ port, host: '127.0.0.1', seed: 'empty' });
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'calls') process.send?.({ type: 'calls', total, byEndpoint });
  });
  process.stdout.write(`bench emulator listening on ${emulator.url}\n`);
  const stop = (): void => {
    emulator.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench emulator failed: ${(error as Error).message}\n`);
  process.exit(1);
});
