/**
 * The Backfill view end to end: the real daemon on a temp home, Debian's
 * Chromium, roles and accessible names only. The form's preview counts
 * what will run (a partition already done is skipped); a started backfill
 * shows live progress with its ETA and its partition matrix fills, each
 * cell a link to its run; Cancel stops it and Retry failed finishes it; a
 * matrix of 5 years × 4 regions opens fast with a few dozen rows in the DOM
 * and is walked by keyboard; axe-core finds nothing serious in light or
 * dark. Screenshots go to TICKWORK_SCREENSHOTS (default /tmp/tickwork-backfill).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { launchBrowser, watchedPage, type WatchedPage, screenshotLightAndDark } from '../helpers/browser.js';
import { apiOk } from '../helpers/api-client.js';
import { waitForAsync } from '../helpers/wait-for.js';
import { openStore } from '../../electron/engine/store/open-store.js';
import { insertRun, setRunState } from '../../electron/engine/store/run-store.js';
import { addDays } from '../../electron/engine/calendar/civil-date.js';
import type { Partition } from '../../shared/run-model.js';

const SHOTS = process.env.TICKWORK_SCREENSHOTS ?? '/tmp/tickwork-backfill';

// metrics waits while hold-<date> exists in the project dir (its cwd), so the test decides when each partition ends.
const PROJECT = `
name: desk
timezone: America/New_York
partitions: {region: [US, EU, JP, UK]}
pipelines:
  prices: {command: ["true"]}
  metrics:
    command: ["sh", "-c", "while [ -f hold-{{ date }} ]; do sleep 0.05; done; echo {{ partition.region }}"]
    depends_on: [prices]
    schedule: {cron: "0 19 * * 1-5", calendar: NYSE}
`;
/** The NYSE trading days of the live backfills (Presidents' Day is the 17th). */
const DAYS = ['2025-02-03', '2025-02-04', '2025-02-05', '2025-02-06', '2025-02-07', '2025-02-10', '2025-02-11', '2025-02-12', '2025-02-13', '2025-02-14'];

let world: TempWorld;
let daemon: TestDaemon;
let browser: Browser;
let tab: WatchedPage;
let seeded = 0;
const children: ChildProcess[] = [];
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const url = (pathname: string) => `http://127.0.0.1:${daemon.port}${pathname}`;
const hold = (dates: readonly string[]) => dates.forEach((date) => fs.writeFileSync(world.file(`hold-${date}`), ''));
const release = (dates: readonly string[]) => dates.forEach((date) => fs.rmSync(world.file(`hold-${date}`), { force: true }));

/** Serious and critical axe-core violations of the view (the app header is dashboard.test.ts's). */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource); // through the debugger protocol, which the page's CSP does not govern
  const result = (await page.evaluate("axe.run({ exclude: [['header']] })")) as { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await screenshotLightAndDark(page, { dir: SHOTS, name, fullPage: true });
}

/** The accessible name of the focused element. */
const focusedName = (page: Page) => page.evaluate("document.activeElement?.getAttribute('aria-label') ?? null") as Promise<string | null>;

beforeAll(async () => {
  world = tempWorld();
  const file = world.writeProject(PROJECT);
  // Five years of metrics runs for four regions, as years of scheduled runs leave them (one in 20 failed).
  const db = openStore(path.join(world.home, 'tickwork.db'));
  const base = { project: 'desk', projectFile: file, selection: 'upstream' as const, force: false, params: {}, pools: {}, trigger: 'schedule' as const, targets: ['metrics'] };
  // Created now: the daemon's retention prunes by age, and these must stay.
  const now = Date.now();
  db.transaction(() => {
    let n = 0;
    for (let date = '2020-01-01'; date <= '2024-12-31'; date = addDays(date, 1)) {
      for (const region of ['US', 'EU', 'JP', 'UK']) {
        const id = insertRun(db, { ...base, partition: { date, region } as Partition }, now);
        setRunState(db, id, 'queued', 'running', now);
        setRunState(db, id, 'running', ++n % 20 === 0 ? 'failed' : 'succeeded', now);
        seeded++;
      }
    }
  })();
  db.close();
  [daemon, browser] = await Promise.all([startDaemon(world.home, world.project), launchBrowser()]);
  children.push(daemon.child);
  tab = await watchedPage(browser, { viewport: { width: 1360, height: 900 } });
  const ui = await tickwork(world.home, ['ui', '--no-open']);
  await tab.page.goto(ui.stdout.trim());
  await tab.page.getByRole('status', { name: 'Live: connected to the daemon' }).waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('Backfill in Chromium', () => {
  it('previews the count (one partition already done), starts, and shows live progress with its ETA while the matrix fills', async () => {
    const { page } = tab;
    // One partition done before, by an ordinary run.
    const before = await apiOk(daemon, 'runs.trigger', { targets: ['metrics'], date: '2025-02-05', partition: { region: 'EU' } });
    await waitForAsync(async () => (await apiOk(daemon, 'runs.get', { id: before.id })).run.state === 'succeeded', 'the run before the backfill');
    hold(DAYS.slice(1));

    await page.goto(url('/backfill?target=metrics&from=2025-02-03&to=2025-02-14&region=EU&concurrency=2'));
    const form = page.getByRole('form', { name: 'New backfill' });
    await form.getByText('9 of 10 partitions will run, 1 already done (skipped)').waitFor();
    expect(await form.getByRole('combobox', { name: 'Target' }).inputValue()).toBe('metrics');
    expect(await form.getByRole('group', { name: 'Partition: region' }).getByRole('radio', { name: 'EU' }).isChecked()).toBe(true);
    expect(await form.getByRole('spinbutton', { name: 'Concurrency' }).inputValue()).toBe('2');
    await form.getByText('NYSE trading days: 10 dates').waitFor();
    // Every calendar day instead: 12 dates, 11 to run.
    await form.getByRole('combobox', { name: 'Calendar' }).selectOption({ label: 'Every calendar day (none)' });
    await form.getByText('11 of 12 partitions will run, 1 already done (skipped)').waitFor();
    await form.getByRole('combobox', { name: 'Calendar' }).selectOption({ label: "The target schedule's calendar" });
    await form.getByText('9 of 10 partitions will run, 1 already done (skipped)').waitFor();
    // The range's matrix beside the form already shows the partition that is done.
    await page.getByRole('grid', { name: 'Partitions of metrics, 2025-02-03 to 2025-02-14' }).getByRole('link', { name: `2025-02-05 EU: succeeded, run ${before.id}` }).waitFor();
    await screenshot(page, 'backfill-form');

    const started = performance.now();
    await form.getByRole('button', { name: 'Start backfill of 9 partitions' }).click();
    await page.waitForURL(/\/backfill\/1$/);
    await page.getByRole('heading', { level: 1, name: /^Backfill 1/ }).waitFor();
    const bar = page.getByRole('progressbar', { name: 'Partitions done' });
    const matrix = page.getByRole('grid', { name: 'Partitions of backfill 1' });
    // 02-03 runs through; 02-04 and 02-06 are held: two running, and the ETA known from the one that finished.
    await waitForAsync(async () => (await bar.getAttribute('aria-valuetext')) === '2 of 10 partitions done, 2 running', 'two partitions done, two running');
    await page.getByText(/^(about \d+s|less than a second) left \([\d.]+m?s per partition\)$/).waitFor();
    await matrix.getByRole('link', { name: /^2025-02-03 EU: succeeded, run \d+$/ }).waitFor();
    await matrix.getByRole('link', { name: /^2025-02-04 EU: running, run \d+$/ }).waitFor();
    await matrix.getByRole('gridcell', { name: '2025-02-14 EU: to run' }).waitFor();
    await matrix.getByRole('gridcell', { name: '2025-02-14 US: not in this backfill' }).waitFor();
    await matrix.getByRole('gridcell', { name: '2025-02-09 EU: market closed' }).waitFor();
    expect(await page.getByRole('button', { name: /^Retry failed/ }).isDisabled()).toBe(true);
    await screenshot(page, 'backfill-progress');

    release(DAYS);
    await waitForAsync(async () => (await bar.getAttribute('aria-valuetext')) === '10 of 10 partitions done', 'every partition done', 30_000);
    const ms = performance.now() - started;
    await page.getByRole('main').getByText('succeeded', { exact: true }).first().waitFor();
    await page.getByText(/^took /).waitFor();
    // The matrix filled live: every EU day a succeeded run, the one done before among them.
    await waitForAsync(async () => (await matrix.getByRole('link', { name: /^2025-02-\d\d EU: succeeded, run \d+$/ }).count()) === 10, 'the matrix to fill', 10_000);
    expect(await page.getByRole('list', { name: 'Partitions by state' }).innerText()).toMatch(/9\s+succeeded[\s\S]*1\s+already done/);
    await screenshot(page, 'backfill-done');

    // A cell opens its run.
    await matrix.getByRole('link', { name: `2025-02-05 EU: succeeded, run ${before.id}` }).click();
    await page.waitForURL(new RegExp(`/runs/${before.id}$`));
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Run ${before.id}`) }).waitFor();
    console.log(`Backfill: 9 partitions (concurrency 2) from Start to all done in the view: ${ms.toFixed(0)} ms`);
  }, 90_000);

  it('cancels a running backfill, then Retry failed runs what was left until it succeeds', async () => {
    const { page } = tab;
    hold(DAYS.slice(0, 5));
    await page.goto(url('/backfill?target=metrics&from=2025-02-03&to=2025-02-07&region=US'));
    const form = page.getByRole('form', { name: 'New backfill' });
    await form.getByRole('button', { name: 'Start backfill of 5 partitions' }).click();
    await page.waitForURL(/\/backfill\/2$/);
    const bar = page.getByRole('progressbar', { name: 'Partitions done' });
    await waitForAsync(async () => (await bar.getAttribute('aria-valuetext')) === '0 of 5 partitions done, 1 running', 'the first partition to run');
    await page.getByRole('button', { name: 'Cancel backfill' }).click();
    await waitForAsync(async () => (await bar.getAttribute('aria-valuetext')) === '1 of 5 partitions done, 1 cancelled', 'the run in flight to be cancelled');
    await page.getByRole('main').getByText('cancelled', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Cancel backfill' }).isDisabled()).toBe(true);
    await page.getByRole('grid', { name: 'Partitions of backfill 2' }).getByRole('link', { name: /^2025-02-03 US: cancelled, run \d+$/ }).waitFor();

    release(DAYS);
    await page.getByRole('button', { name: 'Retry failed (5)' }).click();
    await waitForAsync(async () => (await bar.getAttribute('aria-valuetext')) === '5 of 5 partitions done', 'the retry to finish', 30_000);
    await page.getByRole('grid', { name: 'Partitions of backfill 2' }).getByRole('link', { name: /^2025-02-03 US: succeeded, run \d+ \(2 runs\)$/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Retry failed/ }).isDisabled()).toBe(true);
    // Both backfills in the list, newest first.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backfill' }).click();
    const recent = page.getByRole('table', { name: 'Recent backfills' });
    await recent.getByRole('row', { name: /^Backfill 2 succeeded metrics 2025-02-03 → 2025-02-07 5\/5/ }).waitFor();
    await recent.getByRole('row', { name: /^Backfill 1 succeeded metrics 2025-02-03 → 2025-02-14 10\/10/ }).waitFor();
  }, 90_000);

  it('opens 5 years × 4 regions fast, a few dozen rows in the DOM, and walks it by keyboard', async () => {
    const { page } = tab;
    const opened = performance.now();
    await page.goto(url('/backfill?target=metrics&from=2020-01-01&to=2024-12-31'));
    const matrix = page.getByRole('grid', { name: 'Partitions of metrics, 2020-01-01 to 2024-12-31' });
    await matrix.getByRole('link', { name: /^2024-12-31 US: (succeeded|failed), run \d+$/ }).waitFor();
    const ms = performance.now() - opened;
    expect(await matrix.getAttribute('aria-rowcount')).toBe('1828');
    expect(await matrix.getAttribute('aria-colcount')).toBe('5');
    const rendered = await matrix.getByRole('row').count();
    expect(rendered).toBeLessThan(60);

    // One tab stop; arrows, Ctrl+End and Page Up move it, and the grid scrolls with it.
    await matrix.getByRole('link', { name: /^2024-12-31 US: / }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await focusedName(page)).toMatch(/^2024-12-31 EU: (succeeded|failed), run \d+$/);
    await page.keyboard.press('Control+End');
    expect(await focusedName(page)).toMatch(/^2020-01-01 UK: (succeeded|failed), run \d+$/);
    await page.keyboard.press('ArrowUp');
    expect(await focusedName(page)).toMatch(/^2020-01-02 UK: /);
    await page.keyboard.press('PageUp'); // a page of the 14 rows shown, less one
    expect(await focusedName(page)).toMatch(/^2020-01-15 UK: /);
    expect(await matrix.getByRole('row').count()).toBeLessThan(60);
    await screenshot(page, 'backfill-matrix-5y');
    console.log(`Backfill matrix: 5 years × 4 regions (${seeded} seeded runs, 7308 cells) shown ${ms.toFixed(0)} ms after navigation, ${rendered} rows in the DOM`);
    expect(ms).toBeLessThan(3000);
  }, 60_000);

  it('has no serious or critical accessibility violation, in light and dark', async () => {
    const { page } = tab;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url('/backfill?target=metrics&from=2025-02-03&to=2025-02-14&region=EU'));
      await page.getByRole('form', { name: 'New backfill' }).getByText(/partitions will run/).waitFor();
      await page.getByRole('table', { name: 'Recent backfills' }).waitFor();
      expect(await violations(page)).toEqual([]);
      await page.goto(url('/backfill/1'));
      await page.getByRole('grid', { name: 'Partitions of backfill 1' }).getByRole('link').first().waitFor();
      expect(await violations(page)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(tab.cspViolations).toEqual([]);
    expect(tab.consoleErrors.filter((text) => !/net::ERR_|status of 4\d\d/.test(text))).toEqual([]);
  });
});
