/**
 * Which runs retention removes (SQL only; prune.ts does the deleting).
 *
 * A run goes when it is finished (never queued or running) and older than
 * `retention.runs`, unless it is
 * - the latest success of its targets for its static partition (the
 *   partition without its date): freshness and `status` read it;
 * - the run holding the latest usable result (succeeded, cached or skipped)
 *   of one of its pipelines for a static partition, by finish time or by
 *   date: `--no-upstream` and the cache reuse it;
 * - the source of a cached result of a run that stays (`cached_from` is a
 *   foreign key; references point from newer runs to older ones only).
 * The logs of a finished run older than `retention.logs` go on their own,
 * with the same runs kept whole.
 *
 * The selection is written to TEMP tables of the connection
 * (prune_protected, prune_doomed), so the deletes can name it: they run
 * later, a batch per write transaction, and each batch first keeps any of
 * its runs that a run created since then reuses a result of.
 */
import type { Db } from '../store/open-store.js';
import { RUN_STATES, isRunTerminal } from '../../../shared/state-machines.js';
import { stmt } from '../store/statements.js';

/** A run named in a prune report. */
export interface PruneRun {
  readonly id: number;
  readonly targets: readonly string[];
  readonly partitionKey: string;
  readonly state: string;
  readonly finishedAt: number;
  readonly tasks: number;
  readonly attempts: number;
  readonly events: number;
}

/** What one project's retention selects now. */
export interface PruneSelection {
  /** Runs to delete whole, newest first (the order that keeps every cached_from reference valid). */
  readonly runs: readonly PruneRun[];
  /** Runs that stay but whose logs go. */
  readonly logsOnly: readonly PruneRun[];
  /** Old enough, kept: active, the latest success of a partition, or the source of a kept cached result. */
  readonly kept: { readonly active: number; readonly latest: number; readonly cachedFrom: number };
}

/** The project (by its tickwork.yaml) and the cut-off times (null: keep for ever). */
export interface PruneScope {
  readonly projectFile: string;
  readonly runsBefore: number | null;
  readonly logsBefore: number | null;
}

const TERMINAL = RUN_STATES.filter(isRunTerminal).map((state) => `'${state}'`).join(', ');
const ACTIVE = RUN_STATES.filter((state) => !isRunTerminal(state)).map((state) => `'${state}'`).join(', ');
/** The partition key without its date (`date=…` is always first): `region=US`, or '' for a date-only partition. */
const STATIC_KEY = (table: string): string => `substr(${table}.partition_key, instr(${table}.partition_key || ',', ',') + 1)`;
const FINISHED = 'coalesce(r.finished_at, r.created_at)';

/** Selects what retention removes (inside the caller's transaction, for one consistent view). */
export function selectPrunable(db: Db, scope: PruneScope): PruneSelection {
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS prune_protected (id INTEGER PRIMARY KEY); CREATE TEMP TABLE IF NOT EXISTS prune_doomed (id INTEGER PRIMARY KEY); CREATE TEMP TABLE IF NOT EXISTS prune_batch (id INTEGER PRIMARY KEY)',
  );
  db.exec('DELETE FROM prune_protected; DELETE FROM prune_doomed');
  stmt(
    db,
    `INSERT OR IGNORE INTO prune_protected
     SELECT id FROM (
       SELECT r.id, ROW_NUMBER() OVER (PARTITION BY r.targets, ${STATIC_KEY('r')} ORDER BY ${FINISHED} DESC, r.id DESC) AS n
       FROM runs r WHERE r.project_file = ? AND r.state = 'succeeded') WHERE n = 1
     UNION
     SELECT run_id FROM (
       SELECT t.run_id,
         ROW_NUMBER() OVER (PARTITION BY t.pipeline, ${STATIC_KEY('r')} ORDER BY coalesce(t.finished_at, t.created_at) DESC, t.id DESC) AS n,
         ROW_NUMBER() OVER (PARTITION BY t.pipeline, ${STATIC_KEY('r')} ORDER BY json_extract(r.partition, '$.date') DESC, t.id DESC) AS m
       FROM task_runs t JOIN runs r ON r.id = t.run_id
       WHERE r.project_file = ? AND t.state IN ('succeeded', 'cached', 'skipped')) WHERE n = 1 OR m = 1`,
  ).run(scope.projectFile, scope.projectFile);
  const oldest = Math.max(scope.runsBefore ?? -Infinity, scope.logsBefore ?? -Infinity);
  const latest = oldest === -Infinity ? 0 : countOld(db, scope.projectFile, oldest, `r.state IN (${TERMINAL}) AND r.id IN (SELECT id FROM prune_protected)`);
  const active = oldest === -Infinity ? 0 : countOld(db, scope.projectFile, oldest, `r.state IN (${ACTIVE})`, 'r.created_at');
  let cachedFrom = 0;
  if (scope.runsBefore !== null) {
    stmt(
      db,
      `INSERT INTO prune_doomed SELECT r.id FROM runs r
       WHERE r.project_file = ? AND r.state IN (${TERMINAL}) AND ${FINISHED} < ? AND r.id NOT IN (SELECT id FROM prune_protected)`,
    ).run(scope.projectFile, scope.runsBefore);
    // Keep the sources of cached results that stay; a kept source may itself hold cached results, hence the loop.
    const rescue = stmt(
      db,
      `DELETE FROM prune_doomed WHERE id IN (
         SELECT src.run_id FROM task_runs t JOIN task_runs src ON src.id = t.cached_from
         WHERE src.run_id IN (SELECT id FROM prune_doomed) AND t.run_id NOT IN (SELECT id FROM prune_doomed))`,
    );
    for (let changed = rescue.run().changes; changed > 0; changed = rescue.run().changes) cachedFrom += changed;
  }
  const runs = runRows(db, 'r.id IN (SELECT id FROM prune_doomed)', []);
  const logsOnly =
    scope.logsBefore === null
      ? []
      : runRows(
          db,
          `r.project_file = ? AND r.state IN (${TERMINAL}) AND ${FINISHED} < ? AND r.id NOT IN (SELECT id FROM prune_doomed) AND r.id NOT IN (SELECT id FROM prune_protected)`,
          [scope.projectFile, scope.logsBefore],
        );
  return { runs, logsOnly, kept: { active, latest, cachedFrom } };
}

/**
 * Deletes `runs` (the next of a selection's, newest first, so no run left
 * behind references them) with their tasks, attempts and events, inside the
 * caller's write transaction. Runs whose results a run outside the
 * selection reuses by now (it was created since) stay, and so do their own
 * sources; returns the ids that stayed.
 */
export function deleteBatch(db: Db, runs: readonly PruneRun[]): number[] {
  db.exec('DELETE FROM prune_batch');
  const add = stmt(db, 'INSERT OR IGNORE INTO prune_batch (id) VALUES (?)');
  for (const run of runs) add.run(run.id);
  const kept: number[] = [];
  const referenced = stmt(
    db,
    // One pass over task_runs (cached_from has no index: it is written on the hot path).
    `SELECT DISTINCT src.run_id AS id FROM task_runs t JOIN task_runs src ON src.id = t.cached_from
     WHERE t.cached_from IS NOT NULL AND src.run_id IN (SELECT id FROM prune_batch) AND t.run_id NOT IN (SELECT id FROM prune_doomed)`,
  ).pluck();
  const spare = [stmt(db, 'DELETE FROM prune_batch WHERE id = ?'), stmt(db, 'DELETE FROM prune_doomed WHERE id = ?')];
  for (let ids = referenced.all() as number[]; ids.length > 0; ids = referenced.all() as number[]) {
    for (const id of ids) for (const statement of spare) statement.run(id);
    kept.push(...ids);
  }
  // Children first (foreign keys); a run's events only once its row is gone (the journal's delete trigger).
  stmt(db, 'DELETE FROM attempts WHERE task_run_id IN (SELECT t.id FROM task_runs t WHERE t.run_id IN (SELECT id FROM prune_batch))').run();
  stmt(db, 'DELETE FROM task_runs WHERE run_id IN (SELECT id FROM prune_batch)').run();
  stmt(db, 'DELETE FROM runs WHERE id IN (SELECT id FROM prune_batch)').run();
  stmt(db, 'DELETE FROM events WHERE run_id IN (SELECT id FROM prune_batch)').run();
  return kept;
}

function countOld(db: Db, projectFile: string, before: number, where: string, time = FINISHED): number {
  return (stmt(db, `SELECT count(*) AS n FROM runs r WHERE r.project_file = ? AND ${time} < ? AND ${where}`).get(projectFile, before) as { n: number }).n;
}

function runRows(db: Db, where: string, params: readonly unknown[]): PruneRun[] {
  const rows = stmt(
    db,
    `SELECT r.id, r.targets, r.partition_key, r.state, ${FINISHED} AS finished,
       (SELECT count(*) FROM task_runs t WHERE t.run_id = r.id) AS tasks,
       (SELECT count(*) FROM attempts a JOIN task_runs t ON t.id = a.task_run_id WHERE t.run_id = r.id) AS attempts,
       (SELECT count(*) FROM events e WHERE e.run_id = r.id) AS events
     FROM runs r WHERE ${where} ORDER BY r.id DESC`,
  ).all(...params) as Array<{ id: number; targets: string; partition_key: string; state: string; finished: number; tasks: number; attempts: number; events: number }>;
  return rows.map((row) => ({
    id: row.id,
    targets: JSON.parse(row.targets) as string[],
    partitionKey: row.partition_key,
    state: row.state,
    finishedAt: row.finished,
    tasks: row.tasks,
    attempts: row.attempts,
    events: row.events,
  }));
}
