/**
 * The task run a new one is compared with to say why it runs: the latest
 * earlier task run of the same pipeline, project and partition (any state),
 * with its run's params and the spec hashes of that run's other tasks.
 */
import type { Db } from './open-store.js';
import type { TaskRunRecord } from '../../../shared/run-model.js';
import { stmt } from './statements.js';
import { toTaskRun } from './task-store.js';

/** An earlier task run and what its run was given. */
export interface PreviousTask {
  readonly task: TaskRunRecord;
  /** Its run's params (all of them; the caller picks those the spec names). */
  readonly params: Readonly<Record<string, string>>;
}

/** The latest task run of `pipeline` in a run of `project` for `partitionKey` before run `beforeRunId`, or null. */
export function previousTaskRun(db: Db, where: { readonly project: string; readonly partitionKey: string; readonly pipeline: string; readonly beforeRunId: number }): PreviousTask | null {
  const row = stmt(
    db,
    `SELECT t.*, r.params AS run_params FROM task_runs t JOIN runs r ON r.id = t.run_id
     WHERE t.pipeline = ? AND r.project = ? AND r.partition_key = ? AND t.run_id < ? ORDER BY t.id DESC LIMIT 1`,
  ).get(where.pipeline, where.project, where.partitionKey, where.beforeRunId) as Record<string, unknown> | undefined;
  if (!row) return null;
  return { task: toTaskRun(row), params: JSON.parse(row.run_params as string) as Record<string, string> };
}

/** pipeline → spec hash of every task of run `runId`. */
export function specHashesOfRun(db: Db, runId: number): Map<string, string> {
  const rows = stmt(db, `SELECT pipeline, spec_hash FROM task_runs WHERE run_id = ?`).all(runId) as Array<{ pipeline: string; spec_hash: string }>;
  return new Map(rows.map((row) => [row.pipeline, row.spec_hash]));
}
