/**
 * Launches the system's Debian Chromium through playwright-core for browser tests. The machine
 * has no internet: the flags below switch off every background fetch Chromium would otherwise
 * make (and wait on), and each launch gets a fresh, throw-away profile directory.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where `apt-get install chromium` puts the browser; `.ci/run` installs it in CI. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const OFFLINE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface HeadlessChromium {
  /** The browser's only context (persistent, in the temp profile). */
  readonly context: BrowserContext;
  /** Closes the browser and deletes its profile directory. */
  close(): Promise<void>;
}

/** True when the system Chromium is installed. */
export function isChromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Starts one headless Chromium with a fresh profile in a temp directory. Playwright's
 * `launchPersistentContext` is the supported way to pass a profile (it refuses
 * `--user-data-dir` in `args`).
 */
export async function launchHeadlessChromium(): Promise<HeadlessChromium> {
  const profileDir = await mkdtemp(join(tmpdir(), 'packages-gateway-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...OFFLINE_FLAGS],
      viewport: { width: 1400, height: 900 },
      timeout: 30_000,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profileDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
}

/** True for a URL that names this machine (127.0.0.0/8, localhost, [::1]) or needs no network. */
export function isLocalUrl(rawUrl: string): boolean {
  const url = new URL(rawUrl);
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') {
    return true;
  }
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
