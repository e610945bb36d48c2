/**
 * Many engines on one home: every round starts four `run --wait` — each
 * fanning out to two regions, so each creates two runs in one transaction —
 * and a `backfill` at the same moment against one store, half the rounds with the
 * daemon up (driving the runs of the project it serves while the CLI engines
 * drive the other project's), and checks that nothing crashed on a locked
 * database, nothing was left running, and every task ran exactly once.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { exitOf, tickwork, type CliResult } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';

const ROUNDS = 10;
const RUN_REGIONS = ['US', 'EU', 'JP', 'UK'];
const BACKFILL_REGION = 'BR';
const TASKS = ['fetch', 'clean', 'enrich', 'publish'];
const FLAKY = 'clean';

const daemons: ChildProcess[] = [];
afterEach(() => {
  for (const d of daemons.splice(0)) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
});

/**
 * A partitioned diamond of quick shell steps; each appends "run pipeline region
 * date" to a ledger shared by both projects. `clean` fails its first attempt
 * and is retried, so settling it reads the store before it writes.
 */
function stressProject(name: string, ledger: string, marks: string): string {
  const step = `["sh", "-c", "echo $TICKWORK_RUN_ID $TICKWORK_PIPELINE {{ partition.region }} {{ date }} >> ${ledger}"]`;
  const flaky = `["sh", "-c", "echo $TICKWORK_RUN_ID $TICKWORK_PIPELINE {{ partition.region }} {{ date }} >> ${ledger}; mkdir ${marks}/$TICKWORK_RUN_ID 2>/dev/null && exit 1 || exit 0"]`;
  return `
name: ${name}
pools: {default: 2}
defaults: {retries: 1, retry_delay: 10ms}
partitions: {region: [${[...RUN_REGIONS, BACKFILL_REGION].join(', ')}]}
pipelines:
  fetch: {command: ${step}}
  clean: {command: ${flaky}, depends_on: [fetch]}
  enrich: {command: ${step}, depends_on: [fetch]}
  publish: {command: ${step}, depends_on: [clean, enrich]}
jobs:
  daily: {pipelines: [publish]}
  west: {pipelines: [publish], partitions: {region: [${RUN_REGIONS.slice(0, 2).join(', ')}]}}
  east: {pipelines: [publish], partitions: {region: [${RUN_REGIONS.slice(2).join(', ')}]}}
`;
}

/** A distinct day per round (and a second one for the backfill), so no run is served from another's cache. */
function day(round: number, offset: number): string {
  return new Date(Date.UTC(2025, 2, 3) + (round * 3 + offset) * 86_400_000).toISOString().slice(0, 10);
}

describe('concurrent engines on one home', () => {
  it('four run --wait and a backfill at once, with and without the daemon, never hit a locked database and run every task once', async () => {
    const started = Date.now();
    const w = tempWorld();
    const ledger = path.join(w.root, 'ledger.txt');
    const marks = path.join(w.root, 'failed-once');
    fs.mkdirSync(marks);
    const projects = ['served', 'direct'].map((name) => {
      const dir = path.join(w.root, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'tickwork.yaml'), stressProject(name, ledger, marks));
      return dir;
    });
    const results: Array<{ what: string; result: CliResult }> = [];
    let daemon: TestDaemon | null = null;
    for (let round = 0; round < ROUNDS; round++) {
      // Rounds 0-4: CLI engines only. Rounds 5-9: the daemon drives the `served` project's runs, CLI engines the `direct` one's.
      if (round === ROUNDS / 2) {
        daemon = await startDaemon(w.home, projects[0]!);
        daemons.push(daemon.child);
      }
      const date = day(round, 0);
      // No --partition: each `run` fans out to its job's two regions; west and east on each project.
      const calls = ['west', 'east'].flatMap((job) =>
        projects.map((project) => ({ what: `round ${round}: run ${job} on ${path.basename(project)}`, args: ['run', job, '--wait', '--date', date, '--project', project] })),
      );
      calls.push({
        what: `round ${round}: backfill`,
        args: ['backfill', 'daily', '--from', day(round, 1), '--to', day(round, 2), '--partition', `region=${BACKFILL_REGION}`, '--concurrency', '2', '--project', projects[round % 2]!],
      });
      const finished = await Promise.all(calls.map(async ({ what, args }) => ({ what, result: await tickwork(w.home, args) })));
      results.push(...finished);
    }
    daemon!.child.kill('SIGTERM');
    expect(await exitOf(daemon!.child)).toBe(0);
    // The daemon logs (and carries on after) a failed alert evaluation or event-stream read: none may have hit a lock either.
    expect(daemon!.log()).not.toMatch(/SQLITE_BUSY|database is locked|internal error/i);

    for (const { what, result } of results) {
      const seen = { what, code: result.code, stderr: result.stderr, ...(result.code === 0 ? {} : { stdout: result.stdout }) };
      expect(seen).toEqual({ what, code: 0, stderr: expect.not.stringMatching(/SQLITE_BUSY|database is locked|internal error/i) });
    }

    const db = new Database(path.join(w.home, 'tickwork.db'), { readonly: true, fileMustExist: true });
    const runs = db.prepare('SELECT id, state, trigger FROM runs ORDER BY id').all() as Array<{ id: number; state: string; trigger: string }>;
    // Per round: four fanned-out runs of two regions each, plus two backfilled days.
    expect(runs).toHaveLength(ROUNDS * (2 * RUN_REGIONS.length + 2));
    expect(runs.filter((r) => r.state !== 'succeeded')).toEqual([]);
    // The daemon drove the served project's `run`s of its rounds (created through its API); CLI engines drove the rest.
    const byTrigger = (trigger: string): number => runs.filter((r) => r.trigger === trigger).length;
    expect({ api: byTrigger('api'), cli: byTrigger('cli') }).toEqual({ api: (ROUNDS / 2) * 4, cli: ROUNDS * 8 - (ROUNDS / 2) * 4 });
    const tasks = db
      .prepare(`SELECT t.run_id, t.pipeline, t.state, t.attempts, (SELECT count(*) FROM attempts a WHERE a.task_run_id = t.id) AS rows
                FROM task_runs t ORDER BY t.run_id, t.pipeline`)
      .all() as Array<{ run_id: number; pipeline: string; state: string; attempts: number; rows: number }>;
    db.close();
    expect(tasks).toHaveLength(runs.length * TASKS.length);
    // Every task ran once, but clean: its first attempt failed on purpose and its retry succeeded.
    const attemptsOf = (pipeline: string): number => (pipeline === FLAKY ? 2 : 1);
    expect(tasks.filter((t) => t.state !== 'succeeded' || t.attempts !== attemptsOf(t.pipeline) || t.rows !== attemptsOf(t.pipeline))).toEqual([]);
    // What actually ran: one ledger line per (run, task) and attempt, never more.
    const lines = fs.readFileSync(ledger, 'utf8').split('\n').filter(Boolean);
    const perTask = new Map<string, number>();
    for (const line of lines) {
      const key = line.split(' ').slice(0, 2).join(' ');
      perTask.set(key, (perTask.get(key) ?? 0) + 1);
    }
    expect([...perTask].filter(([key, n]) => n !== attemptsOf(key.split(' ')[1]!))).toEqual([]);
    expect(perTask.size).toBe(tasks.length);
    console.log(`concurrency stress: ${ROUNDS} rounds, ${runs.length} runs, ${tasks.length} tasks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 120_000);
});
