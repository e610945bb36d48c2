import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { formatMs } from '../../shared/durations.js';

const PROJECT = `
name: timed
pipelines:
  data: {command: ["sh", "-c", "sleep 0.05"]}
  metrics: {command: ["sh", "-c", "exit 0"], depends_on: [data]}
  report: {command: ["sh", "-c", "sleep 0.02; exit 4"], depends_on: [metrics]}
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

/** What the store recorded for each task of run 1: finished − started, as progress prints it. */
function storedDurations(home: string): Record<string, string> {
  const db = new Database(path.join(home, 'tickwork.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT pipeline, started_at, finished_at FROM task_runs WHERE run_id = 1').all() as Array<{ pipeline: string; started_at: number; finished_at: number }>;
    return Object.fromEntries(rows.map((row) => [row.pipeline, formatMs(row.finished_at - row.started_at)]));
  } finally {
    db.close();
  }
}

/** The duration each ✓ or ✗ line printed, by pipeline. */
function printedDurations(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^ {2}[✓✗] (\w+) (\d+ms|[\d.]+s)\b/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('run --wait times each task as the store does', () => {
  it('through the daemon: by the journal’s times, not by when the events arrived', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    const out = await tickwork(w.home, ['run', 'report', '--wait', '--project', w.project]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('the daemon drives it');
    const printed = printedDurations(out.stdout);
    expect(Object.keys(printed).sort()).toEqual(['data', 'metrics', 'report']);
    expect(printed).toEqual(storedDurations(w.home));
    expect(printed.data).not.toBe('0ms'); // it slept 50 ms
  });

  it('without a daemon: close to the store’s times', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const out = await tickwork(w.home, ['run', 'report', '--wait', '--project', w.project]);
    expect(out.code).toBe(1);
    const printed = printedDurations(out.stdout);
    const stored = storedDurations(w.home);
    for (const pipeline of ['data', 'metrics', 'report']) {
      expect(Math.abs(parseInt(printed[pipeline]!, 10) - parseInt(stored[pipeline]!, 10))).toBeLessThanOrEqual(5);
    }
  });
});
