/**
 * The Run detail view end to end: the real daemon on a temp home, Debian's
 * Chromium, roles and accessible names only. A failing run's header, Gantt
 * (every attempt a segment, its accessible list, keyboard stepping), DAG
 * (its own lazily loaded chunk; a node opens the task's log) and journal;
 * re-run from failure previewed then run (only the failed task and its
 * downstream run, the rest reused); re-run selected + downstream; cancel a
 * long run and its processes are gone; a 1000-task run's Gantt drawn in
 * time; axe-core on each state. Screenshots in light and dark go to
 * TICKWORK_SCREENSHOTS (default /tmp/tickwork-run-detail), and the light
 * Gantt to docs/screenshots/run-gantt.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, readLines, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { launchBrowser, watchedPage, type WatchedPage, screenshotLightAndDark } from '../helpers/browser.js';
import { apiOk } from '../helpers/api-client.js';
import { pidAlive, waitFor, waitForAsync } from '../helpers/wait-for.js';
import { seedBigRun } from '../helpers/seed-big-run.js';

const SHOTS = process.env.TICKWORK_SCREENSHOTS ?? '/tmp/tickwork-run-detail';
const DOCS_SHOT = path.resolve(__dirname, '..', '..', 'docs', 'screenshots', 'run-gantt.png');

// Three fetches in parallel, two cleans, signals, a report that fails (one retry) until the file `fixed`
// exists, and publish after it. Each task appends its name to ran.txt. `slow` leaves a child process behind it.
const PROJECT = `
name: desk
pools: {fetchers: 3}
pipelines:
  fetch_prices: {command: ["sh", "-c", "sleep 0.5; echo fetch_prices >> ran.txt"], pool: fetchers}
  fetch_fx: {command: ["sh", "-c", "sleep 0.3; echo fetch_fx >> ran.txt"], pool: fetchers}
  fetch_fundamentals: {command: ["sh", "-c", "sleep 0.8; echo fetch_fundamentals >> ran.txt"], pool: fetchers}
  clean_prices: {command: ["sh", "-c", "sleep 0.3; echo clean_prices >> ran.txt"], depends_on: [fetch_prices, fetch_fx]}
  clean_fundamentals: {command: ["sh", "-c", "sleep 0.2; echo clean_fundamentals >> ran.txt"], depends_on: [fetch_fundamentals]}
  signals: {command: ["sh", "-c", "sleep 0.4; echo signals >> ran.txt"], depends_on: [clean_prices, clean_fundamentals]}
  report:
    command: ["sh", "-c", "sleep 0.3; echo report >> ran.txt; test -f fixed || { echo 'no fixed file' >&2; exit 4; }"]
    depends_on: [signals]
    retries: 1
    retry_delay: 0.4s
  publish: {command: ["sh", "-c", "echo publish >> ran.txt"], depends_on: [report]}
  slow: {command: ["sh", "-c", "sleep 120 & sleep 120; wait"]}
`;
const FETCHES = ['fetch_prices', 'fetch_fx', 'fetch_fundamentals'];
const UPSTREAM_OF_REPORT = [...FETCHES, 'clean_prices', 'clean_fundamentals', 'signals'];

let world: TempWorld;
let daemon: TestDaemon;
let browser: Browser;
let tab: WatchedPage;
let failedRun: number;
let bigRun: number;
const children: ChildProcess[] = [];
const requested: string[] = [];
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const url = (pathname: string) => `http://127.0.0.1:${daemon.port}${pathname}`;

/**
 * The serious and critical axe-core violations of the page as it is, the app header left out (it is the
 * dashboard's, audited by dashboard.test.ts). Run in a page of its own: axe injects a <style>, which the
 * CSP rightly blocks, and that must not count against the view.
 */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource); // through the debugger protocol, which the page's CSP does not govern
  const result = (await page.evaluate("axe.run({ exclude: [['header']] })")) as { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function finished(id: number) {
  return waitForAsync(async () => {
    const got = await apiOk(daemon, 'runs.get', { id });
    return got.run.finishedAt !== null ? got : null;
  }, `run ${id} to finish`, 30_000);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await screenshotLightAndDark(page, { dir: SHOTS, name, fullPage: true });
}

beforeAll(async () => {
  world = tempWorld();
  world.writeProject(PROJECT);
  [daemon, browser] = await Promise.all([startDaemon(world.home, world.project), launchBrowser()]);
  children.push(daemon.child);
  tab = await watchedPage(browser, { viewport: { width: 1360, height: 900 } });
  tab.page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  const ui = await tickwork(world.home, ['ui', '--no-open']);
  await tab.page.goto(ui.stdout.trim());
  await tab.page.getByRole('status', { name: 'Live: connected to the daemon' }).waitFor();
  failedRun = (await apiOk(daemon, 'runs.trigger', { targets: ['publish'], date: '2025-03-03', params: {} })).id;
  expect((await finished(failedRun)).run.state).toBe('failed');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('Run detail in Chromium', () => {
  it("shows a failing run's header and a Gantt with every attempt its own segment, listed for screen readers and reachable by keyboard", async () => {
    const { page } = tab;
    await page.goto(url(`/runs/${failedRun}`));
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Run ${failedRun} publish`) }).waitFor();
    expect(await page.getByRole('definition').allInnerTexts()).toEqual(expect.arrayContaining(['publish', '2025-03-03', 'api']));
    const gantt = page.getByRole('tabpanel', { name: 'Gantt' });
    const chart = gantt.getByRole('group', { name: /^Gantt chart: 8 tasks, 8 attempts/ });
    await chart.waitFor();

    await gantt.getByRole('button', { name: 'List segments' }).click();
    const segments = gantt.getByRole('table', { name: 'Gantt segments' });
    await segments.getByRole('row', { name: /^report attempt 1 failed .* exit 4$/ }).waitFor();
    await segments.getByRole('row', { name: /^report before attempt 2 waiting to retry / }).waitFor();
    await segments.getByRole('row', { name: /^report attempt 2 failed .* exit 4$/ }).waitFor();
    await segments.getByRole('row', { name: /^publish no attempt upstream failed / }).waitFor();
    for (const name of FETCHES) await segments.getByRole('row', { name: new RegExp(`^${name} attempt 1 succeeded .* exit 0$`) }).waitFor();
    expect(await segments.getByRole('row').count()).toBe(1 + 8 + 8 + 1 + 1); // header, a wait before each task's first attempt (or its end), attempts, report's retry wait, publish's point

    // Keyboard: the chart is one tab stop, arrows step through segments and each is announced.
    await chart.focus();
    const status = gantt.getByRole('status');
    await expect.poll(() => status.innerText()).toMatch(/^fetch_prices, attempt 1, succeeded, \d\d:\d\d:\d\d\.\d{3} to \d\d:\d\d:\d\d\.\d{3}, [\d.]+(ms|s), exit 0$/);
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => status.innerText()).toMatch(/^report, (attempt \d|before attempt 2|before its first attempt), /);
    await page.keyboard.press('End');
    await expect.poll(() => status.innerText()).toMatch(/^report, attempt 2, failed, .*exit 4$/);
    await screenshot(page, 'gantt');
    await gantt.getByRole('button', { name: 'Hide segment list' }).click();
    await page.mouse.move(0, 0);
    await page.emulateMedia({ colorScheme: 'light' });
    fs.mkdirSync(path.dirname(DOCS_SHOT), { recursive: true });
    await page.locator('main').screenshot({ path: DOCS_SHOT });

    // Enter opens the focused segment's task log.
    await chart.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/runs/${failedRun}/tasks/report\\?attempt=2$`));
  });

  it('loads the DAG in its own chunk only when its tab opens, with live states, each node a link to its log', async () => {
    const { page } = tab;
    await page.goto(url(`/runs/${failedRun}`));
    await page.getByRole('tab', { name: 'Gantt', selected: true }).waitFor();
    expect(requested.filter((p) => /\/assets\/run-dag-.*\.js$/.test(p))).toEqual([]);
    await page.getByRole('tab', { name: 'Graph' }).click();
    await page.waitForURL(/\?tab=graph$/);
    const graph = page.getByRole('group', { name: 'Task graph: 8 tasks; each task links to its log' });
    await graph.waitFor({ timeout: 20_000 });
    expect(requested.some((p) => /\/assets\/run-dag-.*\.js$/.test(p))).toBe(true);
    await graph.getByRole('link', { name: 'signals, succeeded: open its log' }).waitFor();
    await graph.getByRole('link', { name: 'publish, upstream failed: open its log' }).waitFor();
    await screenshot(page, 'dag');
    await graph.getByRole('link', { name: 'report, failed: open its log' }).click();
    await page.waitForURL(new RegExp(`/runs/${failedRun}/tasks/report$`));
  });

  it("lists the run's journal in the Events tab", async () => {
    const { page } = tab;
    await page.goto(url(`/runs/${failedRun}?tab=events`));
    const events = page.getByRole('table', { name: 'Events' });
    await events.getByRole('row', { name: /^\d+ \S+ run → queued targets publish · trigger api$/ }).waitFor();
    await events.getByRole('row', { name: /^\d+ \S+ task report running → retry_wait/ }).waitFor();
    await events.getByRole('row', { name: /^\d+ \S+ run running → failed/ }).waitFor();
    await screenshot(page, 'events');
  });

  it('re-runs from failure after a preview of what runs (the failed task and its downstream) and what is reused; the new run runs only those', async () => {
    const { page } = tab;
    await page.goto(url(`/runs/${failedRun}`));
    await page.getByRole('button', { name: 'Re-run from failure' }).click();
    const dialog = page.getByRole('dialog', { name: `Re-run from failure: run ${failedRun}` });
    const willRun = dialog.getByRole('table', { name: 'Will run' });
    await willRun.waitFor();
    expect(await willRun.getByRole('row').allInnerTexts()).toEqual([
      expect.stringMatching(/^#\s+task\s+why$/i),
      expect.stringMatching(new RegExp(`^7\\s+report\\s+failed in run ${failedRun}$`)),
      expect.stringMatching(new RegExp(`^8\\s+publish\\s+upstream_failed in run ${failedRun}$`)),
    ]);
    const reused = dialog.getByRole('table', { name: 'Reused' });
    for (const name of UPSTREAM_OF_REPORT) await reused.getByRole('row', { name: new RegExp(`^\\d ${name} reused from run ${failedRun} \\(succeeded there\\)$`) }).waitFor();
    await screenshot(page, 'rerun-preview');

    fs.writeFileSync(world.file('fixed'), '');
    fs.writeFileSync(world.file('ran.txt'), '');
    await dialog.getByRole('button', { name: 'Re-run 2 tasks' }).click();
    await page.waitForURL((at) => /^\/runs\/\d+$/.test(at.pathname) && at.pathname !== `/runs/${failedRun}`);
    const rerun = Number(new URL(page.url()).pathname.split('/').pop());
    expect(rerun).toBeGreaterThan(failedRun);
    expect(await dialog.count()).toBe(0);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Run ${rerun} `) }).waitFor();
    await page.getByRole('link', { name: `rerun of run ${failedRun} (from failure)` }).waitFor();
    await page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: /^publish target succeeded 1/ }).waitFor({ timeout: 20_000 });

    const done = await finished(rerun);
    expect(done.run.state).toBe('succeeded');
    expect(readLines(world.file('ran.txt'))).toEqual(['report', 'publish']);
    const original = new Map((await apiOk(daemon, 'runs.get', { id: failedRun })).tasks.map((t) => [t.pipeline, t]));
    for (const name of UPSTREAM_OF_REPORT) {
      const task = done.tasks.find((t) => t.pipeline === name)!;
      expect(task).toMatchObject({ state: 'cached', cachedFrom: original.get(name)!.id, attempts: 0 });
    }
    expect((await apiOk(daemon, 'runs.attempts', { id: rerun })).map((a) => done.tasks.find((t) => t.id === a.taskRunId)!.pipeline)).toEqual(['report', 'publish']);
    // The rerun's Gantt: six cached points, then two attempts.
    await page.getByRole('group', { name: /^Gantt chart: 8 tasks, 2 attempts/ }).waitFor();
  });

  it('explains why a re-run from failure is refused in the engine\'s words, and previews the selected tasks with their downstream', async () => {
    const { page } = tab;
    const runs = await apiOk(daemon, 'runs.list', { state: 'succeeded' });
    const rerun = runs[0]!.id;
    await page.goto(url(`/runs/${rerun}`));
    const fromFailure = page.getByRole('button', { name: 'Re-run from failure' });
    await page.getByText('nothing to re-run from failure').waitFor();
    expect(await fromFailure.isDisabled()).toBe(true);
    expect(await fromFailure.getAttribute('aria-describedby')).toBeTruthy();
    const selectedButton = page.getByRole('button', { name: /^Re-run selected \(0\) \+ downstream$/ });
    expect(await selectedButton.isDisabled()).toBe(true);

    const tasks = page.getByRole('table', { name: 'Tasks' });
    await tasks.getByRole('checkbox', { name: 'Select clean_prices' }).check();
    await tasks.getByRole('row', { name: /^clean_prices cached 0/ }).waitFor(); // the checkbox does not rename the row
    await page.getByRole('button', { name: 'Re-run selected (1) + downstream' }).click();
    const dialog = page.getByRole('dialog', { name: `Re-run selected tasks: run ${rerun}` });
    const willRun = dialog.getByRole('table', { name: 'Will run' });
    await willRun.getByRole('row', { name: /^\d clean_prices selected$/ }).waitFor();
    expect((await willRun.getByRole('row').allInnerTexts()).slice(1).map((text) => text.split(/\s+/)[1])).toEqual(['clean_prices', 'signals', 'report', 'publish']);
    expect((await dialog.getByRole('table', { name: 'Reused' }).getByRole('row').allInnerTexts()).slice(1).map((text) => text.split(/\s+/)[1])).toEqual([...FETCHES, 'clean_fundamentals']);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await apiOk(daemon, 'runs.list', {}))[0]!.id).toBe(rerun); // a preview creates nothing
  });

  it('cancels a long run from its page: the dialog confirms, its process group is gone, the state is live', async () => {
    const { page } = tab;
    const { id } = await apiOk(daemon, 'runs.trigger', { targets: ['slow'], date: '2025-03-04' });
    await page.goto(url(`/runs/${id}`));
    await page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: /^slow target running/ }).waitFor({ timeout: 20_000 });
    // A running run cannot be re-run: the engine's 409 message says so, next to the disabled buttons.
    await page.getByText(`run ${id} is still running: cancel it or wait for it to end before re-running it`).waitFor();
    expect(await page.getByRole('button', { name: 'Re-run all' }).isDisabled()).toBe(true);
    const pid = await waitForAsync(async () => (await apiOk(daemon, 'runs.attempts', { id }))[0]?.pid ?? null, 'the attempt to record its pid');
    expect(pidAlive(pid)).toBe(true);
    await page.getByRole('group', { name: /^Gantt chart: 1 tasks, 1 attempts/ }).waitFor();
    await screenshot(page, 'running');

    await page.getByRole('group', { name: 'Run actions' }).getByRole('button', { name: 'Cancel run' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Cancel run ${id}?` });
    await dialog.getByRole('button', { name: 'Cancel run' }).click();
    await dialog.getByRole('status').filter({ hasText: `Run ${id} cancelled: stopped 1 process group.` }).waitFor({ timeout: 20_000 });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: /^slow target cancelled/ }).waitFor();
    await waitFor(() => !pidAlive(pid), `pid ${pid} to exit`);
    await waitFor(() => !groupAlive(pid), `process group ${pid} to be gone`);
    expect((await apiOk(daemon, 'runs.get', { id })).run.state).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'Cancel run' }).isDisabled()).toBe(true);
    await page.getByText(`Run ${id} has ended (cancelled): there is nothing to cancel.`).waitFor();
  });

  it("draws a 1000-task run's Gantt within its budget after navigation", async () => {
    const { page } = tab;
    bigRun = seedBigRun(world.home, path.join(world.project, 'tickwork.yaml'), 1000);
    const runs: Array<{ drawn: number; data: number; paint: number }> = [];
    for (let i = 0; i < 3; i++) {
      await page.goto('about:blank');
      await page.goto(url(`/runs/${bigRun}`));
      await page.getByRole('group', { name: /^Gantt chart: 1000 tasks, 1\d{3} attempts/ }).waitFor();
      // When the chart first painted its rows, and when its data (runs.get, runs.attempts) had arrived, in ms since navigation.
      runs.push((await page.evaluate(`new Promise((resolve) => {
        const find = () => {
          const mark = performance.getEntriesByName('tickwork:gantt-drawn')[0];
          if (!mark) return requestAnimationFrame(find);
          const data = performance.getEntriesByType('resource').filter((e) => /\\/api\\/runs\\.(get|attempts)$/.test(e.name)).map((e) => e.responseEnd);
          resolve({ drawn: Math.round(mark.startTime), data: Math.round(Math.max(...data)), paint: Math.round(mark.detail.paintMs * 10) / 10 });
        };
        find();
      })`)) as { drawn: number; data: number; paint: number });
    }
    console.log(`1000-task Gantt (1125 attempts): drawn ${runs.map((r) => r.drawn).join(' / ')} ms after navigation; ${runs.map((r) => r.drawn - r.data).join(' / ')} ms after its data arrived; canvas paint ${runs.map((r) => r.paint).join(' / ')} ms`);
    // The target is 300 ms (npm run bench, an idle machine); these bounds only catch a regression on a busy one.
    expect(Math.min(...runs.map((r) => r.drawn))).toBeLessThan(2_500);
    expect(Math.min(...runs.map((r) => r.drawn - r.data))).toBeLessThan(600);
    expect(Math.max(...runs.map((r) => r.paint))).toBeLessThan(100);
  });

  it('has no serious or critical accessibility violation in any state of the view, light or dark (axe-core)', async () => {
    const audit = await watchedPage(browser);
    await audit.context.addCookies(await tab.context.cookies());
    const { page } = audit;
    const found: Record<string, string[]> = {};
    const check = async (state: string) => {
      const list = await violations(page);
      if (list.length) found[state] = list;
    };
    const rerun = (await apiOk(daemon, 'runs.list', { state: 'succeeded', pipeline: 'publish' }))[0]!.id;
    const { id: slow } = await apiOk(daemon, 'runs.trigger', { targets: ['slow'], date: '2025-03-05' });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url(`/runs/${failedRun}`));
      await page.getByRole('button', { name: 'List segments' }).click();
      await page.getByRole('table', { name: 'Gantt segments' }).waitFor();
      await page.getByRole('group', { name: /^Gantt chart/ }).focus();
      await check(`${scheme}: Gantt with its segment list`);
      await page.getByRole('tab', { name: 'Graph' }).click();
      await page.getByRole('group', { name: /^Task graph/ }).getByRole('link').first().waitFor({ timeout: 20_000 });
      await check(`${scheme}: Graph`);
      await page.getByRole('tab', { name: 'Events' }).click();
      await page.getByRole('table', { name: 'Events' }).waitFor();
      await check(`${scheme}: Events`);
      await page.getByRole('button', { name: 'Re-run from failure' }).click();
      await page.getByRole('dialog').getByRole('table', { name: 'Will run' }).waitFor();
      await check(`${scheme}: re-run preview`);
      await page.keyboard.press('Escape');
      await page.goto(url(`/runs/${rerun}`));
      await page.getByText('nothing to re-run from failure').waitFor();
      await page.getByRole('checkbox', { name: 'Select signals' }).check();
      await check(`${scheme}: a succeeded run, a task picked, re-runs explained`);
      await page.goto(url(`/runs/${slow}`));
      await page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: /^slow target running/ }).waitFor({ timeout: 20_000 });
      await check(`${scheme}: a running run`);
      await page.getByRole('group', { name: 'Run actions' }).getByRole('button', { name: 'Cancel run' }).click();
      await page.getByRole('alertdialog').waitFor();
      await check(`${scheme}: the cancel dialog`);
      await page.keyboard.press('Escape');
    }
    await apiOk(daemon, 'runs.cancel', { id: slow });
    await audit.context.close();
    expect(found).toEqual({});
  });

  it('reported no CSP violation and no console error', () => {
    expect(tab.cspViolations).toEqual([]);
    expect(tab.consoleErrors).toEqual([]); // a refused re-run is an answer (runs.rerunChoices), not a failed request
  });
});

/** Whether any process of group `pgid` remains. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
