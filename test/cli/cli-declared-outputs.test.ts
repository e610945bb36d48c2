import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readLines, tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

const PROJECT = `
name: outs
partitions: {region: [US, EU]}
pipelines:
  data:
    command: ["sh", "-c", "mkdir -p data/{{ date }}/{{ partition.region }} && echo 1 > data/{{ date }}/{{ partition.region }}/prices.csv && echo data >> ledger.txt"]
    outputs: ["data/{{ date }}/{{ partition.region }}/*.csv"]
  report:
    command: ["sh", "-c", "echo report >> ledger.txt"]
    depends_on: [data]
  lazy:
    command: ["sh", "-c", "echo wrote nothing; echo lazy >> ledger.txt"]
    outputs: ["out/{{ date }}.json", "{{ pipeline }}.done"]
    retries: 2
    retry_delay: 0s
  slow_share:
    command: ["sh", "-c", "echo try >> ledger.txt; if [ $TICKWORK_ATTEMPT = 2 ]; then mkdir -p out && touch out/share.json; fi"]
    outputs: ["out/share.json"]
    on_error: [{output: "outputs missing", action: retry, max_attempts: 3, retry_delay: 0s}]
`;

const US = ['--date', '2025-02-03', '--partition', 'region=US'];

describe('declared outputs', () => {
  it('reuses a result while its outputs exist, and runs it again, saying why, once they are gone', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const run = (...extra: string[]) => tickwork(w.home, ['run', 'report', '--wait', '--project', w.project, ...US, ...extra]);
    expect((await run()).code).toBe(0);
    const reused = await run();
    expect(reused.code).toBe(0);
    expect(reused.stdout).toContain('= data reused: same inputs as run 1');
    expect(readLines(w.file('ledger.txt'))).toEqual(['data', 'report', 'report']);

    fs.rmSync(w.file('data/2025-02-03/US/prices.csv'));
    const again = await run('--json');
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json.tasks.map((t: { pipeline: string; state: string }) => [t.pipeline, t.state])).toEqual([['data', 'succeeded'], ['report', 'succeeded']]);
    expect(json.notes).toEqual([
      { kind: 'outputs_missing', pipeline: 'data', previous_run_id: 1, missing: ['data/2025-02-03/US/*.csv'], message: 'not reused from run 1: outputs missing: data/2025-02-03/US/*.csv' },
    ]);
    expect(fs.existsSync(w.file('data/2025-02-03/US/prices.csv'))).toBe(true);

    // The human output names the reason beside the task, and the note is a journal event of the run.
    fs.rmSync(w.file('data/2025-02-03/US/prices.csv'));
    const human = await run();
    expect(human.stdout).toContain('  · data: not reused from run 3: outputs missing: data/2025-02-03/US/*.csv\n');
    expect(readLines(w.file('ledger.txt'))).toEqual(['data', 'report', 'report', 'data', 'report', 'data', 'report']);
    const db = new Database(path.join(w.home, 'tickwork.db'), { readonly: true });
    try {
      const notes = db.prepare(`SELECT run_id, data FROM events WHERE kind = 'note' ORDER BY seq`).all() as Array<{ run_id: number; data: string }>;
      expect(notes.map((n) => [n.run_id, JSON.parse(n.data).message])).toEqual([
        [3, 'not reused from run 1: outputs missing: data/2025-02-03/US/*.csv'],
        [4, 'not reused from run 3: outputs missing: data/2025-02-03/US/*.csv'],
      ]);
    } finally {
      db.close();
    }
  });

  it('fails an attempt that exits 0 without its outputs, once, through the normal failure path', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const result = await tickwork(w.home, ['run', 'lazy', '--wait', '--project', w.project, ...US]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ lazy [^\n]*: outputs missing: out\/2025-02-03\.json, lazy\.done\n/);
    expect(result.stdout).toContain('run 1 failed (failed: lazy)');
    // retries: 2 does not retry it: the same command seldom writes what it did not write the first time.
    expect(readLines(w.file('ledger.txt'))).toEqual(['lazy']);
    const db = new Database(path.join(w.home, 'tickwork.db'), { readonly: true });
    try {
      expect(db.prepare(`SELECT state, exit_code, error FROM attempts`).all()).toEqual([{ state: 'failed', exit_code: 0, error: 'outputs missing: out/2025-02-03.json, lazy.done' }]);
      expect(db.prepare(`SELECT state, reason FROM task_runs`).all()).toEqual([{ state: 'failed', reason: 'outputs missing: out/2025-02-03.json, lazy.done' }]);
    } finally {
      db.close();
    }
    const log = fs.readFileSync(path.join(w.home, 'logs', '1', 'lazy.1.log'), 'utf8');
    expect(log).toBe('wrote nothing\ntickwork: outputs missing: out/2025-02-03.json, lazy.done\n');
    // Alerts see it like any other failure.
    const alerts = JSON.parse((await tickwork(w.home, ['alerts', '--json'])).stdout) as Array<{ rule: string; pipeline: string; body: string }>;
    expect(alerts.find((a) => a.rule === 'run_failed' && a.pipeline === 'lazy')?.body).toContain('outputs missing: out/2025-02-03.json, lazy.done');
  });

  it('retries a missing output when an on_error rule matching it says so', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const result = await tickwork(w.home, ['run', 'slow_share', '--wait', '--json', '--project', w.project, ...US]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).tasks).toMatchObject([{ pipeline: 'slow_share', state: 'succeeded', attempts: 2 }]);
    expect(readLines(w.file('ledger.txt'))).toEqual(['try', 'try']);
  });
});
