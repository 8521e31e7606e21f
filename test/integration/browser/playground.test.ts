/**
 * The playground in a real browser: headless Chromium loads /playground from a running gateway
 * (demo data), GraphiQL renders from the gateway's own assets, the default query runs, and
 * the result pane shows the same data the API returns directly. Nothing leaves the machine.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PLAYGROUND_DEFAULT_QUERY } from '../../../src/playground/playground-page';
import {
  CHROMIUM_PATH,
  isChromiumInstalled,
  isLocalUrl,
  launchHeadlessChromium,
  type HeadlessChromium,
} from '../../helpers/headless-chromium';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const SCREENSHOT_PATH = join(__dirname, '../../../artifacts/playground.png');
const inCI = process.env.CI === 'true';

interface RecentPackages {
  packages: {
    totalCount: number | null;
    edges: { node: { id: string; externalId: string | null } }[];
  };
}

/**
 * The full text of GraphiQL's result editor: CodeMirror renders only the visible lines, so the
 * DOM text is not the whole result. (A string expression: the project compiles without DOM types.)
 */
async function resultPaneText(page: Page): Promise<string> {
  return page.evaluate<string>(
    "document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? ''",
  );
}

const describeWithChromium = isChromiumInstalled() || inCI ? describe : describe.skip;

describeWithChromium('playground in headless Chromium', () => {
  let gateway: TestGateway;
  let browser: HeadlessChromium | undefined;

  beforeAll(async () => {
    if (!isChromiumInstalled()) {
      throw new Error(
        `${CHROMIUM_PATH} is missing: the browser test needs Debian's Chromium (apt-get install -y chromium); .ci/run installs it`,
      );
    }
    gateway = await startTestGateway({ seed: 'demo' });
    browser = await launchHeadlessChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('runs the default query and shows the API data, with no request leaving the machine', async () => {
    const direct = await gateway.graphql<RecentPackages>(PLAYGROUND_DEFAULT_QUERY);
    expect(direct.body.errors).toBeUndefined();
    const expected = direct.body.data as RecentPackages;
    expect(expected.packages.edges.length).toBe(5);
    const newest = expected.packages.edges[0].node;

    const context = (browser as HeadlessChromium).context;
    const requestedUrls: string[] = [];
    const pageErrors: string[] = [];
    // Record every request; let only local ones through, so a stray CDN URL fails fast.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      requestedUrls.push(url);
      if (isLocalUrl(url)) await route.continue();
      else await route.abort('blockedbyclient');
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const response = await page.goto(`${gateway.url}/playground`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);

    const runButton = page.locator('button.graphiql-execute-button');
    await runButton.waitFor({ state: 'visible', timeout: 20_000 });
    await expect(page.locator('.graphiql-query-editor .CodeMirror').innerText()).resolves.toContain(
      'RecentPackages',
    );

    const graphqlPost = page.waitForResponse(
      (candidate) =>
        candidate.url() === `${gateway.url}/graphql` &&
        candidate.request().method() === 'POST' &&
        (candidate.request().postData() ?? '').includes('RecentPackages'),
    );
    await runButton.click();
    expect((await graphqlPost).status()).toBe(200);
    await page
      .locator('.graphiql-response', { hasText: newest.id })
      .waitFor({ state: 'visible', timeout: 15_000 });

    const shown = JSON.parse(await resultPaneText(page)) as { data: RecentPackages };
    expect(shown.data).toEqual(expected);
    const visibleText = await page.locator('.graphiql-response').innerText();
    expect(visibleText).toContain('"packages"');
    expect(visibleText).toContain(newest.id);

    await mkdir(join(SCREENSHOT_PATH, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT_PATH });

    expect(pageErrors).toEqual([]);
    expect(requestedUrls).toContain(`${gateway.url}/playground/assets/graphiql.min.js`);
    expect(requestedUrls.filter((url) => !isLocalUrl(url))).toEqual([]);
  }, 60_000);
});
