/**
 * The start-up banner lists only what the process serves: every URL it prints for the gateway
 * answers (none is a 404), the playground's URL appears only when the playground is on
 * (`NODE_ENV=production` turns it off), and in production the operational endpoints are on
 * the operations port. Checked on a real process's stdout.
 */
import { TEST_JWT_SECRET } from '../../helpers/auth-tokens';
import { freePort, spawnGateway, type GatewayProcess } from '../../helpers/gateway-process';

/** Waits for the banner (from its first line to the blank line that ends it) on stdout. */
async function bannerOf(gateway: GatewayProcess, withinMs = 30_000): Promise<string> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const banner = /packages-gateway is up\n[\s\S]*?\n\n/.exec(gateway.stdout());
    if (banner) return banner[0];
    if ((await gateway.exited(0)) !== undefined || Date.now() > deadline) {
      throw new Error(`no banner on stdout:\n${gateway.stdout()}\n${gateway.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Each URL the banner says the gateway serves (the embedded emulator's line aside), with the
 * status a GET of it answers, as `[path, status]`.
 */
async function statusesOfServedUrls(banner: string): Promise<[string, number][]> {
  const urls = banner
    .split('\n')
    .filter((line) => !line.trim().startsWith('Emulator:'))
    .flatMap((line) => [...line.matchAll(/https?:\/\/\S+/g)].map((match) => match[0]));
  return Promise.all(
    urls.map(async (url): Promise<[string, number]> => {
      const response = await fetch(url, { redirect: 'manual' });
      await response.arrayBuffer();
      return [new URL(url).pathname, response.status];
    }),
  );
}

let gateway: GatewayProcess | undefined;
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
});

it('in production, prints no playground URL, and every URL it prints is served', async () => {
  gateway = await spawnGateway({
    NODE_ENV: 'production',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    OPS_PORT: String(await freePort()),
  });
  const banner = await bannerOf(gateway);
  expect(banner).not.toContain('/playground');
  const statuses = await statusesOfServedUrls(banner);
  expect(statuses.map(([path]) => path)).toEqual(['/graphql', '/readyz', '/metrics']);
  expect(statuses.filter(([, status]) => status === 404)).toEqual([]);
}, 60_000);

it('in development, prints the playground URL, which is served', async () => {
  gateway = await spawnGateway({ NODE_ENV: 'development' });
  const banner = await bannerOf(gateway);
  const statuses = await statusesOfServedUrls(banner);
  expect(statuses).toContainEqual(['/playground', 200]);
  expect(statuses.filter(([, status]) => status === 404)).toEqual([]);
}, 60_000);
