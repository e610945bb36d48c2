import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { harness, type Harness } from '../../helpers/engine-harness.js';
import { PRUNE_BATCH, prune } from '../../../electron/engine/housekeeping/prune.js';
import { DailyPrune, PRUNE_EVERY_MS } from '../../../electron/engine/housekeeping/daily-prune.js';
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
    const options = { project: 'many', logsDir: h.home.logs, now: Date.now() };
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

  it('with the daemon: prunes at start and again a day later, logging one line each time', async () => {
    const h = await history(3);
    const clock = new FakeClock(Date.now());
    const lines: string[] = [];
    const daily = new DailyPrune({ db: h.db, logsDir: h.home.logs, projects: () => [h.project], log: (line) => lines.push(line), clock });
    daily.start();
    expect(lines).toEqual([expect.stringMatching(/^prune many: deleted 4 runs finished more than 90d ago with 6 tasks, 4 attempts, \d+ events and 8 log files/)]);
    // A failed run not quite 90 days old: the next day's prune deletes it.
    open!.engine.claim(h.create({ targets: ['broken'], date: '2024-02-01' }));
    await open!.engine.whenIdle();
    h.db.exec(`UPDATE runs SET finished_at = finished_at - ${90 * DAY} + 60000 WHERE id = 7`);
    clock.advance(PRUNE_EVERY_MS - 1);
    expect(lines.length).toBe(1);
    clock.advance(1);
    expect(lines[1]).toMatch(/^prune many: deleted 1 run finished more than 90d ago with 1 task, 1 attempt, \d+ events and 2 log files/);
    expect(h.db.prepare('SELECT id FROM runs ORDER BY id').all()).toEqual([{ id: 5 }, { id: 6 }]);
    expect(fs.existsSync(path.join(h.home.logs, '7'))).toBe(false);
    daily.stop();
    clock.advance(2 * PRUNE_EVERY_MS);
    expect(lines.length).toBe(2);
  });
});
