/**
 * Alerts, Health, the command palette and the keyboard shortcuts end to
 * end: the real daemon on a temp home, Debian's Chromium, only roles and
 * accessible names. With TICKWORK_SCREENSHOTS=DIR it also saves Alerts,
 * Health (with a config problem), the palette and the cheat sheet in light
 * and dark.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { launchBrowser, watchedPage, type WatchedPage, screenshotLightAndDark } from '../helpers/browser.js';

const require = createRequire(import.meta.url);
const SHOTS = process.env.TICKWORK_SCREENSHOTS;

// New York, whatever zone the machine running the test is in: "until tomorrow 06:00" is the exchange's morning.
const PROJECT = `
name: watch
timezone: America/New_York
pipelines:
  prices: {command: ["sh", "-c", "echo prices"]}
  broken: {command: ["sh", "-c", "echo 'Traceback: KeyError close' >&2; exit 3"]}
  flaky: {command: ["sh", "-c", "exit 1"]}
`;

let world: TempWorld;
let daemon: TestDaemon;
let browser: Browser;
let tab: WatchedPage;
const children: ChildProcess[] = [];
const timings: Record<string, number> = {};

/** Runs TARGET through the daemon and waits for it to end. */
async function run(target: string): Promise<number | null> {
  const result = await tickwork(world.home, ['run', target, '--project', world.project, '--date', '2024-03-01', '--wait']);
  return result.code;
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await screenshotLightAndDark(page, { dir: SHOTS, name });
}

beforeAll(async () => {
  world = tempWorld();
  world.writeProject(PROJECT);
  [daemon, browser] = await Promise.all([startDaemon(world.home, world.project), launchBrowser()]);
  children.push(daemon.child);
  tab = await watchedPage(browser);
  const ui = await tickwork(world.home, ['ui', '--no-open']);
  await tab.page.goto(ui.stdout.trim());
  await tab.page.getByRole('status', { name: 'Live: connected to the daemon' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (Object.keys(timings).length) console.log('alerts-health timings (ms):', JSON.stringify(timings));
});

describe('Alerts, Health, the command palette and the shortcuts in Chromium', () => {
  it('shows a failing run’s alert live in Alerts, and the bell’s count goes up', async () => {
    const { page } = tab;
    const bell = page.getByRole('banner').getByRole('link', { name: /^Alerts, \d+ open$/ });
    await bell.waitFor();
    expect(await bell.getAttribute('aria-label')).toBe('Alerts, 0 open');
    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/alerts');
    await page.getByText('No open alerts.').waitFor();

    expect(await run('broken')).toBe(1);
    const ended = Date.now();
    const row = page.getByRole('table', { name: 'Open alerts' }).getByRole('row', { name: /broken failed/ });
    await row.waitFor();
    timings.alertVisibleAfterRunEnded = Date.now() - ended;
    await page.getByRole('link', { name: 'Alerts, 1 open' }).waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual(expect.arrayContaining(['error', 'broken', '2024-03-01', '1×', 'open', 'Run 1']));
    expect(await row.innerText()).toContain('Run failed');
  });

  it('acknowledges one alert and snoozes another until tomorrow 06:00 in the project’s zone; both stay open', async () => {
    const { page } = tab;
    const open = page.getByRole('table', { name: 'Open alerts' });
    const broken = open.getByRole('row', { name: /broken failed/ });
    const started = Date.now();
    await broken.getByRole('button', { name: 'Acknowledge' }).click();
    await broken.getByRole('cell', { name: 'acknowledged' }).waitFor();
    timings.acknowledgeShown = Date.now() - started;
    expect(await broken.getByRole('button', { name: 'Acknowledge' }).isDisabled()).toBe(true);

    expect(await run('flaky')).toBe(1);
    const flaky = open.getByRole('row', { name: /flaky failed/ });
    await flaky.waitFor();
    await page.getByRole('link', { name: 'Alerts, 2 open' }).waitFor();
    await flaky.getByRole('button', { name: /^Snooze/ }).click();
    const menu = page.getByRole('menu', { name: 'Snooze' });
    await menu.getByRole('menuitem', { name: 'For 1 hour' }).waitFor();
    await menu.getByRole('menuitem', { name: /^Until tomorrow 06:00 \(\w{3} 06:00 E[SD]T\)$/ }).click(); // the project's zone
    await flaky.getByRole('cell', { name: /^snoozed until \w{3} 06:00 E[SD]T$/ }).waitFor();

    // The engine holds the truth: a fresh page shows the same.
    await page.reload();
    await open.getByRole('row', { name: /flaky failed/ }).getByRole('cell', { name: /^snoozed until/ }).waitFor();
    await open.getByRole('row', { name: /broken failed/ }).getByRole('cell', { name: 'acknowledged' }).waitFor();
    await shoot(page, 'alerts');

    await open.getByRole('row', { name: /broken failed/ }).getByRole('link', { name: 'Run 1' }).click();
    await page.getByRole('heading', { level: 1, name: /^Run 1/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/runs/1');
  });

  it('shows the store integrity, then an invalid tickwork.yaml’s problem as file:line:col with the last-good-config note, live', async () => {
    const { page } = tab;
    await page.goto(`http://127.0.0.1:${daemon.port}/health`);
    await page.getByRole('heading', { level: 1, name: 'Health' }).waitFor();
    const store = page.getByRole('definition').filter({ hasText: 'integrity' });
    expect(await store.innerText()).toMatch(/^integrity ok\n[\d.]+ [MG]iB · .*tickwork\.db/);
    await page.getByText('Every served tickwork.yaml is valid.').waitFor();
    await page.getByRole('table', { name: 'Pipeline health of watch' }).getByRole('row', { name: /^broken never — 100% of 1/ }).waitFor();

    const started = Date.now();
    world.writeProject(PROJECT.replace('flaky: {command: ["sh", "-c", "exit 1"]}', 'flaky: {command: ["sh", "-c", "exit 1"], retries: lots}'));
    const problems = page.getByRole('list', { name: /^Problems in .*tickwork\.yaml$/ });
    await problems.waitFor({ timeout: 20_000 });
    timings.configProblemShown = Date.now() - started;
    const problem = await problems.getByRole('listitem').first().innerText();
    expect(problem).toMatch(/tickwork\.yaml:6:\d+\s+pipelines\.flaky\.retries\s+\S/);
    await page.getByText('The daemon keeps using the last good config of this file until the edit is fixed.').waitFor();
    await shoot(page, 'health');

    world.writeProject(PROJECT);
    await page.getByText('Every served tickwork.yaml is valid.').waitFor({ timeout: 20_000 });
  });

  it('opens the palette with Ctrl+K: a pipeline’s name and Enter opens its runs; “run NAME” and Enter starts a run and opens it', async () => {
    const { page } = tab;
    await page.goto(`http://127.0.0.1:${daemon.port}/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    const field = palette.getByRole('combobox', { name: 'Jump to a view, pipeline or run, or start a run' });
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Jump to a view, pipeline or run, or start a run'); // focus is in the field
    await field.pressSequentially('prices');
    await palette.getByRole('menuitem', { name: /^prices/ }).waitFor();
    await shoot(page, 'palette');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/runs\?pipeline=prices$/);
    expect(await palette.count()).toBe(0);
    await page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();

    await page.keyboard.press('Control+k');
    await palette.getByRole('combobox').fill('run prices');
    await palette.getByRole('menuitem', { name: /^Run prices now/ }).waitFor();
    const started = Date.now();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/runs\/3$/);
    await page.getByRole('heading', { level: 1, name: /^Run 3/ }).waitFor();
    timings.paletteTriggerToRunPage = Date.now() - started;
    await page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: /^prices target succeeded/ }).waitFor({ timeout: 20_000 });

    // A run by its id, and Escape closes without doing anything.
    await page.keyboard.press('Control+k');
    await palette.getByRole('combobox').fill('#1');
    await palette.getByRole('menuitem', { name: /^Open run 1/ }).waitFor();
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/runs/3');
  });

  it('opens the cheat sheet with ?, goes to views with g a / g h / g r, and never fires while typing in a field', async () => {
    const { page } = tab;
    await page.goto(`http://127.0.0.1:${daemon.port}/runs`);
    await page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    const rows = await sheet.getByRole('row').allInnerTexts();
    expect(rows.slice(1).map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^Ctrl K Open the command palette/),
      'g then o Go to Overview',
      'g then r Go to Runs',
      'g then a Go to Alerts',
      'g then h Go to Health',
      expect.stringMatching(/^\/ Search in this view/),
      '? Show this list of shortcuts',
    ]);
    await shoot(page, 'cheat-sheet');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });

    await page.keyboard.press('g');
    await page.keyboard.press('a');
    await page.waitForURL(/\/alerts$/);
    await page.keyboard.press('g');
    await page.keyboard.press('h');
    await page.waitForURL(/\/health$/);
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await page.waitForURL(/\/runs$/);

    // `/` focuses the view's search; typing there (g, a, ?) types, and goes nowhere.
    await page.getByRole('table').first().waitFor();
    await page.keyboard.press('/');
    const search = page.getByRole('searchbox', { name: 'Search' });
    expect(await page.evaluate('document.activeElement?.getAttribute("type")')).toBe('search');
    await page.keyboard.type('ga?');
    expect(await search.inputValue()).toBe('ga?');
    expect(new URL(page.url()).pathname).toBe('/runs');
    expect(await sheet.count()).toBe(0);
  });

  it('has no serious or critical accessibility violation on Alerts and Health, light and dark (axe-core)', async () => {
    const { page } = tab;
    const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const violations = async (): Promise<string[]> => {
      await page.evaluate(axeSource);
      // What this file builds: the view in <main>, an open dialog, the header's bell and palette buttons (the rest of the header has its own tests).
      const result = (await page.evaluate(`axe.run({ include: [document.querySelector('main'), ...document.querySelectorAll('[role="dialog"], header a[href="/alerts"], header button[aria-keyshortcuts]')] })`)) as { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    };
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`http://127.0.0.1:${daemon.port}/alerts`);
      await page.getByRole('table', { name: 'Open alerts' }).waitFor();
      expect(await violations()).toEqual([]);
      await page.goto(`http://127.0.0.1:${daemon.port}/health`);
      await page.getByRole('table', { name: 'Pipeline health of watch' }).waitFor();
      expect(await violations()).toEqual([]);
      await page.keyboard.press('Control+k');
      await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
      expect(await violations()).toEqual([]);
      await page.keyboard.press('Escape');
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('reported no CSP violation and no console error', () => {
    expect(tab.cspViolations).toEqual([]);
    // The Run detail asks for a re-run preview of a running run, which the engine refuses (409) until it ends.
    expect(tab.consoleErrors.filter((text) => !/net::ERR_|409 \(Conflict\)/.test(text))).toEqual([]);
  });
});
