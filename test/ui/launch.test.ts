/**
 * The Launch view end to end: the real daemon on a temp home, Debian's
 * Chromium, roles and accessible names only. A deep link fills the form;
 * the plan preview (one block per partition, cached tasks marked) matches
 * what Start creates; the run succeeds live on Launch and on its page; the
 * form works by keyboard, ties its errors to their fields, and its date
 * picker marks NYSE's closed days; axe-core finds nothing serious in light
 * or dark. Screenshots go to TICKWORK_SCREENSHOTS (default /tmp/tickwork-launch).
 */
import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { launchBrowser, watchedPage, type WatchedPage, screenshotLightAndDark } from '../helpers/browser.js';
import { apiOk } from '../helpers/api-client.js';

const SHOTS = process.env.TICKWORK_SCREENSHOTS ?? '/tmp/tickwork-launch';

const PROJECT = `
name: desk
timezone: America/New_York
partitions: {region: [US, EU]}
params: {depth: "3", api_token: sekrit-value}
pools: {db: 2}
pipelines:
  prices: {command: ["sh", "-c", "echo prices {{ date }}"]}
  metrics:
    command: ["sh", "-c", "sleep 0.3; echo metrics {{ partition.region }} {{ params.depth }}"]
    depends_on: [prices]
    pool: db
    schedule: {cron: "0 19 * * 1-5", calendar: NYSE}
  report: {command: ["sh", "-c", "echo report"], depends_on: [metrics]}
jobs:
  nightly: {pipelines: [report]}
`;

let world: TempWorld;
let daemon: TestDaemon;
let browser: Browser;
let tab: WatchedPage;
const children: ChildProcess[] = [];
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const url = (pathname: string) => `http://127.0.0.1:${daemon.port}${pathname}`;

/** Serious and critical axe-core violations of the view (the app header is dashboard.test.ts's). */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource); // through the debugger protocol, which the page's CSP does not govern
  const result = (await page.evaluate("axe.run({ exclude: [['header']] })")) as { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await screenshotLightAndDark(page, { dir: SHOTS, name, fullPage: true });
}

/** The text of the element(s) an element's aria-describedby names. */
async function description(page: Page, locator: ReturnType<Page['getByRole']>): Promise<string> {
  const ids = ((await locator.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

beforeAll(async () => {
  world = tempWorld();
  world.writeProject(PROJECT);
  [daemon, browser] = await Promise.all([startDaemon(world.home, world.project), launchBrowser()]);
  children.push(daemon.child);
  tab = await watchedPage(browser, { viewport: { width: 1360, height: 900 } });
  const ui = await tickwork(world.home, ['ui', '--no-open']);
  await tab.page.goto(ui.stdout.trim());
  await tab.page.getByRole('status', { name: 'Live: connected to the daemon' }).waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('Launch in Chromium', () => {
  it('opens a deep link filled in, previews the plan, starts it, and the run succeeds live there and on its page', async () => {
    const { page } = tab;
    const opened = performance.now();
    await page.goto(url('/launch?target=metrics&date=2025-02-03&region=EU'));
    await page.getByRole('heading', { level: 1, name: 'Launch' }).waitFor();
    const form = page.getByRole('form', { name: 'Launch runs' });
    expect(await form.getByRole('checkbox', { name: 'metrics' }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: 'prices' }).isChecked()).toBe(false);
    expect(await form.getByRole('group', { name: 'Partition: region' }).getByRole('checkbox', { name: 'EU' }).isChecked()).toBe(true);
    expect(await form.getByRole('textbox', { name: 'Date' }).inputValue()).toBe('2025-02-03');
    expect(await description(page, form.getByRole('textbox', { name: 'Date' }))).toBe('2025-02-03: NYSE trading day');
    expect(await form.getByRole('radio', { name: /^Targets and their upstream update_tree/ }).isChecked()).toBe(true);
    // Param defaults, the secret one masked and left alone.
    expect(await form.getByRole('textbox', { name: 'depth' }).inputValue()).toBe('3');
    expect(await form.getByRole('textbox', { name: 'api_token' }).inputValue()).toBe('');

    const plan = page.getByRole('table', { name: 'Plan for 2025-02-03 · region=EU' });
    await plan.getByRole('row', { name: /^1 prices default( \(\d+\))? sh -c 'echo prices 2025-02-03' run( · .+)?$/ }).waitFor();
    await plan.getByRole('row', { name: /^2 metrics target db \(2\) sh -c 'sleep 0\.3; echo metrics EU 3' run( · .+)?$/ }).waitFor();
    const previewMs = performance.now() - opened;
    expect(await page.getByRole('table', { name: /^Plan for / }).count()).toBe(1);

    // A param changed: the plan shows its command resolved with it.
    await form.getByRole('textbox', { name: 'depth' }).fill('5');
    await page.waitForURL(/param\.depth=5/);
    await plan.getByRole('row', { name: /^2 metrics target db \(2\) sh -c 'sleep 0\.3; echo metrics EU 5' run( · .+)?$/ }).waitFor();
    await screenshot(page, 'launch-plan');

    const started = performance.now();
    await form.getByRole('button', { name: 'Start run' }).click();
    const created = page.getByRole('region', { name: 'Started' });
    await created.getByRole('link', { name: 'Run 1' }).waitFor();
    await created.getByText('succeeded').waitFor({ timeout: 20_000 });
    const liveMs = performance.now() - started;
    const run = await apiOk(daemon, 'runs.get', { id: 1 });
    expect(run.run).toMatchObject({ targets: ['metrics'], partition: { date: '2025-02-03', region: 'EU' }, params: { depth: '5' }, trigger: 'api', state: 'succeeded' });

    // The same request again: the plan now reuses the upstream's result (the target itself always runs).
    await plan.getByRole('row', { name: /^1 prices default .* cached · same inputs as run 1/ }).waitFor();
    await plan.getByRole('row', { name: /^2 metrics target .* run( · .+)?$/ }).waitFor();
    expect(await page.getByRole('region', { name: 'Plan' }).getByText('1 run · 1 task to run, 1 cached').count()).toBe(1);

    // Its page, live from the link.
    await created.getByRole('link', { name: 'Run 1' }).click();
    await page.getByRole('heading', { level: 1, name: /^Run 1/ }).waitFor();
    await page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: /^metrics target succeeded/ }).waitFor();
    console.log(`Launch: deep link to plan shown ${previewMs.toFixed(0)} ms; Start to the run seen succeeded live ${liveMs.toFixed(0)} ms`);
  });

  it('fans out to every region when none is checked, one plan block and one run per region, live in Runs', async () => {
    const { page } = tab;
    await page.goto(url('/launch?target=report&date=2025-02-04'));
    await page.getByRole('table', { name: 'Plan for 2025-02-04 · region=US' }).waitFor();
    await page.getByRole('table', { name: 'Plan for 2025-02-04 · region=EU' }).waitFor();
    expect(await description(page, page.getByRole('group', { name: 'Partition: region' }))).toBe('None checked: every region the targets run for');
    await page.getByRole('button', { name: 'Start 2 runs' }).click();
    const created = page.getByRole('region', { name: 'Started' });
    await created.getByRole('link', { name: 'Run 2' }).waitFor();
    await created.getByRole('link', { name: 'Run 3' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('row', { name: /^Run 3 succeeded report 2025-02-04 · region=EU api/ }).waitFor({ timeout: 20_000 });
    await page.getByRole('row', { name: /^Run 2 succeeded report 2025-02-04 · region=US api/ }).waitFor({ timeout: 20_000 });
  });

  it('works by keyboard alone, ties each error to its field, and its calendar marks NYSE closed days', async () => {
    const { page } = tab;
    await page.goto(url('/launch'));
    const form = page.getByRole('form', { name: 'Launch runs' });
    await form.getByRole('checkbox', { name: 'nightly' }).waitFor();
    await page.getByText('Pick a pipeline or job to see what would run.').waitFor();

    // Submit with nothing picked: the error is announced, tied to the group, and focus goes to the first target.
    await form.getByRole('textbox', { name: 'Date' }).focus();
    await page.keyboard.press('Enter');
    const targets = form.getByRole('group', { name: 'Targets' });
    expect(await description(page, targets)).toBe('Pick at least one pipeline or job');
    expect(await page.getByRole('alert').filter({ hasText: 'Pick at least one pipeline or job' }).count()).toBe(1);
    expect(await page.evaluate('document.activeElement?.labels?.[0]?.innerText')).toBe('nightly');

    // Space checks the focused target; Tab moves on to the next.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // prices
    expect(await form.getByRole('checkbox', { name: 'prices' }).isChecked()).toBe(true);
    await page.waitForURL(/target=prices/);
    await page.getByRole('table', { name: `Plan for ${todayIn('America/New_York')}` }).waitFor(); // prices uses no region: one run, today

    // A bad date: the field says so, and the plan waits for a good one.
    const date = form.getByRole('textbox', { name: 'Date' });
    await date.focus();
    await page.keyboard.type('2025-02-30');
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, date)).toBe('Write the date as YYYY-MM-DD, or leave it empty for today YYYY-MM-DD');
    await page.getByText('Fix the date to see the plan.').waitFor();

    // The calendar, by keyboard: Presidents' Day is closed, the next day trades.
    await date.fill('2025-02-14');
    await form.getByRole('button', { name: 'Choose the date on a calendar' }).focus();
    await page.keyboard.press('Enter');
    const calendar = page.getByRole('dialog', { name: 'Run date, NYSE trading days marked' });
    await calendar.getByRole('grid').waitFor();
    await screenshot(page, 'launch-calendar');
    await page.keyboard.press('ArrowDown'); // Friday the 14th → the 21st
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft'); // → Monday the 17th
    await page.keyboard.press('Enter');
    await calendar.waitFor({ state: 'detached' });
    expect(await date.inputValue()).toBe('2025-02-17');
    expect(await description(page, date)).toMatch(/^2025-02-17: NYSE closed: (Washington's Birthday|Presidents' Day)$/);
    await date.fill('2025-02-18');
    expect(await description(page, date)).toBe('2025-02-18: NYSE trading day');

    // Selection by keyboard: the arrows move through the radio group.
    await form.getByRole('radio', { name: /^Targets and their upstream/ }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await form.getByRole('radio', { name: /^Targets only, on the latest upstream results --no-upstream/ }).isChecked()).toBe(true);
    await page.waitForURL(/selection=no_upstream/);
  });

  it('has no serious or critical accessibility violation, in light and dark', async () => {
    const { page } = tab;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url('/launch?target=metrics&date=2025-02-03&region=EU'));
      await page.getByRole('table', { name: 'Plan for 2025-02-03 · region=EU' }).waitFor();
      expect(await violations(page)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(tab.cspViolations).toEqual([]);
    expect(tab.consoleErrors.filter((text) => !/net::ERR_|status of 4\d\d/.test(text))).toEqual([]);
  });
});

/** Today's date in a zone, YYYY-MM-DD. */
function todayIn(zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
