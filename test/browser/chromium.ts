/**
 * Debian's Chromium (`/usr/bin/chromium`; `.ci/run` installs it when missing) driven by playwright-core, in a fresh
 * user-data-dir per launch. Every page's console errors and uncaught exceptions are collected so a test can require
 * none.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A phone-sized browser. */
export interface Browser {
  context: BrowserContext;
  /** Console errors and page errors of every page opened so far. */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  const userDataDir = mkdtempSync(join(tmpdir(), "chromium-profile-"));
  // headless comes from the flag above, so Playwright adds no headless mode of its own
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    args: FLAGS,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  return {
    context,
    errors,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One Chromium for a mocha suite (call inside `describe`): launched before it, closed after it, and every test that
 * passed must have left no console or page error. `session.browser` is the running browser.
 */
export function chromiumPerSuite(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(function () {
    const errors = browser?.errors.splice(0) ?? [];
    if (this.currentTest?.state === "passed") assert.deepEqual(errors, [], "the page logged errors");
  });
  return {
    get browser(): Browser {
      assert.ok(browser !== undefined, "Chromium is not running");
      return browser;
    },
  };
}
