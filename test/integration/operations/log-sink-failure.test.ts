/**
 * Logging never blocks serving or stopping: the gateway runs as a real process with its stdout
 * piped to this test, and the reader of that pipe stalls (a log shipper that hangs: the pipe
 * fills up) or goes away (the pipe closes). In both cases the gateway keeps answering, and
 * SIGTERM stops it within the grace period.
 */
import { spawnGateway, waitUntilServing, type GatewayProcess } from '../../helpers/gateway-process';

const GRACE_MS = 2_000;
/** Generous: a loaded 2-core machine; the point is "exits", against "never exits". */
const EXIT_WITHIN_MS = GRACE_MS + 8_000;

/** Sends `count` small GraphQL requests, `concurrency` at a time; each writes one access-log line. */
async function sendRequests(url: string, count: number, concurrency = 20): Promise<number[]> {
  const statuses: number[] = [];
  // A long (but log-safe) request id and operation name make each access-log line ~450 bytes,
  // so the pipe's buffer fills after a few hundred requests.
  const requestId = 'r'.repeat(120);
  const body = JSON.stringify({
    query: `query ${'Q'.repeat(60)} { __typename }`,
    operationName: 'Q'.repeat(60),
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': requestId },
          body,
        });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
    }),
  );
  return statuses;
}

let gateway: GatewayProcess | undefined;

afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
});

it('keeps serving and stops on SIGTERM when the reader of stdout stalls (a full pipe)', async () => {
  gateway = await spawnGateway({ SHUTDOWN_GRACE_MS: String(GRACE_MS) });
  await waitUntilServing(gateway);
  gateway.process.stdout?.pause();

  // Far more log output than the pipe holds: the gateway's writes meet a full pipe.
  const statuses = await sendRequests(gateway.url, 800);
  expect(statuses.filter((status) => status !== 200)).toEqual([]);

  gateway.process.kill('SIGTERM');
  expect(await gateway.exited(EXIT_WITHIN_MS)).toEqual({ code: 0, signal: null });
}, 120_000);

it('keeps serving and stops on SIGTERM when the reader of stdout is gone (a closed pipe)', async () => {
  gateway = await spawnGateway({ SHUTDOWN_GRACE_MS: String(GRACE_MS) });
  await waitUntilServing(gateway);
  gateway.process.stdout?.destroy();

  const statuses = await sendRequests(gateway.url, 200);
  expect(statuses.filter((status) => status !== 200)).toEqual([]);

  gateway.process.kill('SIGTERM');
  expect(await gateway.exited(EXIT_WITHIN_MS)).toEqual({ code: 0, signal: null });
}, 120_000);
