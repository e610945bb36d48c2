/**
 * Debian's Chromium driven by playwright-core, for the dashboard's
 * end-to-end tests and screenshots: one browser per test file, a fresh
 * context (cookies, storage) per page, and a record of every CSP violation
 * the page reports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The Chromium the tests drive (`.ci/run` installs Debian's package). */
export const CHROMIUM = process.env.TICKWORK_CHROMIUM ?? '/usr/bin/chromium';

/** Starts headless Chromium. Close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page in a new context, with what it reported about the CSP. */
export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** CSP violations: console messages and securitypolicyviolation events. */
  readonly cspViolations: string[];
  /** Console errors of any kind. */
  readonly consoleErrors: string[];
}

/** Opens a page that records CSP violations and console errors. */
export async function watchedPage(browser: Browser, options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  const consoleErrors: string[] = [];
  await page.exposeFunction('__reportCspViolation', (text: string) => void cspViolations.push(text));
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => window.__reportCspViolation(e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ' on ' + location.pathname + ' (' + e.sample + ')'));",
  });
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspViolations.push(message.text());
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { context, page, cspViolations, consoleErrors };
}

/** Saves `page` as `<dir>/<name>-light.png` and `-dark.png` (each after two frames in that scheme), then goes back to light. */
export async function screenshotLightAndDark(page: Page, options: { dir: string; name: string; fullPage?: boolean }): Promise<void> {
  fs.mkdirSync(options.dir, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    await page.screenshot({ path: path.join(options.dir, `${options.name}-${scheme}.png`), fullPage: options.fullPage ?? false });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
