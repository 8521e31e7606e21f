/**
 * Emulator + gateway like `startTestGateway`, but over an emulator that remembers no
 * idempotency key at all (`idempotencyTtlMs: 0`): the deterministic form of "Wix forgot the
 * key between the first attempt and the retry", with no timing window to hit.
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config/config';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { createGateway } from '../../../src/gateway';
import { createLogger } from '../../../src/logging/logger';
import { TEST_API_KEY } from '../../helpers/test-gateway';

export interface ForgetfulGateway {
  readonly emulator: RunningEmulator;
  graphql(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: Record<string, unknown> | null; errors?: unknown[] }>;
  close(): Promise<void>;
}

/** Starts the pair acting as `accountId`, with the test gateway's fast retry settings. */
export async function startForgetfulGateway(accountId: string): Promise<ForgetfulGateway> {
  const emulator = await startEmulator({ seed: 'empty', idempotencyTtlMs: 0 });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    WIX_ACCOUNT_ID: accountId,
    UPSTREAM_RETRY_BASE_DELAY_MS: '5',
    UPSTREAM_RETRY_MAX_DELAY_MS: '20',
    REQUEST_DEADLINE_MS: '4000',
    SHUTDOWN_GRACE_MS: '2000',
  });
  const gateway = await createGateway({
    config,
    upstreamUrl: emulator.url,
    apiKey: TEST_API_KEY,
    logger: createLogger('silent', new Writable({ write: (_chunk, _encoding, done) => done() })),
  });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    emulator,
    async graphql(query, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as {
        data?: Record<string, unknown> | null;
        errors?: unknown[];
      };
    },
    async close() {
      await gateway.close();
      await emulator.close();
    },
  };
}
