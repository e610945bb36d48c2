import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../../helpers/temp-home.js';
import { startDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { apiCall, apiOk } from '../../helpers/api-client.js';
import { openStore } from '../../../electron/engine/store/open-store.js';
import { prepareHome } from '../../../electron/engine/home.js';
import { decodeTimelineRuns } from '../../../shared/timeline-columns.js';

const PROJECT = `
name: ov
timezone: America/New_York
alerts: {error_rate: false, stuck_after: false, p95_factor: false, desktop: false}
pipelines:
  prices: {command: ["true"], description: "daily prices", alerts: {freshness: 5s}}
  signals: {command: ["true"], depends_on: [prices]}
jobs:
  daily: {pipelines: [signals], schedule: {cron: "0 19 * * 1-5", calendar: NYSE}}
`;

/** Runs seeded: two of three run job daily (prices + signals), one of three prices alone — 100,000 task runs. */
const RUNS = 60_000;
const MINUTE = 60_000;

let world: TempWorld;
let file: string;
let daemon: TestDaemon;
const children: ChildProcess[] = [];
const now = Date.now();
/** Created a minute apart, the newest a minute ago. */
const createdAt = (i: number): number => now - (RUNS - i) * MINUTE;
const isJob = (i: number): boolean => i % 3 !== 2;
/** Every 7th run failed (its last task failed). */
const failed = (i: number): boolean => i % 7 === 0;
const durationOf = (i: number): number => 1_000 + ((i * 7919) % 50_000);

function seed(): void {
  const db = openStore(prepareHome(world.home).database);
  const run = db.prepare(`INSERT INTO runs (project, project_file, targets, selection, force, partition, partition_key, params, pools, trigger, state, created_at, started_at, finished_at)
    VALUES ('ov', ?, ?, 'upstream', 0, ?, ?, '{}', '{}', ?, ?, ?, ?, ?)`);
  const task = db.prepare(`INSERT INTO task_runs (run_id, pipeline, topo_index, state, spec, spec_hash, upstream, is_target, created_at, started_at, finished_at)
    VALUES (?, ?, ?, ?, '{}', 'h', '[]', ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const at = createdAt(i);
      const date = new Date(at).toISOString().slice(0, 10);
      const end = at + durationOf(i);
      const id = Number(run.run(file, JSON.stringify(isJob(i) ? ['daily'] : ['prices']), JSON.stringify({ date }), `date=${date}`, isJob(i) ? 'schedule' : 'cli', failed(i) ? 'failed' : 'succeeded', at, at, end).lastInsertRowid);
      if (isJob(i)) {
        task.run(id, 'prices', 0, 'succeeded', 0, at, at, at + 500);
        task.run(id, 'signals', 1, failed(i) ? 'failed' : 'succeeded', 1, at, at + 500, end);
      } else task.run(id, 'prices', 0, failed(i) ? 'failed' : 'succeeded', 1, at, at, end);
    }
    const alert = db.prepare(`INSERT INTO alerts (rule, dedupe_key, severity, state, project, pipeline, title, body, opened_at, last_seen_at) VALUES (?, ?, 'error', ?, 'ov', ?, 't', 'b', ?, ?)`);
    alert.run('run_failed', 'k1', 'open', 'signals', now, now);
    alert.run('schedule_failed', 'k2', 'open', 'daily', now, now);
    alert.run('run_failed', 'k3', 'resolved', 'signals', now, now);
  })();
  db.close();
}

beforeAll(async () => {
  world = tempWorld();
  file = world.writeProject(PROJECT);
  seed();
  daemon = await startDaemon(world.home, world.project);
  children.push(daemon.child);
}, 60_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** The ids, newest first, of the seeded runs matching `keep`. */
function newestIds(keep: (i: number) => boolean, count: number): number[] {
  const ids: number[] = [];
  for (let i = RUNS - 1; i >= 0 && ids.length < count; i--) if (keep(i)) ids.push(i + 1);
  return ids;
}

describe('overview.targets over HTTP', () => {
  it('sums up every job and pipeline (newest 30 runs, last success, freshness, open alerts) from 100,000 task runs in milliseconds', async () => {
    await apiOk(daemon, 'overview.targets', {}); // statements prepared, pages warm
    const started = performance.now();
    const targets = await apiOk(daemon, 'overview.targets', {});
    const ms = performance.now() - started;
    console.log(`overview.targets over 100,000 task runs: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(250);
    expect(targets.map((t) => [t.kind, t.name, t.scheduleKey])).toEqual([
      ['job', 'daily', `${file}#job:daily`],
      ['pipeline', 'prices', null],
      ['pipeline', 'signals', null],
    ]);
    const [daily, prices, signals] = targets as [(typeof targets)[0], (typeof targets)[0], (typeof targets)[0]];
    expect(daily).toMatchObject({ key: `${file}#job:daily`, project: 'ov', projectFile: file, timezone: 'America/New_York', members: ['signals'], description: null });
    expect(prices).toMatchObject({ description: 'daily prices', members: [], freshnessMs: 5_000, stale: true });

    // A job's runs are the runs of exactly that target; a pipeline's are its task runs in any run.
    expect(daily.recent.map((r) => r.runId)).toEqual(newestIds(isJob, 30));
    expect(prices.recent.map((r) => r.runId)).toEqual(newestIds(() => true, 30));
    expect(signals.recent.map((r) => r.runId)).toEqual(newestIds(isJob, 30));
    const newest = RUNS - 1; // a prices-only run (i % 3 === 2)
    expect(prices.recent[0]).toEqual({ runId: newest + 1, state: failed(newest) ? 'failed' : 'succeeded', trigger: 'cli', createdAt: createdAt(newest), startedAt: createdAt(newest), finishedAt: createdAt(newest) + durationOf(newest) });
    const lastJob = newestIds(isJob, 1)[0]! - 1;
    expect(daily.recent[0]).toMatchObject({ state: failed(lastJob) ? 'failed' : 'succeeded', trigger: 'schedule', finishedAt: createdAt(lastJob) + durationOf(lastJob) });
    const lastGoodJob = newestIds((i) => isJob(i) && !failed(i), 1)[0]! - 1;
    expect(daily.lastSuccessAt).toBe(createdAt(lastGoodJob) + durationOf(lastGoodJob));
    expect(signals.lastSuccessAt).toBe(createdAt(lastGoodJob) + durationOf(lastGoodJob));
    expect(daily.freshnessMs).toBeNull(); // its one pipeline (signals) sets none
    expect(signals.stale).toBe(false);

    // Open alerts only: signals' own; the job's own (schedule_failed) plus its pipeline's.
    expect(signals.openAlerts).toBe(1);
    expect(daily.openAlerts).toBe(2);

    const few = await apiOk(daemon, 'overview.targets', { project: file, recent: 3 });
    expect(few.map((t) => t.recent.length)).toEqual([3, 3, 3]);
  }, 30_000);

  it('refuses a bad recent (400) and an unknown project (404)', async () => {
    expect(await apiCall(daemon, 'overview.targets', { recent: 500 })).toMatchObject({ status: 400, body: { error: 'recent must be at most 200' } });
    expect(await apiCall(daemon, 'overview.targets', { recent: -1 })).toMatchObject({ status: 400, body: { error: 'recent must be a whole number ≥ 0' } });
    expect(await apiCall(daemon, 'overview.targets', { project: '/no/tickwork.yaml' })).toMatchObject({ status: 404, body: { error: 'no such project: /no/tickwork.yaml' } });
  });
});

describe('timeline.runs over HTTP', () => {
  it('gives the runs of a window oldest first as columns, 10,080 runs of a week in one compact answer, the newest kept under a limit', async () => {
    const day = decodeTimelineRuns(await apiOk(daemon, 'timeline.runs', { from: now - 86_400_000, to: now }));
    expect(day.runs.length).toBe(1_440);
    expect(day.truncated).toBe(false);
    expect(day.runs[0]).toEqual({
      id: RUNS - 1_440 + 1, projectFile: file, targets: isJob(RUNS - 1_440) ? ['daily'] : ['prices'], state: failed(RUNS - 1_440) ? 'failed' : 'succeeded',
      trigger: isJob(RUNS - 1_440) ? 'schedule' : 'cli', partitionKey: expect.stringMatching(/^date=\d{4}-\d\d-\d\d$/),
      createdAt: createdAt(RUNS - 1_440), startedAt: createdAt(RUNS - 1_440), finishedAt: createdAt(RUNS - 1_440) + durationOf(RUNS - 1_440),
    });
    expect(day.runs.at(-1)!.id).toBe(RUNS);

    const started = performance.now();
    const columns = await apiOk(daemon, 'timeline.runs', { from: now - 7 * 86_400_000, to: now + 2 * 86_400_000 });
    const week = decodeTimelineRuns(columns);
    const bytes = JSON.stringify(columns).length;
    console.log(`timeline.runs, a week (${week.runs.length} runs, ${(bytes / 1024).toFixed(0)} KB): ${(performance.now() - started).toFixed(1)} ms`);
    // Strings are tables the columns index (one project, two target lists, two states, two triggers): ~25 bytes a run, not ~250 as objects.
    expect([columns.projectFiles, columns.targetLists.length, columns.states.length, columns.triggers.length]).toEqual([[file], 2, 2, 2]);
    expect(bytes / week.runs.length).toBeLessThan(40);
    expect(week.runs.length).toBe(7 * 1_440);
    const ids = week.runs.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // A run created before the window that is still going inside it shows.
    const late = decodeTimelineRuns(await apiOk(daemon, 'timeline.runs', { from: createdAt(RUNS - 1) + 1, to: now }));
    expect(late.runs.map((r) => r.id)).toEqual([RUNS]);

    const limited = decodeTimelineRuns(await apiOk(daemon, 'timeline.runs', { from: now - 86_400_000, to: now, limit: 100 }));
    expect([limited.runs.length, limited.truncated, limited.runs[0]!.id, limited.runs.at(-1)!.id]).toEqual([100, true, RUNS - 99, RUNS]);
  }, 30_000);

  it('refuses a bad window or limit with 400 naming it', async () => {
    expect(await apiCall(daemon, 'timeline.runs', { from: 10, to: 5 })).toMatchObject({ status: 400, body: { error: 'to must be after from' } });
    expect(await apiCall(daemon, 'timeline.runs', { from: 'x', to: 5 })).toMatchObject({ status: 400, body: { error: 'from must be a whole number ≥ 0' } });
    expect(await apiCall(daemon, 'timeline.runs', { from: 0, to: 400 * 86_400_000 })).toMatchObject({ status: 400, body: { error: 'from…to may span at most 366 days' } });
    expect(await apiCall(daemon, 'timeline.runs', { from: 0, to: 5, limit: 0 })).toMatchObject({ status: 400, body: { error: 'limit must be from 1 to 100000' } });
  });
});

describe('calendar.days over HTTP', () => {
  it('gives NYSE closed days as New York days (a weekend and Martin Luther King Jr. Day) and early closes', async () => {
    const days = await apiOk(daemon, 'calendar.days', { from: '2025-01-17', to: '2025-01-21' });
    expect(days).toMatchObject({ calendar: 'NYSE', timezone: 'America/New_York', from: '2025-01-17', to: '2025-01-21', earlyCloses: [] });
    expect(days.closed).toEqual([
      { date: '2025-01-18', why: 'weekend', name: null, startsAt: Date.UTC(2025, 0, 18, 5), endsAt: Date.UTC(2025, 0, 19, 5) },
      { date: '2025-01-19', why: 'weekend', name: null, startsAt: Date.UTC(2025, 0, 19, 5), endsAt: Date.UTC(2025, 0, 20, 5) },
      { date: '2025-01-20', why: 'holiday', name: expect.stringMatching(/Martin Luther King/), startsAt: Date.UTC(2025, 0, 20, 5), endsAt: Date.UTC(2025, 0, 21, 5) },
    ]);
    // Across the spring DST change the day is 23 hours long.
    const spring = await apiOk(daemon, 'calendar.days', { from: '2025-03-09', to: '2025-03-09' });
    expect(spring.closed[0]!.endsAt - spring.closed[0]!.startsAt).toBe(23 * 3_600_000);
    const thanksgiving = await apiOk(daemon, 'calendar.days', { from: '2025-11-27', to: '2025-11-28' });
    expect(thanksgiving.closed.map((d) => [d.date, d.why])).toEqual([['2025-11-27', 'holiday']]);
    expect(thanksgiving.earlyCloses).toEqual([{ date: '2025-11-28', name: expect.any(String) }]);
    const weekdays = await apiOk(daemon, 'calendar.days', { calendar: 'weekdays', from: '2025-01-18', to: '2025-01-18', timezone: 'Europe/London' });
    expect([weekdays.calendar, weekdays.timezone, weekdays.closed[0]!.startsAt]).toEqual(['WEEKDAYS', 'Europe/London', Date.UTC(2025, 0, 18)]);
  });

  it('refuses an unknown calendar, a bad date, a reversed or too long range and a bad zone with 400', async () => {
    expect(await apiCall(daemon, 'calendar.days', { calendar: 'LSE', from: '2025-01-01', to: '2025-01-02' })).toMatchObject({ status: 400, body: { error: 'calendar must be one of NYSE, WEEKDAYS' } });
    expect(await apiCall(daemon, 'calendar.days', { from: '2025-13-01', to: '2025-01-02' })).toMatchObject({ status: 400, body: { error: 'from must be a date YYYY-MM-DD' } });
    expect(await apiCall(daemon, 'calendar.days', { from: '2025-01-02', to: '2025-01-01' })).toMatchObject({ status: 400, body: { error: 'to must not be before from' } });
    expect(await apiCall(daemon, 'calendar.days', { from: '2020-01-01', to: '2025-01-01' })).toMatchObject({ status: 400, body: { error: 'from…to may span at most 1098 days' } });
    expect(await apiCall(daemon, 'calendar.days', { from: '2025-01-01', to: '2025-01-02', timezone: 'Mars/Olympus' })).toMatchObject({ status: 400, body: { error: 'timezone must be an IANA zone name, e.g. America/New_York' } });
  });
});

describe('projects.list', () => {
  it('names each project’s timezone (the dashboard’s exchange zone)', async () => {
    expect(await apiOk(daemon, 'projects.list', {})).toEqual([{ name: 'ov', file, timezone: 'America/New_York', pipelines: ['prices', 'signals'], jobs: ['daily'] }]);
  });
});
