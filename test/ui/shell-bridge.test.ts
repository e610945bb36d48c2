/**
 * The desktop app's native actions in the dashboard, in Chromium against the
 * real daemon: a recording stand-in for `window.tickworkShell` (built, like
 * the preload, from the contract's method list) is injected before the
 * page's scripts; the Logs view's "Reveal in folder", the Health view's
 * "Open in editor" and the Preferences view call it with the right params.
 * Without it (a browser), none of those buttons exist and Preferences says
 * whose settings these are. With TICKWORK_SCREENSHOTS=DIR it also saves the
 * Preferences view in light and dark.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { launchBrowser, watchedPage, type WatchedPage, screenshotLightAndDark } from '../helpers/browser.js';
import { SHELL_METHODS } from '../../shared/shell-contract.js';
import type { DesktopPreferences } from '../../shared/shell-preferences.js';

const SHOTS = process.env.TICKWORK_SCREENSHOTS;

const PROJECT = `
name: desk
pipelines:
  prices: {command: ["sh", "-c", "echo prices"]}
`;

let world: TempWorld;
let daemon: TestDaemon;
let browser: Browser;
let app: WatchedPage;
let plain: WatchedPage;
const calls: Array<[string, unknown]> = [];
let prefs: DesktopPreferences = { launchAtLogin: false, keepRunningOnQuit: true, notify: {} };
let nextOutcome: unknown = { done: true };

/** What the stand-in answers: the preferences it keeps, or the outcome set for the next native action. */
function answer(method: string, params: unknown): unknown {
  calls.push([method, params]);
  if (method === 'getPreferences') return prefs;
  if (method === 'setPreferences') return (prefs = { ...prefs, ...(params as Partial<DesktopPreferences>) });
  const outcome = nextOutcome;
  nextOutcome = { done: true };
  return outcome;
}

async function signIn(page: Page): Promise<void> {
  const ui = await tickwork(world.home, ['ui', '--no-open']);
  await page.goto(ui.stdout.trim());
  await page.getByRole('status', { name: 'Live: connected to the daemon' }).waitFor();
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await screenshotLightAndDark(page, { dir: SHOTS, name });
}

beforeAll(async () => {
  world = tempWorld();
  world.writeProject(PROJECT);
  [daemon, browser] = await Promise.all([startDaemon(world.home, world.project), launchBrowser()]);
  expect((await tickwork(world.home, ['run', 'prices', '--project', world.project, '--wait'])).code).toBe(0);
  app = await watchedPage(browser);
  await app.page.exposeFunction('__tickworkShellCall', (method: string, params: unknown) => answer(method, params));
  // The stand-in: one function per contract method, each handing its params to the test (what the preload does over IPC).
  await app.page.addInitScript({
    content: `window.tickworkShell = Object.freeze(Object.fromEntries(${JSON.stringify(SHELL_METHODS)}.map((method) => [method, (params) => window.__tickworkShellCall(method, params)])));`,
  });
  plain = await watchedPage(browser);
  await Promise.all([signIn(app.page), signIn(plain.page)]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (daemon && daemon.child.exitCode === null && daemon.child.signalCode === null) daemon.child.kill('SIGKILL');
});

describe('the desktop shell bridge in the dashboard', () => {
  it("reveals the shown attempt's log from the Logs view, and shows the problem the app answers", async () => {
    const { page } = app;
    await page.goto(`http://127.0.0.1:${daemon.port}/runs/1/tasks/prices`);
    await page.getByRole('heading', { level: 1, name: /^Log of prices/ }).waitFor();
    const reveal = page.getByRole('toolbar', { name: 'Log tools' }).getByRole('button', { name: 'Reveal in folder' });
    await page.getByRole('heading', { level: 1, name: 'Log of prices run 1, attempt 1' }).waitFor();
    calls.length = 0;
    await reveal.click();
    await expect.poll(() => calls).toEqual([['revealLog', { run: 1, task: 'prices', attempt: 1 }]]);

    nextOutcome = { done: false, problem: 'the log of prices (attempt 1) in run 1 is not on disk yet' };
    await reveal.click();
    await page.getByRole('alert').filter({ hasText: 'the log of prices (attempt 1) in run 1 is not on disk yet' }).waitFor();
    await shoot(page, 'logs-reveal');
  });

  it("opens a config problem's tickwork.yaml at its line and column from the Health view", async () => {
    const { page } = app;
    await page.goto(`http://127.0.0.1:${daemon.port}/health`);
    await page.getByText('Every served tickwork.yaml is valid.').waitFor();
    world.writeProject(PROJECT.replace('prices: {command: ["sh", "-c", "echo prices"]}', 'prices: {command: ["sh", "-c", "echo prices"], retries: lots}'));
    const open = page.getByRole('list', { name: /^Problems in .*tickwork\.yaml$/ }).getByRole('button', { name: /^Open .*tickwork\.yaml:\d+:\d+ in editor$/ });
    await open.waitFor({ timeout: 20_000 });
    const [, line, column] = /:(\d+):(\d+) in editor$/.exec((await open.getAttribute('aria-label')) ?? '')!;
    await shoot(page, 'health-open-in-editor');
    calls.length = 0;
    await open.click();
    await expect.poll(() => calls).toEqual([['openInEditor', { file: path.join(world.project, 'tickwork.yaml'), line: Number(line), column: Number(column) }]]);
    expect(Number(line)).toBe(3);
    world.writeProject(PROJECT);
    await page.getByText('Every served tickwork.yaml is valid.').waitFor({ timeout: 20_000 });
  });

  it('reads and changes the desktop preferences, one switch per alert kind', async () => {
    const { page } = app;
    prefs = { launchAtLogin: false, keepRunningOnQuit: true, notify: { stale: false } };
    calls.length = 0;
    await page.goto(`http://127.0.0.1:${daemon.port}/preferences`);
    await page.getByRole('heading', { level: 1, name: 'Preferences' }).waitFor();
    const kinds = page.getByRole('group', { name: 'Desktop notifications' }).getByRole('switch');
    await kinds.first().waitFor();
    const states = await Promise.all((await kinds.all()).map(async (s) => `${await s.innerText()} ${await s.getAttribute('aria-checked')}`));
    expect(states).toEqual(['Run failed true', 'Retries exhausted true', 'Stale false', 'Stuck true', 'Long-running true', 'Config invalid true']);
    expect(calls).toEqual([['getPreferences', {}]]);
    await shoot(page, 'preferences');

    await page.getByRole('switch', { name: 'Run failed' }).click();
    await expect.poll(() => page.getByRole('switch', { name: 'Run failed' }).getAttribute('aria-checked')).toBe('false');
    await page.getByRole('switch', { name: 'Launch at login' }).click();
    await expect.poll(() => page.getByRole('switch', { name: 'Launch at login' }).getAttribute('aria-checked')).toBe('true');
    await page.getByRole('switch', { name: 'Keep running on quit' }).click();
    await page.getByText('Quitting stops the daemon the app started').waitFor();
    expect(calls.slice(1)).toEqual([
      ['setPreferences', { notify: { stale: false, run_failed: false } }],
      ['setPreferences', { launchAtLogin: true }],
      ['setPreferences', { keepRunningOnQuit: false }],
    ]);
    expect(prefs).toEqual({ launchAtLogin: true, keepRunningOnQuit: false, notify: { stale: false, run_failed: false } });
    expect(app.cspViolations).toEqual([]);
  });

  it('leaves the native buttons out in a browser, and says whose settings Preferences are', async () => {
    const { page } = plain;
    await page.goto(`http://127.0.0.1:${daemon.port}/runs/1/tasks/prices`);
    await page.getByRole('heading', { level: 1, name: 'Log of prices run 1, attempt 1' }).waitFor();
    await page.getByRole('toolbar', { name: 'Log tools' }).getByRole('link', { name: 'Download' }).waitFor();
    expect(await page.getByRole('button', { name: 'Reveal in folder' }).count()).toBe(0);
    await page.goto(`http://127.0.0.1:${daemon.port}/preferences`);
    await page.getByText(/These are the settings of the Tickwork desktop app/).waitFor();
    expect(await page.getByRole('switch').count()).toBe(0);
    await shoot(page, 'preferences-browser');
    expect(plain.cspViolations).toEqual([]);
  });
});
