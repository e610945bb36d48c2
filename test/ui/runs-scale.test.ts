/**
 * The Runs view with years of history: 100,000 runs in the store, the view
 * interactive within a second of navigation, rows virtualized, the next page
 * fetched as the user scrolls; a live run on top of it. With
 * TICKWORK_SCREENSHOTS=DIR it also saves the Runs and Run views in light
 * and dark there (to look at).
 */
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { launchBrowser, watchedPage, type WatchedPage } from '../helpers/browser.js';
import { openStore } from '../../electron/engine/store/open-store.js';
import { insertRun } from '../../electron/engine/store/run-store.js';
import { prepareHome } from '../../electron/engine/home.js';

const RUNS = 100_000;
const TARGETS = [['prices'], ['fundamentals'], ['signals'], ['risk', 'report'], ['backtest']];
const TRIGGERS = ['schedule', 'schedule', 'schedule', 'cli', 'api', 'backfill'] as const;

let world: TempWorld;
let daemon: TestDaemon;
let browser: Browser;
let tab: WatchedPage;
const children: ChildProcess[] = [];

/** Fills the store with finished runs spread over the past years (as the daemon would have left them). */
function seedRuns(home: string, project: string): void {
  const db = openStore(prepareHome(home).database);
  const start = Date.now() - RUNS * 20 * 60_000;
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const createdAt = start + i * 20 * 60_000;
      const day = new Date(createdAt).toISOString().slice(0, 10);
      insertRun(db, {
        project: 'scale', projectFile: path.join(project, 'tickwork.yaml'), targets: TARGETS[i % TARGETS.length]!, selection: 'upstream', force: false,
        partition: i % 3 ? { date: day, region: i % 2 ? 'eu' : 'us' } : { date: day }, params: i % 7 ? {} : { universe: 'sp500' }, pools: { default: 4 },
        trigger: TRIGGERS[i % TRIGGERS.length]!,
      }, createdAt);
    }
    db.prepare(`UPDATE runs SET started_at = created_at + 1000, finished_at = created_at + 1000 + (id * 7919) % 900000,
      state = CASE WHEN id % 23 = 0 THEN 'failed' WHEN id % 61 = 0 THEN 'cancelled' ELSE 'succeeded' END,
      reason = CASE WHEN id % 23 = 0 THEN 'task signals failed (exit 1)' END`).run();
  })();
  db.close();
}

beforeAll(async () => {
  world = tempWorld();
  world.writeProject(`
name: scale
pipelines:
  prices: {command: ["sh", "-c", "echo prices"]}
  fundamentals: {command: ["sh", "-c", "sleep 0.2; echo fundamentals"]}
  signals: {command: ["sh", "-c", "sleep 0.3"], depends_on: [prices, fundamentals]}
  risk: {command: ["sh", "-c", "echo risk"], depends_on: [signals]}
  report: {command: ["sh", "-c", "echo report"], depends_on: [risk]}
  backtest: {command: ["sleep", "30"], depends_on: [signals]}
`);
  seedRuns(world.home, world.project);
  [daemon, browser] = await Promise.all([startDaemon(world.home, world.project), launchBrowser()]);
  children.push(daemon.child);
  tab = await watchedPage(browser, { viewport: { width: 1440, height: 900 } });
  const ui = await tickwork(world.home, ['ui', '--no-open']);
  await tab.page.goto(ui.stdout.trim());
  // Signing in lands on the Overview; this file is about the Runs view.
  await tab.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  await tab.page.getByRole('navigation').getByRole('link', { name: 'Runs' }).click();
  await tab.page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('the Runs view with 100,000 runs', () => {
  it('shows the newest runs within a second of navigation and keeps only the visible rows in the page', async () => {
    const { page } = tab;
    await page.goto('about:blank');
    const started = Date.now();
    await page.goto(`http://127.0.0.1:${daemon.port}/runs`);
    await page.getByRole('row', { name: new RegExp(`^Run ${RUNS} `) }).waitFor();
    const elapsed = Date.now() - started;
    console.log(`Runs view, ${RUNS.toLocaleString('en')} runs: newest row visible ${elapsed} ms after navigation`);
    expect(elapsed).toBeLessThan(3_000); // the target is 1 s (npm run bench); this bound only catches a regression on a busy machine
    expect(await page.getByRole('row').count()).toBeLessThan(80);
  });

  it('fetches older pages as the user scrolls, without growing the DOM', async () => {
    const { page } = tab;
    await page.getByRole('table', { name: 'Runs' }).hover();
    const deep = page.getByRole('row', { name: new RegExp(`^Run ${RUNS - 500} `) });
    // Two pages and a half down: each time the end of what is loaded comes into view, the next page is fetched.
    for (let i = 0; i < 200 && (await deep.count()) === 0; i++) {
      await page.mouse.wheel(0, 20 * 32);
    }
    await deep.waitFor();
    expect(await page.getByRole('row').count()).toBeLessThan(80);
  });

  it('filters 100,000 runs by state and text at once', async () => {
    const { page } = tab;
    await page.goto(`http://127.0.0.1:${daemon.port}/runs?state=failed&q=report`);
    const firstFailedReport = [...Array(RUNS).keys()].map((i) => RUNS - i).find((id) => id % 23 === 0 && id % 61 !== 0 && ((id - 1) % TARGETS.length) === 3)!;
    await page.getByRole('row', { name: new RegExp(`^Run ${firstFailedReport} failed risk, report`) }).waitFor();
  });

  it('puts a new run on top live, above the history', async () => {
    const { page } = tab;
    await page.goto(`http://127.0.0.1:${daemon.port}/runs`);
    await page.getByRole('row', { name: new RegExp(`^Run ${RUNS} `) }).waitFor();
    const run = await tickwork(world.home, ['run', 'report', '--project', world.project, '--wait']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    await page.getByRole('row', { name: new RegExp(`^Run ${RUNS + 1} succeeded report`) }).waitFor();
    const shots = process.env.TICKWORK_SCREENSHOTS;
    if (!shots) return;
    // A long run in flight and a failed one, so the pictures show every state.
    await tickwork(world.home, ['run', 'backtest', '--project', world.project]);
    await page.getByRole('row', { name: new RegExp(`^Run ${RUNS + 2} running`) }).waitFor({ timeout: 20_000 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`http://127.0.0.1:${daemon.port}/runs`);
      await page.getByRole('row', { name: new RegExp(`^Run ${RUNS + 2} `) }).waitFor();
      await page.screenshot({ path: path.join(shots, `runs-${scheme}.png`) });
      await page.goto(`http://127.0.0.1:${daemon.port}/runs?state=failed`);
      await page.getByRole('row', { name: /failed/ }).first().waitFor();
      await page.screenshot({ path: path.join(shots, `runs-failed-${scheme}.png`) });
      await page.goto(`http://127.0.0.1:${daemon.port}/runs/${RUNS + 2}`);
      await page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: /^backtest/ }).waitFor();
      await page.getByRole('table', { name: 'Tasks' }).getByRole('row', { name: /^signals (succeeded|cached)/ }).waitFor();
      await page.screenshot({ path: path.join(shots, `run-${scheme}.png`) });
    }
    await tickwork(world.home, ['cancel', String(RUNS + 2)]);
  });

  it('reported no CSP violation', () => {
    expect(tab.cspViolations).toEqual([]);
  });
});
