import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { harness, type Harness } from '../../helpers/engine-harness.js';
import { PRUNE_BATCH, prune, pruneStepwise } from '../../../electron/engine/housekeeping/prune.js';
import { DailyPrune, FIRST_PRUNE_AFTER_MS, PRUNE_EVERY_MS } from '../../../electron/engine/housekeeping/daily-prune.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import type { Engine } from '../../../electron/engine/run/engine.js';

const DAY = 86_400_000;
let open: { h: Harness; engine: Engine } | undefined;
afterEach(async () => {
  await open?.engine.stop();
  open?.h.close();
  open = undefined;
});

/** `pairs` dates, each run first as `a` alone, then as `b` (whose upstream `a` is reused from the first run). */
async function history(pairs: number): Promise<Harness> {
  const w = tempWorld();
  const file = w.writeProject(`
name: many
pipelines:
  a: {command: ["sh", "-c", "echo a {{ date }}"]}
  b: {command: ["sh", "-c", "echo b {{ date }}"], depends_on: [a]}
  broken: {command: ["sh", "-c", "exit 1"]}
`);
  const h = harness(w.home, file);
  const engine = h.engine();
  open = { h, engine };
  for (let i = 0; i < pairs; i++) {
    const date = new Date(Date.UTC(2024, 0, 1) + i * DAY).toISOString().slice(0, 10);
    for (const target of ['a', 'b']) {
      engine.claim(h.create({ targets: [target], date }));
      await engine.whenIdle();
    }
  }
  h.db.exec(`UPDATE runs SET created_at = created_at - ${100 * DAY}, finished_at = finished_at - ${100 * DAY};
             UPDATE task_runs SET finished_at = finished_at - ${100 * DAY}`);
  return h;
}

describe('prune', () => {
  it(`deletes more than ${PRUNE_BATCH} runs in batches, newest first, every cached_from reference valid throughout`, async () => {
    const pairs = 120;
    const h = await history(pairs);
    const cached = h.db.prepare("SELECT count(*) AS n FROM task_runs WHERE state = 'cached'").get() as { n: number };
    expect(cached.n).toBeGreaterThan(pairs / 2); // b runs reuse their date's a (cached_from rows to keep valid)
    const options = { project: 'many', projectFile: h.project.file, logsDir: h.home.logs, now: Date.now() };
    const dry = prune(h.db, { ...options, apply: false });
    const started = Date.now();
    const applied = prune(h.db, { ...options, apply: true });
    const took = Date.now() - started;
    // The newest a and b runs hold the latest successes of a and of b: everything else goes.
    expect(applied.runs.length).toBe(2 * pairs - 2);
    expect(applied.runs.map((run) => run.id)).toEqual(dry.runs.map((run) => run.id));
    expect(applied.totals).toEqual(dry.totals);
    expect(applied.runs.map((run) => run.id)).toEqual([...applied.runs.map((run) => run.id)].sort((x, y) => y - x));
    expect(h.db.prepare('SELECT id FROM runs ORDER BY id').all()).toEqual([{ id: 2 * pairs - 1 }, { id: 2 * pairs }]);
    expect(h.db.pragma('foreign_key_check')).toEqual([]);
    expect((h.db.prepare('SELECT count(*) AS n FROM events WHERE run_id NOT IN (SELECT id FROM runs)').get() as { n: number }).n).toBe(0);
    expect(fs.readdirSync(h.home.logs).sort()).toEqual([String(2 * pairs - 1), String(2 * pairs)]);
    expect(took).toBeLessThan(5000);
  });

  it('keeps a selected run whose result a run created between two batches reuses', async () => {
    const pairs = 60; // 118 runs to delete: two batches
    const h = await history(pairs);
    let paused = 0;
    const report = await pruneStepwise(h.db, { project: 'many', projectFile: h.project.file, logsDir: h.home.logs, now: Date.now(), apply: true }, async () => {
      paused++;
      // Runs 1–18 are still there: b for the third date reuses run 5's a.
      open!.engine.claim(h.create({ targets: ['b'], date: '2024-01-03' }));
      await open!.engine.whenIdle();
    });
    expect(paused).toBe(1);
    const newest = 2 * pairs + 1;
    const cached = h.db.prepare("SELECT src.run_id AS source FROM task_runs t JOIN task_runs src ON src.id = t.cached_from WHERE t.run_id = ?").get(newest) as { source: number };
    expect(cached.source).toBe(5);
    expect(report.runs.length).toBe(2 * pairs - 3);
    expect(report.kept.cachedFrom).toBe(1);
    expect(h.db.prepare('SELECT id FROM runs ORDER BY id').all()).toEqual([{ id: 5 }, { id: 2 * pairs - 1 }, { id: 2 * pairs }, { id: newest }]);
    expect(h.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('with the daemon: prunes just after the start and again a day later, logging one line each time', async () => {
    const h = await history(3);
    const clock = new FakeClock(Date.now());
    const lines: string[] = [];
    const daily = new DailyPrune({ db: h.db, logsDir: h.home.logs, projects: () => [h.project], log: (line) => lines.push(line), clock });
    daily.start();
    expect(lines).toEqual([]);
    clock.advance(FIRST_PRUNE_AFTER_MS);
    await daily.pruneAll(); // the turn the timer started
    expect(lines).toEqual([expect.stringMatching(/^prune many: deleted 4 runs finished more than 90d ago with 6 tasks, 4 attempts, \d+ events and 8 log files/)]);
    // A failed run not quite 90 days old: the next day's prune deletes it.
    open!.engine.claim(h.create({ targets: ['broken'], date: '2024-02-01' }));
    await open!.engine.whenIdle();
    h.db.exec(`UPDATE runs SET finished_at = finished_at - ${90 * DAY} + 60000 WHERE id = 7`);
    clock.advance(PRUNE_EVERY_MS - 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.length).toBe(1);
    clock.advance(1);
    await daily.pruneAll();
    expect(lines[1]).toMatch(/^prune many: deleted 1 run finished more than 90d ago with 1 task, 1 attempt, \d+ events and 2 log files/);
    expect(h.db.prepare('SELECT id FROM runs ORDER BY id').all()).toEqual([{ id: 5 }, { id: 6 }]);
    expect(fs.existsSync(path.join(h.home.logs, '7'))).toBe(false);
    await daily.stop();
    clock.advance(2 * PRUNE_EVERY_MS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.length).toBe(2);
  });
});
