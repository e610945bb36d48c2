import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { exitOf, startTickwork, tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const DAY = 86_400_000;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const PROJECT = `
name: keep
partitions: {region: [US, EU]}
params: {fail: "0"}
pipelines:
  data: {command: ["sh", "-c", "echo data {{ date }} {{ partition.region }}; [ {{ params.fail }} = 0 ]"]}
  report: {command: ["sh", "-c", "echo report"], depends_on: [data]}
  slow: {command: ["sh", "-c", "while [ ! -f go ]; do sleep 0.05; done"]}
`;

/** Moves every time column of these runs (and of their tasks, attempts and events) `ms` into the past. */
function age(home: string, runIds: readonly number[], ms: number): void {
  const db = new Database(path.join(home, 'tickwork.db'));
  const ids = runIds.join(',');
  db.exec(`
    UPDATE runs SET created_at = created_at - ${ms}, started_at = started_at - ${ms}, finished_at = finished_at - ${ms} WHERE id IN (${ids});
    UPDATE task_runs SET created_at = created_at - ${ms}, started_at = started_at - ${ms}, finished_at = finished_at - ${ms} WHERE run_id IN (${ids});
    UPDATE attempts SET started_at = started_at - ${ms}, finished_at = finished_at - ${ms} WHERE task_run_id IN (SELECT id FROM task_runs WHERE run_id IN (${ids}));`);
  db.close();
}

/** Rows left of each run: [runs, task_runs, attempts, events]. */
function rowsOf(home: string, runId: number): number[] {
  const db = new Database(path.join(home, 'tickwork.db'), { readonly: true });
  const count = (sql: string): number => (db.prepare(sql).get(runId) as { n: number }).n;
  const rows = [
    count('SELECT count(*) AS n FROM runs WHERE id = ?'),
    count('SELECT count(*) AS n FROM task_runs WHERE run_id = ?'),
    count('SELECT count(*) AS n FROM attempts WHERE task_run_id IN (SELECT id FROM task_runs WHERE run_id = ?)'),
    count('SELECT count(*) AS n FROM events WHERE run_id = ?'),
  ];
  db.close();
  return rows;
}

async function run(w: TempWorld, ...args: string[]): Promise<number> {
  const result = await tickwork(w.home, ['run', ...args, '--wait', '--json', '--project', w.project]);
  const parsed = JSON.parse(result.stdout) as { id: number } | Array<{ id: number }>;
  return Array.isArray(parsed) ? parsed[0]!.id : parsed.id;
}

/**
 * Six finished runs and one active: 1 data US 01-01, 2 data US 01-02 (the
 * latest data success for US), 3 data EU 01-01 failed, 4 report US 01-01
 * (its data cached from run 1), all 100 days old; 5 data EU 01-02, 40 days
 * old; 6 data EU 01-03, new; 7 slow, running since 100 days.
 */
async function history(w: TempWorld): Promise<{ active: ChildProcess }> {
  w.writeProject(PROJECT);
  expect(await run(w, 'data', '--date', '2025-01-01', '--partition', 'region=US')).toBe(1);
  expect(await run(w, 'data', '--date', '2025-01-02', '--partition', 'region=US')).toBe(2);
  expect(await run(w, 'data', '--date', '2025-01-01', '--partition', 'region=EU', '--param', 'fail=1')).toBe(3);
  expect(await run(w, 'report', '--date', '2025-01-01', '--partition', 'region=US')).toBe(4);
  expect(await run(w, 'data', '--date', '2025-01-02', '--partition', 'region=EU')).toBe(5);
  expect(await run(w, 'data', '--date', '2025-01-03', '--partition', 'region=EU')).toBe(6);
  const active = startTickwork(w.home, ['run', 'slow', '--wait', '--project', w.project]);
  children.push(active);
  active.stdout!.resume();
  await waitFor(() => fs.existsSync(path.join(w.home, 'logs', '7', 'slow.1.log')), 'run 7 to start');
  age(w.home, [1, 2, 3, 4, 7], 100 * DAY);
  age(w.home, [5], 40 * DAY);
  return { active };
}

describe('tickwork prune', () => {
  it('lists what retention removes and deletes nothing without --apply; --apply deletes exactly that, keeping active runs and the latest successes', async () => {
    const w = tempWorld();
    const { active } = await history(w);
    const before = [1, 2, 3, 4, 5, 6, 7].map((id) => rowsOf(w.home, id));
    const logs = (id: number): boolean => fs.existsSync(path.join(w.home, 'logs', String(id)));

    const dry = await tickwork(w.home, ['prune', '--project', w.project]);
    expect(dry.code).toBe(0);
    const lines = dry.stdout.split('\n');
    expect(lines[1]).toMatch(/^would delete 1 run finished more than 90d ago with 1 task, 1 attempt, \d+ events and 2 log files \(\d+ bytes\)$/);
    expect(lines[2]).toMatch(/^ {2}run 3 {2}data {2}date=2025-01-01,region=EU {2}failed {2}finished \d{4}-\d\d-\d\d \(100d( \d+h)? ago\)/);
    // Run 1 stays (run 4 reuses its result) but its logs age out like any other.
    expect(lines[3]).toMatch(/^would delete the logs of 2 runs finished more than 30d ago: 4 log files \(\d+ bytes\)$/);
    expect(lines[4]).toMatch(/^ {2}run 5 {2}data {2}date=2025-01-02,region=EU {2}succeeded/);
    expect(lines[5]).toMatch(/^ {2}run 1 {2}data {2}date=2025-01-01,region=US {2}succeeded/);
    expect(dry.stdout).toContain('kept though old: 1 run still active, 2 runs holding the latest success of a partition, 1 run whose results later runs reuse');
    expect(dry.stdout).toContain('a dry run: nothing was deleted; tickwork prune --apply deletes it');
    // A dry run changes nothing.
    expect([1, 2, 3, 4, 5, 6, 7].map((id) => rowsOf(w.home, id))).toEqual(before);
    expect([1, 2, 3, 4, 5, 6, 7].map(logs)).toEqual([true, true, true, true, true, true, true]);

    const applied = await tickwork(w.home, ['prune', '--apply', '--project', w.project, '--json']);
    expect(applied.code).toBe(0);
    const report = JSON.parse(applied.stdout);
    expect(report.runs.map((r: { id: number }) => r.id)).toEqual([3]);
    expect(report.logs.map((r: { id: number }) => r.id)).toEqual([5, 1]);
    expect(report.totals).toMatchObject({ runs: 1, tasks: 1, attempts: 1, logFiles: 6 });
    expect(report.kept).toEqual({ active: 1, latest: 2, cachedFrom: 1 });

    // Run 3 is gone with its tasks, attempts, events and logs; runs 5 and 1 lost their logs only; the rest is as it was.
    expect(rowsOf(w.home, 3)).toEqual([0, 0, 0, 0]);
    expect(logs(3)).toBe(false);
    for (const id of [5, 1]) {
      expect(rowsOf(w.home, id)).toEqual(before[id - 1]);
      expect(logs(id)).toBe(false);
    }
    for (const id of [2, 4, 6, 7]) {
      expect(rowsOf(w.home, id)).toEqual(before[id - 1]);
      expect(logs(id)).toBe(true);
    }
    const db = new Database(path.join(w.home, 'tickwork.db'));
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The journal stays append-only for every run still in the store.
    expect(() => db.prepare('DELETE FROM events WHERE run_id = 1').run()).toThrow('events are append-only');
    db.close();

    // The cache still has what it reuses: run 1's data result, kept for run 4.
    const rerun = await tickwork(w.home, ['run', 'report', '--date', '2025-01-01', '--partition', 'region=US', '--wait', '--json', '--project', w.project]);
    const tasks = (JSON.parse(rerun.stdout) as { tasks: Array<{ pipeline: string; state: string; cached_from: number | null }> }).tasks;
    expect(tasks.find((t) => t.pipeline === 'data')).toMatchObject({ state: 'cached' });
    // The active run carries on and succeeds; a second prune finds nothing more.
    fs.writeFileSync(w.file('go'), '');
    expect(await exitOf(active)).toBe(0);
    // Now the new report run is the latest success of report for US: old run 4 goes, run 1 stays as the new run's source.
    const again = await tickwork(w.home, ['prune', '--apply', '--project', w.project]);
    expect(again.stdout).toMatch(/^deleted 1 run finished more than 90d ago with 2 tasks, 1 attempt, \d+ events and 2 log files .*\n {2}run 4 {2}report {2}/m);
    expect(again.stdout).toContain('1 run whose results later runs reuse');
    expect(rowsOf(w.home, 1)).toEqual(before[0]);
    expect((await tickwork(w.home, ['prune', '--apply', '--project', w.project])).stdout).toContain('nothing to prune (runs kept for 90d, logs for 30d)');
    // `logs` of a run whose logs retention removed prints nothing and succeeds.
    expect((await tickwork(w.home, ['logs', '5'])).code).toBe(0);
  });

  it('follows the project retention, forever included, and touches no other project', async () => {
    const w = tempWorld();
    w.writeProject(`
name: short
retention: {runs: 2d, logs: forever}
pipelines:
  a: {command: ["sh", "-c", "echo {{ date }}"]}
`);
    for (const date of ['2025-01-01', '2025-01-02', '2025-01-03']) await run(w, 'a', '--date', date);
    age(w.home, [1, 2], 3 * DAY);
    // Another project's old run in the same home.
    const other = path.join(w.root, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'tickwork.yaml'), 'name: other\npipelines:\n  b: {command: [echo, b]}\n');
    expect((await tickwork(w.home, ['run', 'b', '--wait', '--project', other])).code).toBe(0);
    age(w.home, [4], 400 * DAY);
    const result = JSON.parse((await tickwork(w.home, ['prune', '--apply', '--json', '--project', w.project])).stdout);
    // Runs 1 and 2 are older than 2d; run 3 is the latest success of `a`.
    expect(result.runs.map((r: { id: number }) => r.id)).toEqual([2, 1]);
    expect(rowsOf(w.home, 4)[0]).toBe(1);
    expect(rowsOf(w.home, 3)[0]).toBe(1);
  });

  it('reports a bad retention with its file, line and column, exit 2', async () => {
    const w = tempWorld();
    w.writeProject('name: bad\nretention: {runs: 1h}\npipelines:\n  a: {command: [echo]}\n');
    const result = await tickwork(w.home, ['prune', '--project', w.project]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tickwork.yaml:2:19: retention.runs: 1h is shorter than the shortest retention, 1d');
  });
});

describe('the daemon', () => {
  it('prunes at start and logs a summary line', async () => {
    const w = tempWorld();
    w.writeProject(`
name: served
retention: {runs: 10d, logs: 5d}
pipelines:
  a: {command: ["sh", "-c", "echo {{ date }}"]}
`);
    for (const date of ['2025-01-01', '2025-01-02', '2025-01-03']) await run(w, 'a', '--date', date);
    age(w.home, [1], 20 * DAY);
    age(w.home, [2], 7 * DAY);
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    const line = await waitFor(() => daemon.log().split('\n').find((l) => l.includes('prune served: ')), 'the prune summary');
    expect(line).toMatch(/prune served: deleted 1 run finished more than 10d ago with 1 task, 1 attempt, \d+ events and 2 log files \(\d+ bytes\); deleted the logs of 1 run finished more than 5d ago: 2 log files \(\d+ bytes\)$/);
    expect(rowsOf(w.home, 1)).toEqual([0, 0, 0, 0]);
    expect(rowsOf(w.home, 2)[0]).toBe(1);
    expect(fs.existsSync(path.join(w.home, 'logs', '2'))).toBe(false);
    expect(fs.existsSync(path.join(w.home, 'logs', '3'))).toBe(true);
  });
});
