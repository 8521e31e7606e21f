/**
 * What a newcomer meets first, in a real browser (headless Chromium): opening `/graphql` lands
 * on the playground with the Docs pane open; the playground says who requests act as and
 * switches among the demo accounts in one click; with authentication on it says what is missing
 * and offers ready tokens; and a page served from another loopback origin (a frontend's dev
 * server) calls a development gateway with Apollo Client and renders the answer.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../../src/emulator/fixtures/accounts';
import {
  frontendPageHtml,
  FRONTEND_QUERY,
  type FrontendPackages,
} from '../../helpers/frontend-apollo-page';
import {
  startFrontendPageServer,
  type FrontendPageServer,
} from '../../helpers/frontend-page-server';
import {
  CHROMIUM_PATH,
  isChromiumInstalled,
  isLocalUrl,
  launchHeadlessChromium,
  type HeadlessChromium,
} from '../../helpers/headless-chromium';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway';

const inCI = process.env.CI === 'true';
const describeWithChromium = isChromiumInstalled() || inCI ? describe : describe.skip;

const WHO_AM_I = 'query WhoAmI { packages(first: 1) { edges { node { accountId } } } }';

/** The full text of GraphiQL's result editor (CodeMirror renders only the visible lines). */
async function resultPaneText(page: Page): Promise<string> {
  return page.evaluate<string>(
    "document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? ''",
  );
}

/** Replaces the query editor's text (GraphiQL 3 keeps it in CodeMirror 5). */
async function setQuery(page: Page, query: string): Promise<void> {
  await page.evaluate(
    `document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(${JSON.stringify(query)})`,
  );
}

/**
 * Runs the editor's operation and waits for the result pane to hold `expected`. GraphiQL takes
 * the operation name from the editor a moment after a change (and may still be loading the
 * schema on a loaded machine): a click before that sends the previous name, so the click is
 * repeated until a POST naming WhoAmI goes out, within a generous deadline.
 */
async function runAndWaitFor(page: Page, expected: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const sent = page
      .waitForRequest(
        (request) =>
          request.url().endsWith('/graphql') &&
          request.method() === 'POST' &&
          (JSON.parse(request.postData() ?? '{}') as { operationName?: string }).operationName ===
            'WhoAmI',
        { timeout: 5_000 },
      )
      .then(
        () => true,
        () => false,
      );
    await page.locator('button.graphiql-execute-button').click();
    if (await sent) break;
    if (Date.now() > deadline) throw new Error('the playground never sent the operation');
  }
  await page
    .locator('.graphiql-response', { hasText: expected })
    .waitFor({ state: 'visible', timeout: 45_000 })
    .catch(async (error: unknown) => {
      throw new Error(`${String(error)}; the result pane shows: ${await resultPaneText(page)}`);
    });
  return resultPaneText(page);
}

/** A fresh page that may reach only this machine, collecting uncaught page errors. */
async function localPage(context: BrowserContext, pageErrors: string[]): Promise<Page> {
  await context.route('**/*', async (route) => {
    if (isLocalUrl(route.request().url())) await route.continue();
    else await route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

describeWithChromium('first contact in headless Chromium', () => {
  let browser: HeadlessChromium | undefined;

  beforeAll(async () => {
    if (!isChromiumInstalled()) {
      throw new Error(
        `${CHROMIUM_PATH} is missing: the browser test needs Debian's Chromium (apt-get install -y chromium); .ci/run installs it`,
      );
    }
    browser = await launchHeadlessChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  describe('a development gateway (no AUTH_JWT_* setting)', () => {
    let gateway: TestGateway;
    let frontend: FrontendPageServer | undefined;

    beforeAll(async () => {
      gateway = await startTestGateway({ seed: 'demo', env: { NODE_ENV: 'development' } });
    }, 60_000);

    afterAll(async () => {
      await frontend?.close();
      await gateway?.close();
    });

    it('sends a browser opening /graphql to the playground, Docs pane open', async () => {
      const pageErrors: string[] = [];
      const page = await localPage((browser as HeadlessChromium).context, pageErrors);
      try {
        const response = await page.goto(`${gateway.url}/graphql`, { waitUntil: 'load' });
        expect(response?.status()).toBe(200);
        expect(page.url()).toBe(`${gateway.url}/playground`);
        await page
          .locator('button.graphiql-execute-button')
          .waitFor({ state: 'visible', timeout: 20_000 });
        await page.locator('.graphiql-doc-explorer').waitFor({ state: 'visible', timeout: 20_000 });
        expect(pageErrors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 60_000);

    it('says who requests act as and switches demo accounts in one click', async () => {
      const pageErrors: string[] = [];
      const page = await localPage((browser as HeadlessChromium).context, pageErrors);
      try {
        await page.goto(`${gateway.url}/playground`, { waitUntil: 'load' });
        await page
          .locator('button.graphiql-execute-button')
          .waitFor({ state: 'visible', timeout: 20_000 });
        await expect(page.locator('#acting-as').innerText()).resolves.toContain(
          `Demo Reseller (${DEMO_ACCOUNTS.reseller})`,
        );

        await setQuery(page, WHO_AM_I);
        expect(await runAndWaitFor(page, DEMO_ACCOUNTS.reseller)).toContain(
          `"accountId": "${DEMO_ACCOUNTS.reseller}"`,
        );

        for (const [name, accountId] of [
          ['Customer A', DEMO_ACCOUNTS.customerA],
          ['Customer B', DEMO_ACCOUNTS.customerB],
          ['Other Reseller', DEMO_ACCOUNTS.otherReseller],
        ] as const) {
          await page.locator('#identity-choices button', { hasText: name }).click();
          await expect(page.locator('#acting-as').innerText()).resolves.toContain(
            `${name} (${accountId})`,
          );
          const shown = JSON.parse(await runAndWaitFor(page, accountId)) as {
            data: { packages: { edges: { node: { accountId: string } }[] } };
          };
          expect(shown.data.packages.edges[0]?.node.accountId).toBe(accountId);
          const token = await page.locator('#identity-token').inputValue();
          const direct = await gateway.graphql(WHO_AM_I, undefined, {
            authorization: `Bearer ${token}`,
          });
          expect(direct.body.data).toEqual(shown.data);
        }

        // The choice survives a reload (a developer's session keeps its identity).
        await page.reload({ waitUntil: 'load' });
        await expect(page.locator('#acting-as').innerText()).resolves.toContain('Other Reseller');
        expect(pageErrors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 300_000);

    it('answers a page on another loopback origin calling with Apollo Client', async () => {
      frontend = await startFrontendPageServer(frontendPageHtml(`${gateway.url}/graphql`));
      expect(frontend.origin).not.toBe(gateway.url);
      const direct = await gateway.graphql<FrontendPackages>(FRONTEND_QUERY);
      expect(direct.body.errors).toBeUndefined();
      const expected = (direct.body.data as FrontendPackages).packages.edges.map(
        (edge) => edge.node.id,
      );
      expect(expected.length).toBe(3);

      const pageErrors: string[] = [];
      const page = await localPage((browser as HeadlessChromium).context, pageErrors);
      try {
        // Chromium sends the CORS preflight itself (not visible to the page); the POST that
        // follows is, and the browser hands its answer to the page only with this header.
        const answer = page.waitForResponse(
          (candidate) =>
            candidate.url() === `${gateway.url}/graphql` && candidate.request().method() === 'POST',
        );
        await page.goto(frontend.origin, { waitUntil: 'load' });
        expect((await answer).headers()['access-control-allow-origin']).toBe(frontend.origin);
        await page.locator('#packages li').nth(2).waitFor({ state: 'attached', timeout: 20_000 });
        expect(await page.locator('#packages li').allInnerTexts()).toEqual(expected);
        await expect(page.locator('#error').innerText()).resolves.toBe('');
        expect(pageErrors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 60_000);
  });

  describe('a gateway with authentication on (AUTH_JWT_SECRET)', () => {
    let gateway: TestGateway;

    beforeAll(async () => {
      gateway = await startTestGateway({
        seed: 'demo',
        env: { NODE_ENV: 'development', AUTH_JWT_SECRET: 'a-local-secret-of-at-least-32-bytes!!' },
      });
    }, 60_000);

    afterAll(async () => {
      await gateway?.close();
    });

    it('says what is missing and where the token goes, and offers ready tokens', async () => {
      const pageErrors: string[] = [];
      const page = await localPage((browser as HeadlessChromium).context, pageErrors);
      try {
        await page.goto(`${gateway.url}/playground`, { waitUntil: 'load' });
        const notice = page.locator('#auth-notice');
        await notice.waitFor({ state: 'visible', timeout: 20_000 });
        await expect(notice.innerText()).resolves.toMatch(/Authorization: Bearer/);
        await expect(notice.innerText()).resolves.toMatch(/Headers tab/);
        await expect(page.locator('#acting-as').innerText()).resolves.toContain('nobody');
        // The schema fetch was refused for want of a token, and the page says so.
        await page
          .locator('#auth-notice', { hasText: 'missing_token' })
          .waitFor({ state: 'visible', timeout: 20_000 });

        await page.locator('#identity-choices button', { hasText: 'Customer A' }).click();
        await page
          .locator('button.graphiql-execute-button')
          .waitFor({ state: 'visible', timeout: 20_000 });
        await setQuery(page, WHO_AM_I);
        expect(await runAndWaitFor(page, DEMO_ACCOUNTS.customerA)).toContain(
          `"accountId": "${DEMO_ACCOUNTS.customerA}"`,
        );
        await expect(notice.isHidden()).resolves.toBe(true);
        expect(pageErrors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 180_000);
  });
});
