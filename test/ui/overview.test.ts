/**
 * The Overview end to end: the real daemon on a temp home, Debian's
 * Chromium, roles and accessible names only. An example-like project (the
 * tetra stages, jobs daily / weekly and a 6-field `ticker` every 3 seconds):
 * every pipeline and job listed with its next fire in the exchange's and the
 * local zone; the Run button's run appears live and succeeds; pausing
 * ticker's schedule records its next slot as skipped, and the switch and
 * the timeline say so; the time-zone toggle; the timeline by keyboard; axe
 * in light and dark. Then 10,000 past runs drawn within 300 ms, and the
 * bundled examples/tetra with a few days of history for
 * docs/screenshots/overview.png. Screenshots in light and dark go to
 * TICKWORK_SCREENSHOTS (default /tmp/tickwork-overview).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { launchBrowser, watchedPage, type WatchedPage } from '../helpers/browser.js';
import { apiOk } from '../helpers/api-client.js';
import { waitForAsync } from '../helpers/wait-for.js';
import { openStore } from '../../electron/engine/store/open-store.js';
import { prepareHome } from '../../electron/engine/home.js';
import { shortTimeIn, zoneAbbreviation } from '../../renderer/format/zone-format.js';
import { zonedWallToUtc } from '../../shared/zone-offset.js';

const require = createRequire(import.meta.url);
const SHOTS = process.env.TICKWORK_SCREENSHOTS ?? path.join(os.tmpdir(), 'tickwork-overview');
const DOCS_SHOT = path.resolve(__dirname, '..', '..', 'docs', 'screenshots', 'overview.png');
const TETRA = path.resolve(__dirname, '..', '..', 'examples', 'tetra');
const NY = 'America/New_York';
const LOCAL = Intl.DateTimeFormat().resolvedOptions().timeZone;

const PROJECT = `
name: tetra-like
timezone: America/New_York
alerts: {desktop: false}
pipelines:
  data: {command: ["sh", "-c", "echo data"], description: "Synthetic prices and macro series"}
  scenarios: {command: ["sh", "-c", "sleep 0.4; echo scenarios"], depends_on: [data]}
  metrics: {command: ["sh", "-c", "sleep 0.3; echo metrics"], depends_on: [data, scenarios], alerts: {freshness: 26h}}
  assessment: {command: ["sh", "-c", "echo assessment"], depends_on: [scenarios, metrics]}
jobs:
  daily: {pipelines: [data], schedule: {cron: "0 19 * * 1-5", calendar: NYSE}}
  weekly: {pipelines: [scenarios, metrics, assessment], schedule: "0 20 * * 0"}
  ticker: {pipelines: [data], schedule: {cron: "*/3 * * * * *"}}
`;

let world: TempWorld;
let daemon: TestDaemon;
let browser: Browser;
let tab: WatchedPage;
const children: ChildProcess[] = [];
const timings: Record<string, number> = {};

/** Signs `tab` in to `target`'s dashboard through a one-time URL; resolves on the Overview. */
async function signIn(home: string, page: Page): Promise<void> {
  const ui = await tickwork(home, ['ui', '--no-open']);
  expect(ui.code).toBe(0);
  await page.goto(ui.stdout.trim());
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}

/** A row of the targets table by its target's name. */
function targetRow(page: Page, name: string) {
  return page.getByRole('table', { name: 'Pipelines and jobs' }).getByRole('row', { name: new RegExp(`^${name} (job|pipeline)\\b`) });
}

/** Serious and critical axe violations on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  world = tempWorld();
  world.writeProject(PROJECT);
  [daemon, browser] = await Promise.all([startDaemon(world.home, world.project), launchBrowser()]);
  children.push(daemon.child);
  tab = await watchedPage(browser, { viewport: { width: 1440, height: 900 } });
  await signIn(world.home, tab.page);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (Object.keys(timings).length) console.log(`overview timings (ms): ${JSON.stringify(timings)}`);
});

describe('the Overview in Chromium', () => {
  it('lists every job and pipeline of the project, each schedule’s next fire in the exchange’s zone and local time', async () => {
    const { page } = tab;
    for (const name of ['daily', 'weekly', 'ticker', 'data', 'scenarios', 'metrics', 'assessment']) await targetRow(page, name).waitFor();
    expect(await page.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    const schedules = await apiOk(daemon, 'schedules.list', {});
    const now = Date.now();
    for (const name of ['daily', 'weekly']) {
      const next = schedules.find((s) => s.name === name)!.nextFires[0]!;
      const text = await targetRow(page, name).innerText();
      expect(text).toContain(`${shortTimeIn(next, NY, now)} ${zoneAbbreviation(next, NY)}`);
      if (LOCAL !== NY) expect(text).toContain(`${shortTimeIn(next, LOCAL, now)} ${zoneAbbreviation(next, LOCAL)}`);
    }
    expect(await targetRow(page, 'daily').innerText()).toMatch(/19:00 E[SD]T/);
    expect(await targetRow(page, 'weekly').innerText()).toMatch(/Sun \d\d-\d\d 20:00 E[SD]T/);
    expect(await targetRow(page, 'data').innerText()).toContain('manual');
    expect(await page.getByRole('switch', { name: 'Schedule of daily' }).getAttribute('aria-checked')).toBe('true');
    // The timeline draws a lane per schedule (and per target that ran), with the fires in view.
    await page.getByRole('group', { name: /^Schedule timeline, \d+ lanes/ }).waitFor();
  });

  it('runs a job from its Run button: the created run is linked and its row turns succeeded live', async () => {
    const { page } = tab;
    const row = targetRow(page, 'weekly');
    const started = Date.now();
    await page.getByRole('button', { name: 'Run weekly' }).click();
    const link = row.getByRole('status').getByRole('link', { name: /^Run \d+$/ });
    await link.waitFor();
    timings.runButtonToLink = Date.now() - started;
    const id = Number((await link.getAttribute('aria-label'))!.replace('Run ', ''));
    await row.getByRole('link', { name: `Run ${id}` }).first().waitFor();
    await page.getByRole('table', { name: 'Pipelines and jobs' }).getByRole('row', { name: new RegExp(`^weekly job .*succeeded Run ${id}\\b`) }).waitFor({ timeout: 20_000 });
    timings.runButtonToSucceeded = Date.now() - started;
    expect((await apiOk(daemon, 'runs.get', { id })).run).toMatchObject({ state: 'succeeded', targets: ['weekly'], trigger: 'api' });
    // Its pipelines' rows followed (scenarios, metrics and assessment ran in it), and the sparkline counts the run.
    await page.getByRole('table', { name: 'Pipelines and jobs' }).getByRole('row', { name: new RegExp(`^assessment pipeline .*succeeded Run ${id}\\b`) }).waitFor();
    expect(await row.getByRole('img').getAttribute('aria-label')).toMatch(/^Last run: median /);
    // The link opens the run.
    await link.click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Run ${id}`) }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  });

  it('pauses a schedule: the switch shows paused, its next slot is recorded as skipped (no run) and the timeline marks it', async () => {
    const { page } = tab;
    const toggle = page.getByRole('switch', { name: 'Schedule of ticker' });
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.click();
    await page.getByRole('switch', { name: 'Schedule of ticker', checked: false }).waitFor();
    expect(await toggle.innerText()).toBe('Paused');
    const key = (await apiOk(daemon, 'schedules.list', {})).find((s) => s.name === 'ticker')!;
    expect(key.paused).toMatchObject({ until: null });
    const pausedAt = key.paused!.pausedAt;
    const runsBefore = (await apiOk(daemon, 'overview.targets', {})).find((t) => t.name === 'ticker')!.recent.map((r) => r.runId);

    // Within a few seconds a slot comes due: recorded `paused`, nothing fired.
    const slot = await waitForAsync(async () => {
      const periods = await apiOk(daemon, 'timeline.periods', { from: pausedAt, to: Date.now() + 60_000 });
      return periods.slots.find((s) => s.key === key.key && s.outcome === 'paused');
    }, 'a paused slot of ticker', 15_000);
    expect(slot.slot).toBeGreaterThan(pausedAt);
    const runsAfter = (await apiOk(daemon, 'overview.targets', {})).find((t) => t.name === 'ticker')!.recent.map((r) => r.runId);
    expect(runsAfter).toEqual(runsBefore);
    expect(await targetRow(page, 'ticker').innerText()).toContain('paused');

    // The timeline's table lists the skipped slot once its fire time passed (the page asks then; no polling).
    await page.getByRole('button', { name: 'Show as table' }).click();
    const table = page.getByRole('table', { name: 'Schedule timeline as a table' });
    await table.getByRole('row', { name: /^ticker Slot skipped \(paused\)/ }).first().waitFor({ timeout: 10_000 });
    await table.getByRole('row', { name: /^weekly Run \d+ succeeded/ }).first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'overview-table-light.png') });
    await page.getByRole('button', { name: 'Show as chart' }).click();

    // The engine holds the pause: a reload shows it again.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('switch', { name: 'Schedule of ticker', checked: false }).waitFor();
  });

  it('shows times in the exchange’s zone, local time or UTC as the header’s toggle says', async () => {
    const { page } = tab;
    const zones = page.getByRole('radiogroup', { name: 'Time zone' });
    expect(await zones.getByRole('radio', { name: 'Exchange' }).getAttribute('aria-checked')).toBe('true');
    const next = (await apiOk(daemon, 'schedules.list', {})).find((s) => s.name === 'daily')!.nextFires[0]!;
    await zones.getByRole('radio', { name: 'UTC' }).click();
    await page.getByText('times in UTC').waitFor();
    expect(await targetRow(page, 'daily').innerText()).toContain(`${shortTimeIn(next, 'UTC', Date.now())} UTC`);
    // Arrow keys move the choice, as in any radio group.
    await zones.getByRole('radio', { name: 'UTC' }).press('ArrowLeft');
    expect(await zones.getByRole('radio', { name: 'Local' }).getAttribute('aria-checked')).toBe('true');
    await page.getByText(`times in ${LOCAL}`).waitFor();
    await zones.getByRole('radio', { name: 'Exchange' }).click();
    await page.getByText(`times in ${NY}`).waitFor();
  });

  it('zooms, pans and steps through the timeline by keyboard, with the details of the focused item announced', async () => {
    const { page } = tab;
    const chart = page.getByRole('group', { name: /^Schedule timeline, / });
    const zoom = page.getByRole('toolbar', { name: 'Timeline zoom' });
    expect(await zoom.getByText('3 days').count()).toBe(1);
    await chart.focus();
    await page.keyboard.press('+');
    await zoom.getByText('24 h').waitFor();
    await page.keyboard.press('ArrowLeft');
    expect(await zoom.getByRole('button', { name: 'Now' }).isEnabled()).toBe(true);
    await page.keyboard.press('0');
    await zoom.getByText('3 days').waitFor();
    await page.keyboard.press('[');
    const details = page.getByRole('status').filter({ hasText: /^(weekly|ticker|daily|data): / });
    await details.waitFor();
    expect(await details.innerText()).toMatch(/(Run \d+ \w+|Next fire|Slot skipped)/);
    await zoom.getByRole('button', { name: 'Zoom out' }).click();
    await zoom.getByText('7 days').waitFor();
    await zoom.getByRole('button', { name: 'Now' }).click();
    await zoom.getByText('3 days').waitFor();
  });

  it('has no serious or critical accessibility violation, in light and dark, chart and table (axe-core)', async () => {
    // A page of its own: axe injects a <style> element, which the CSP rightly blocks, and that must not count against the app.
    const audit = await watchedPage(browser, { viewport: { width: 1440, height: 900 } });
    await audit.context.addCookies(await tab.context.cookies());
    const { page } = audit;
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`http://127.0.0.1:${daemon.port}/`);
      await targetRow(page, 'weekly').getByText('succeeded').waitFor();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(SHOTS, `overview-${scheme}.png`), fullPage: true });
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Show as table' }).click();
      await page.getByRole('table', { name: 'Schedule timeline as a table' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
    }
    await audit.context.close();
  });

  it('reported no console error and no CSP violation', () => {
    // The Run view the Run button's link opened asks for re-run previews the engine refuses (409: nothing failed); nothing else may fail.
    expect(tab.consoleErrors.filter((text) => !/409 \(Conflict\)/.test(text))).toEqual([]);
    expect(tab.cspViolations).toEqual([]);
  });
});

/** Inserts finished runs (and their task runs) straight into a home's store, as a daemon would have left them. */
function seedRuns(home: string, file: string, project: string, runs: ReadonlyArray<{ targets: string[]; pipelines: string[]; at: number; ms: number; state?: 'succeeded' | 'failed'; trigger?: string }>): number[] {
  const db = openStore(prepareHome(home).database);
  const insertRun = db.prepare(`INSERT INTO runs (project, project_file, targets, selection, force, partition, partition_key, params, pools, trigger, state, created_at, started_at, finished_at)
    VALUES (?, ?, ?, 'upstream', 0, ?, ?, '{}', '{}', ?, ?, ?, ?, ?)`);
  const insertTask = db.prepare(`INSERT INTO task_runs (run_id, pipeline, topo_index, state, spec, spec_hash, upstream, is_target, created_at, started_at, finished_at)
    VALUES (?, ?, ?, ?, '{}', 'seed', '[]', 1, ?, ?, ?)`);
  const ids: number[] = [];
  db.transaction(() => {
    for (const run of runs) {
      const date = new Date(run.at).toISOString().slice(0, 10);
      const state = run.state ?? 'succeeded';
      const id = Number(insertRun.run(project, file, JSON.stringify(run.targets), JSON.stringify({ date }), `date=${date}`, run.trigger ?? 'schedule', state, run.at, run.at + 200, run.at + run.ms).lastInsertRowid);
      const share = run.ms / run.pipelines.length;
      run.pipelines.forEach((pipeline, i) => {
        const last = i === run.pipelines.length - 1;
        insertTask.run(id, pipeline, i, last && state === 'failed' ? 'failed' : 'succeeded', run.at, run.at + 200 + i * share, run.at + 200 + (i + 1) * share);
      });
      ids.push(id);
    }
  })();
  db.close();
  return ids;
}

describe('the schedule timeline with 10,000 past runs', () => {
  it('lays out and paints them within 300 ms', async () => {
    const w = tempWorld();
    const file = w.writeProject(PROJECT.replace('  ticker: {pipelines: [data], schedule: {cron: "*/3 * * * * *"}}\n', ''));
    const now = Date.now();
    const targets = [['daily', ['data']], ['weekly', ['scenarios', 'metrics', 'assessment']], ['data', ['data']], ['metrics', ['metrics']]] as const;
    seedRuns(w.home, file, 'tetra-like', Array.from({ length: 10_000 }, (_, i) => {
      const [target, pipelines] = targets[i % targets.length]!;
      return { targets: [target], pipelines: [...pipelines], at: now - 23 * 3_600_000 + i * 8_000, ms: 2_000 + (i % 17) * 300, state: i % 29 ? 'succeeded' : 'failed', trigger: 'cli' };
    }));
    const big = await startDaemon(w.home, w.project);
    children.push(big.child);
    const page = (await watchedPage(browser, { viewport: { width: 1440, height: 900 } })).page;
    await signIn(w.home, page);
    const navigated = Date.now();
    await page.goto(`http://127.0.0.1:${big.port}/`);
    const measure = (await page.waitForFunction(() => {
      const entries = performance.getEntriesByName('tickwork:timeline') as unknown as Array<{ duration: number; startTime: number; detail: unknown }>;
      const full = entries.find((e) => (e.detail as { bars: number }).bars >= 10_000);
      return full ? { duration: full.duration, bars: (full.detail as { bars: number }).bars, at: full.startTime + full.duration } : null;
    }, undefined, { timeout: 30_000 }).then((handle) => handle.jsonValue())) as { duration: number; bars: number };
    timings.timeline10kLayoutPaint = Math.round(measure.duration);
    timings.timeline10kNavigationToPainted = Date.now() - navigated;
    const fetched = (await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/timeline.runs')).map((e) => Math.round(e.duration)))) as number[];
    timings.timeline10kFetch = fetched[0] ?? -1;
    expect(measure.bars).toBe(10_000);
    expect(measure.duration).toBeLessThanOrEqual(300);
    await page.screenshot({ path: path.join(SHOTS, 'overview-10k-light.png') });
    await page.context().close();
  }, 90_000);
});

describe('the bundled example (examples/tetra) with a few days of history', () => {
  it('makes the README’s screenshot of the Overview', async () => {
    const w = tempWorld();
    const file = path.join(TETRA, 'tickwork.yaml');
    const now = Date.now();
    const H = 3_600_000;
    // Past slots as the scheduler fired them: daily at 19:00 New York on weekdays, weekly on Sundays at 20:00, and a few manual runs.
    const runs: Array<Parameters<typeof seedRuns>[3][number]> = [];
    for (let day = 30; day >= 1; day--) {
      const at = nyWallToUtc(now - day * 24 * H, 19);
      const weekday = new Date(at - 5 * H).getUTCDay();
      if (weekday >= 1 && weekday <= 5 && at < now) runs.push({ targets: ['daily'], pipelines: ['data'], at, ms: 1_100 + ((day * 37) % 9) * 90 });
      if (weekday === 0) runs.push({ targets: ['weekly'], pipelines: ['scenarios', 'metrics', 'assessment'], at: at + H, ms: 3_400 + (day % 5) * 220 });
      if (day % 6 === 2) runs.push({ targets: ['full'], pipelines: ['data', 'scenarios', 'metrics', 'assessment'], at: at - 9 * H, ms: 4_600 + (day % 4) * 300, trigger: 'cli' });
    }
    runs.push({ targets: ['metrics'], pipelines: ['metrics'], at: now - 5 * H, ms: 1_900, trigger: 'cli' });
    runs.sort((a, b) => a.at - b.at);
    // One daily run a few days back failed (its data task), so the sparkline shows one.
    const dailies = runs.filter((r) => r.targets[0] === 'daily');
    dailies[dailies.length - 3]!.state = 'failed';
    const ids = seedRuns(w.home, file, 'tetra', runs);
    // Last night the laptop slept over the daily slot: caught up on waking by the newest daily run.
    const lastDaily = runs.map((r, i) => ({ r, id: ids[i]! })).filter((x) => x.r.targets[0] === 'daily').at(-1)!;
    const db = openStore(prepareHome(w.home).database);
    db.prepare("INSERT INTO clock_periods (kind, started_at, ended_at, source, recorded_at) VALUES ('sleep', ?, ?, 'power_event', ?)").run(lastDaily.r.at - 50 * 60_000, lastDaily.r.at + 35 * 60_000, now);
    db.prepare("INSERT INTO schedule_slots (schedule_key, slot, outcome, run_id, recorded_at) VALUES (?, ?, 'caught_up', ?, ?)").run(`${file}#job:daily`, lastDaily.r.at, lastDaily.id, now);
    db.prepare('UPDATE runs SET created_at = created_at + ?, started_at = started_at + ?, finished_at = finished_at + ? WHERE id = ?').run(35 * 60_000, 35 * 60_000, 35 * 60_000, lastDaily.id);
    db.prepare('UPDATE task_runs SET created_at = created_at + ?, started_at = started_at + ?, finished_at = finished_at + ? WHERE run_id = ?').run(35 * 60_000, 35 * 60_000, 35 * 60_000, lastDaily.id);
    db.close();

    const tetra = await startDaemon(w.home, TETRA, { TETRA_DATA_DIR: path.join(w.root, 'tetra-data') });
    children.push(tetra.child);
    const shot = await watchedPage(browser, { viewport: { width: 1440, height: 760 } });
    const { page } = shot;
    await signIn(w.home, page);
    await page.getByRole('button', { name: 'Run full' }).click();
    const created = targetRow(page, 'full').getByRole('status').getByRole('link', { name: /^Run \d+$/ });
    await created.waitFor();
    const id = (await created.getAttribute('aria-label'))!.replace('Run ', '');
    await page.getByRole('table', { name: 'Pipelines and jobs' }).getByRole('row', { name: new RegExp(`^full job .*succeeded Run ${id}\\b`) }).waitFor({ timeout: 30_000 });
    await targetRow(page, 'assessment').getByText('succeeded').waitFor();
    // A week around now: the weekend's closed days in view.
    await page.getByRole('toolbar', { name: 'Timeline zoom' }).getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('toolbar', { name: 'Timeline zoom' }).getByText('7 days').waitFor();
    await page.mouse.move(0, 0);
    fs.mkdirSync(path.dirname(DOCS_SHOT), { recursive: true });
    await page.screenshot({ path: DOCS_SHOT });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(SHOTS, 'overview-tetra-dark.png') });
    await shot.context.close();
  }, 90_000);
});

/** `hour`:00 New York time on the New York date of `near`. */
function nyWallToUtc(near: number, hour: number): number {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: NY, year: 'numeric', month: '2-digit', day: '2-digit' }).format(near).split('-').map(Number) as [number, number, number];
  return zonedWallToUtc(Date.UTC(y, m - 1, d, hour), NY);
}
