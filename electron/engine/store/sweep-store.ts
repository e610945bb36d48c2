/** The rows of sweeps and their trials (migration 14); written by `tickwork sweep`, read by sweeps.* and the next sweep. */
import type { Db } from './open-store.js';
import { inWriteTransaction, stmt } from './statements.js';
import type { SweepMode } from '../../../shared/config-model.js';
import type { SweepMetricValue, SweepRecord, SweepState, SweepTrialRecord, TrialState } from '../../../shared/sweep-model.js';

/** A sweep about to run. */
export interface NewSweep {
  readonly project: string;
  readonly projectFile: string;
  readonly name: string;
  readonly pipeline: string;
  readonly grid: Readonly<Record<string, readonly string[]>>;
  readonly collect: readonly string[];
  readonly sort: string | null;
  readonly mode: SweepMode;
  readonly trials: ReadonlyArray<{ readonly params: Readonly<Record<string, string>>; readonly paramsKey: string }>;
}

/** Inserts a running sweep and its pending trials; returns its id. */
export function insertSweep(db: Db, sweep: NewSweep, now: number): number {
  return inWriteTransaction(db, () => {
    const { lastInsertRowid } = stmt(
      db,
      "INSERT INTO sweeps (project, project_file, name, pipeline, grid, collect, sort, mode, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)",
    ).run(sweep.project, sweep.projectFile, sweep.name, sweep.pipeline, JSON.stringify(sweep.grid), JSON.stringify(sweep.collect), sweep.sort, sweep.mode, now);
    const id = Number(lastInsertRowid);
    const insert = stmt(db, "INSERT INTO sweep_trials (sweep_id, position, params, params_key, state) VALUES (?, ?, ?, ?, 'pending')");
    for (const [position, trial] of sweep.trials.entries()) insert.run(id, position, JSON.stringify(trial.params), trial.paramsKey);
    return id;
  });
}

/** What changes on a trial. */
export interface TrialUpdate {
  readonly state: TrialState;
  readonly reused?: boolean;
  readonly runId?: number | null;
  readonly taskRunId?: number | null;
  readonly specHash?: string | null;
  readonly metrics?: Readonly<Record<string, SweepMetricValue>> | null;
  readonly durationMs?: number | null;
  readonly reason?: string | null;
}

/** Updates one trial (fields not given keep their value). */
export function updateTrial(db: Db, sweepId: number, position: number, update: TrialUpdate): void {
  stmt(
    db,
    `UPDATE sweep_trials SET state = ?,
       reused = COALESCE(?, reused), run_id = COALESCE(?, run_id), task_run_id = COALESCE(?, task_run_id), spec_hash = COALESCE(?, spec_hash),
       metrics = COALESCE(?, metrics), duration_ms = COALESCE(?, duration_ms), reason = COALESCE(?, reason)
     WHERE sweep_id = ? AND position = ?`,
  ).run(
    update.state,
    update.reused === undefined ? null : update.reused ? 1 : 0,
    update.runId ?? null,
    update.taskRunId ?? null,
    update.specHash ?? null,
    update.metrics ? JSON.stringify(update.metrics) : null,
    update.durationMs ?? null,
    update.reason ?? null,
    sweepId,
    position,
  );
}

/** Ends a sweep. */
export function finishSweep(db: Db, sweepId: number, state: SweepState, resultsDir: string | null, now: number): void {
  stmt(db, 'UPDATE sweeps SET state = ?, results_dir = ?, finished_at = ? WHERE id = ?').run(state, resultsDir, now, sweepId);
}

/** The newest succeeded trial with these params in an earlier sweep of the same name and project, or undefined. */
export function previousTrial(db: Db, where: { readonly projectFile: string; readonly name: string; readonly paramsKey: string; readonly before: number }): SweepTrialRecord | undefined {
  const row = stmt(
    db,
    `SELECT t.* FROM sweep_trials t JOIN sweeps s ON s.id = t.sweep_id
     WHERE s.project_file = ? AND s.name = ? AND t.params_key = ? AND t.state = 'succeeded' AND t.sweep_id < ?
     ORDER BY t.sweep_id DESC LIMIT 1`,
  ).get(where.projectFile, where.name, where.paramsKey, where.before) as TrialRow | undefined;
  return row && trialOf(row);
}

/** Newest first: at most `limit` sweeps, of one project file and / or name when given. */
export function listSweeps(db: Db, filter: { readonly projectFile?: string; readonly name?: string; readonly limit: number }): SweepRecord[] {
  const rows = stmt(
    db,
    'SELECT * FROM sweeps WHERE (? IS NULL OR project_file = ?) AND (? IS NULL OR name = ?) ORDER BY id DESC LIMIT ?',
  ).all(filter.projectFile ?? null, filter.projectFile ?? null, filter.name ?? null, filter.name ?? null, filter.limit) as SweepRow[];
  return rows.map((row) => sweepOf(db, row));
}

/** One sweep, or undefined. */
export function getSweep(db: Db, id: number): SweepRecord | undefined {
  const row = stmt(db, 'SELECT * FROM sweeps WHERE id = ?').get(id) as SweepRow | undefined;
  return row && sweepOf(db, row);
}

/** A sweep's trials in grid order. */
export function trialsOfSweep(db: Db, sweepId: number): SweepTrialRecord[] {
  return (stmt(db, 'SELECT * FROM sweep_trials WHERE sweep_id = ? ORDER BY position').all(sweepId) as TrialRow[]).map(trialOf);
}

interface SweepRow {
  id: number;
  project: string;
  project_file: string;
  name: string;
  pipeline: string;
  grid: string;
  collect: string;
  sort: string | null;
  mode: SweepMode;
  state: SweepState;
  results_dir: string | null;
  created_at: number;
  finished_at: number | null;
}

interface TrialRow {
  position: number;
  params: string;
  state: TrialState;
  reused: number;
  metrics: string | null;
  duration_ms: number | null;
  run_id: number | null;
  task_run_id: number | null;
  spec_hash: string | null;
  reason: string | null;
}

function sweepOf(db: Db, row: SweepRow): SweepRecord {
  const counts: Record<TrialState, number> = { pending: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const { state, n } of stmt(db, 'SELECT state, COUNT(*) AS n FROM sweep_trials WHERE sweep_id = ? GROUP BY state').all(row.id) as Array<{ state: TrialState; n: number }>) counts[state] = n;
  return {
    id: row.id,
    project: row.project,
    projectFile: row.project_file,
    name: row.name,
    pipeline: row.pipeline,
    grid: JSON.parse(row.grid) as Record<string, string[]>,
    collect: JSON.parse(row.collect) as string[],
    sort: row.sort,
    mode: row.mode,
    state: row.state,
    resultsDir: row.results_dir,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    counts,
  };
}

function trialOf(row: TrialRow): SweepTrialRecord {
  return {
    position: row.position,
    params: JSON.parse(row.params) as Record<string, string>,
    state: row.state,
    reused: row.reused === 1,
    metrics: row.metrics === null ? {} : (JSON.parse(row.metrics) as Record<string, SweepMetricValue>),
    durationMs: row.duration_ms,
    runId: row.run_id,
    taskRunId: row.task_run_id,
    specHash: row.spec_hash,
    reason: row.reason,
  };
}
