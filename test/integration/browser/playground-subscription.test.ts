/**
 * A live update arriving in the playground: headless Chromium runs a `packageChanged`
 * subscription from GraphiQL (over the gateway's WebSocket, from its own offline assets), a
 * package is created through the API, and the change appears in the result pane.
 */
import type { Page } from 'playwright-core';
import {
  CHROMIUM_PATH,
  isChromiumInstalled,
  isLocalUrl,
  launchHeadlessChromium,
  type HeadlessChromium,
} from '../../helpers/headless-chromium';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';
import { CREATE_PACKAGE, premiumInput } from '../mutations/mutation-documents';

const inCI = process.env.CI === 'true';
const describeWithChromium = isChromiumInstalled() || inCI ? describe : describe.skip;

const SUBSCRIPTION =
  'subscription Live { packageChanged { kind package { id instanceCounts { pending } } } }';

async function resultPaneText(page: Page): Promise<string> {
  return page.evaluate<string>(
    "document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? ''",
  );
}

describeWithChromium('playground subscriptions in headless Chromium', () => {
  let gateway: TestGateway;
  let browser: HeadlessChromium | undefined;

  beforeAll(async () => {
    if (!isChromiumInstalled()) throw new Error(`${CHROMIUM_PATH} is missing`);
    gateway = await startTestGateway({ seed: 'demo', env: { WIX_WATCH_INTERVAL_MS: '0' } });
    browser = await launchHeadlessChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('shows a change pushed over the WebSocket in the result pane', async () => {
    const context = (browser as HeadlessChromium).context;
    const pageErrors: string[] = [];
    await context.route('**/*', async (route) => {
      if (isLocalUrl(route.request().url())) await route.continue();
      else await route.abort('blockedbyclient');
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${gateway.url}/playground`, { waitUntil: 'load' });
    const runButton = page.locator('button.graphiql-execute-button');
    await runButton.waitFor({ state: 'visible', timeout: 20_000 });
    await page.evaluate(
      `document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(${JSON.stringify(SUBSCRIPTION)})`,
    );
    // GraphiQL takes the operation name from the editor a moment after a change, so a click
    // right after setValue may run the previous document: click again until the
    // subscription is registered (a finished query run leaves the button ready to click).
    const deadline = Date.now() + 30_000;
    let nextClick = 0;
    while (gateway.gateway.live.feed.subscriptionCount() < 1) {
      if (Date.now() > deadline) throw new Error('the playground did not subscribe');
      if (Date.now() >= nextClick) {
        await runButton.click();
        nextClick = Date.now() + 2_000;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const created = await gateway.graphql<{ createPackage: { package: { id: string } } }>(
      CREATE_PACKAGE,
      { input: premiumInput() },
    );
    const id = created.body.data?.createPackage.package.id;
    expect(id).toBeDefined();
    await page
      .locator('.graphiql-response', { hasText: id as string })
      .waitFor({ state: 'visible', timeout: 15_000 });
    const shown = JSON.parse(await resultPaneText(page)) as {
      data: { packageChanged: { kind: string; package: { id: string; instanceCounts: object } } };
    };
    expect(shown.data.packageChanged).toEqual({
      kind: 'CREATED',
      package: { id, instanceCounts: { pending: 1 } },
    });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
