/**
 * Owns `task_runs.state`. Each change is a compare-and-set on the current
 * state plus its journal event, inside one transaction.
 */
import type { Db } from './open-store.js';
import type { TaskRunRecord, TaskSpec } from '../../../shared/run-model.js';
import { assertTaskTransition, isTaskTerminal, type TaskState } from '../../../shared/state-machines.js';
import { appendEvent } from './event-journal.js';
import { inTransaction, stmt } from './statements.js';

/** Fields of a new task run. */
export interface NewTaskRun {
  readonly pipeline: string;
  readonly topoIndex: number;
  readonly spec: TaskSpec;
  readonly specHash: string;
  readonly upstream: readonly string[];
  readonly isTarget: boolean;
}

/** Optional columns updated together with a state change. */
export interface TaskChange {
  readonly reason?: string | null;
  readonly attempts?: number;
  readonly nextAttemptAt?: number | null;
  readonly cachedFrom?: number | null;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Inserts the task runs of a new run (state `pending`), with their events; returns their ids in `tasks` order. */
export function insertTaskRuns(db: Db, runId: number, tasks: readonly NewTaskRun[], now: number): number[] {
  return inTransaction(db, () => {
    const ids: number[] = [];
    const insert = stmt(
      db,
      `INSERT INTO task_runs (run_id, pipeline, topo_index, state, spec, spec_hash, upstream, is_target, created_at)
       VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?)`,
    );
    for (const task of tasks) {
      const result = insert.run(
        runId,
        task.pipeline,
        task.topoIndex,
        JSON.stringify(task.spec),
        task.specHash,
        JSON.stringify(task.upstream),
        task.isTarget ? 1 : 0,
        now,
      );
      ids.push(Number(result.lastInsertRowid));
    }
    appendTaskEventsTogether(db, runId, ids, null, 'pending', now);
    return ids;
  });
}

/**
 * Moves tasks of one run from `from` to `to` together, each with its journal
 * event, in two statements instead of two per task: the promotions when a big
 * run starts. Only for moves that change nothing but the state (no reason;
 * not to running or a terminal state). Returns the ids that moved; a task
 * changed elsewhere first stays as it is and is left out.
 */
export function moveTasksTogether(db: Db, runId: number, from: TaskState, to: TaskState, ids: readonly number[], now: number): Set<number> {
  assertTaskTransition(from, to);
  if (to === 'running' || isTaskTerminal(to)) throw new Error(`moveTasksTogether: ${to} sets more than the state; use setTaskState`);
  return inTransaction(db, () => {
    const moved = stmt(db, `UPDATE task_runs SET state = ? WHERE id IN (SELECT value FROM json_each(?)) AND state = ? RETURNING id`)
      .pluck()
      .all(to, JSON.stringify(ids), from) as number[];
    moved.sort((a, b) => a - b);
    if (moved.length > 0) appendTaskEventsTogether(db, runId, moved, from, to, now);
    return new Set(moved);
  });
}

/**
 * One journal event per task in `ids`, in that order, with the same data as
 * setTaskState writes ({"pipeline": …}): one statement, not one per task.
 */
function appendTaskEventsTogether(db: Db, runId: number, ids: readonly number[], from: TaskState | null, to: TaskState, now: number): void {
  stmt(
    db,
    `INSERT INTO events (at, kind, run_id, task_run_id, from_state, to_state, data)
     SELECT ?, 'task', ?, t.id, ?, ?, json_object('pipeline', t.pipeline) FROM json_each(?) j JOIN task_runs t ON t.id = j.value ORDER BY j.key`,
  ).run(now, runId, from, to, JSON.stringify(ids));
}

/** The changing columns of a run's tasks (no spec parsing: for re-syncing a run already in memory). */
export function taskStatesOfRun(db: Db, runId: number): Array<Pick<TaskRunRecord, 'pipeline' | 'state' | 'attempts' | 'nextAttemptAt'>> {
  const rows = stmt(db, 'SELECT pipeline, state, attempts, next_attempt_at FROM task_runs WHERE run_id = ?').all(runId) as Array<{
    pipeline: string;
    state: TaskRunRecord['state'];
    attempts: number;
    next_attempt_at: number | null;
  }>;
  return rows.map((row) => ({ pipeline: row.pipeline, state: row.state, attempts: row.attempts, nextAttemptAt: row.next_attempt_at }));
}

const SET_STATE_COLUMNS = `state = ?,
  reason = CASE WHEN ? THEN ? ELSE reason END,
  attempts = coalesce(?, attempts),
  next_attempt_at = CASE WHEN ? THEN ? ELSE next_attempt_at END,
  started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
  finished_at = CASE WHEN ? THEN ? ELSE finished_at END`;
/**
 * `cached_from` only when it is set: naming that column (a foreign key into
 * task_runs itself) in an UPDATE makes SQLite rewrite the row's entry in
 * every index of the table, three extra dirty pages per state change on the
 * hot path.
 */
const SET_STATE = `UPDATE task_runs SET ${SET_STATE_COLUMNS} WHERE id = ? AND state = ?`;
const SET_STATE_CACHED = `UPDATE task_runs SET ${SET_STATE_COLUMNS}, cached_from = ? WHERE id = ? AND state = ?`;

/**
 * Moves a task from `from` to `to` if it is still in `from`; false when it was
 * changed elsewhere first (e.g. a cancel). Illegal transitions throw.
 */
export function setTaskState(db: Db, task: Pick<TaskRunRecord, 'id' | 'runId' | 'pipeline'>, from: TaskState, to: TaskState, now: number, change: TaskChange = {}): boolean {
  assertTaskTransition(from, to);
  return inTransaction(db, () => {
    const cachedFrom = change.cachedFrom ?? null;
    const result = stmt(db, cachedFrom === null ? SET_STATE : SET_STATE_CACHED).run(
      to,
      change.reason !== undefined ? 1 : 0,
      change.reason ?? null,
      change.attempts ?? null,
      change.nextAttemptAt !== undefined ? 1 : 0,
      change.nextAttemptAt ?? null,
      to,
      now,
      isTaskTerminal(to) ? 1 : 0,
      now,
      ...(cachedFrom === null ? [] : [cachedFrom]),
      task.id,
      from,
    );
    if (result.changes !== 1) return false;
    const data: Record<string, unknown> = { pipeline: task.pipeline, ...change.data };
    if (change.reason) data.reason = change.reason;
    if (change.nextAttemptAt) data.nextAttemptAt = change.nextAttemptAt;
    appendEvent(db, { at: now, kind: 'task', runId: task.runId, taskRunId: task.id, from, to, data });
    return true;
  });
}

/** Records when a task began waiting on its gate (first time only: a restart keeps the clock running). */
export function setGateSince(db: Db, id: number, at: number): number {
  stmt(db, 'UPDATE task_runs SET gate_since = coalesce(gate_since, ?) WHERE id = ?').run(at, id);
  return (stmt(db, 'SELECT gate_since FROM task_runs WHERE id = ?').get(id) as { gate_since: number }).gate_since;
}

/** What the engine mirrors of a task run, without its spec (the caller has it: a run it just created). */
export type TaskRunState = Pick<TaskRunRecord, 'id' | 'runId' | 'pipeline' | 'topoIndex' | 'state' | 'upstream' | 'attempts' | 'nextAttemptAt' | 'gateSince'>;

/** The task runs of a run in topological order, without parsing their specs. */
export function taskRunStatesOfRun(db: Db, runId: number): TaskRunState[] {
  const rows = stmt(
    db,
    'SELECT id, pipeline, topo_index, state, upstream, attempts, next_attempt_at, gate_since FROM task_runs WHERE run_id = ? ORDER BY topo_index',
  ).all(runId) as Array<{ id: number; pipeline: string; topo_index: number; state: TaskState; upstream: string; attempts: number; next_attempt_at: number | null; gate_since: number | null }>;
  return rows.map((row) => ({
    id: row.id,
    runId,
    pipeline: row.pipeline,
    topoIndex: row.topo_index,
    state: row.state,
    upstream: JSON.parse(row.upstream) as string[],
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    gateSince: row.gate_since,
  }));
}

/** Pipeline, state and reason of each task of a run, in topological order (for summaries). */
export function taskOutlineOfRun(db: Db, runId: number): Array<Pick<TaskRunRecord, 'pipeline' | 'state' | 'reason'>> {
  return stmt(db, 'SELECT pipeline, state, reason FROM task_runs WHERE run_id = ? ORDER BY topo_index').all(runId) as Array<Pick<TaskRunRecord, 'pipeline' | 'state' | 'reason'>>;
}

/** All task runs of a run in topological order. */
export function tasksOfRun(db: Db, runId: number): TaskRunRecord[] {
  const rows = stmt(db, 'SELECT * FROM task_runs WHERE run_id = ? ORDER BY topo_index').all(runId) as Record<string, unknown>[];
  return rows.map(toTaskRun);
}

/** One task run by id. */
export function getTaskRun(db: Db, id: number): TaskRunRecord | undefined {
  const row = stmt(db, 'SELECT * FROM task_runs WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  return row ? toTaskRun(row) : undefined;
}

/** The most recent successful (or cached) task run with this exact spec hash. */
export function latestSuccessByHash(db: Db, specHash: string): TaskRunRecord | undefined {
  const row = stmt(
    db,
    `SELECT * FROM task_runs WHERE spec_hash = ? AND state = 'succeeded' ORDER BY finished_at DESC, id DESC LIMIT 1`,
  ).get(specHash) as Record<string, unknown> | undefined;
  return row ? toTaskRun(row) : undefined;
}

/** Latest task run of each pipeline of a project (for `tickwork status`). */
export function latestTaskPerPipeline(db: Db, project: string): TaskRunRecord[] {
  const rows = stmt(
    db,
    `SELECT t.* FROM task_runs t JOIN runs r ON r.id = t.run_id
     WHERE r.project = ? AND t.id IN (
       SELECT max(t2.id) FROM task_runs t2 JOIN runs r2 ON r2.id = t2.run_id WHERE r2.project = ? GROUP BY t2.pipeline)`,
  ).all(project, project) as Record<string, unknown>[];
  return rows.map(toTaskRun);
}

/**
 * The latest task of each pipeline for each static partition (region=US,
 * region=EU…; '' for a run without static keys): what `status` lists, so a
 * failed EU run is not hidden behind a later US success.
 */
export function latestTaskPerPipelinePartition(db: Db, project: string): Array<{ readonly staticKey: string; readonly task: TaskRunRecord }> {
  // partition_key is `date=YYYY-MM-DD[,k=v…]`: the static part starts at character 17.
  const staticKey = "CASE WHEN length(%.partition_key) > 15 THEN substr(%.partition_key, 17) ELSE '' END";
  const rows = stmt(
    db,
    `SELECT t.*, ${staticKey.replaceAll('%', 'r')} AS static_key FROM task_runs t JOIN runs r ON r.id = t.run_id
     WHERE r.project = ? AND t.id IN (
       SELECT max(t2.id) FROM task_runs t2 JOIN runs r2 ON r2.id = t2.run_id WHERE r2.project = ? GROUP BY t2.pipeline, ${staticKey.replaceAll('%', 'r2')})
     ORDER BY static_key`,
  ).all(project, project) as Record<string, unknown>[];
  return rows.map((row) => ({ staticKey: row.static_key as string, task: toTaskRun(row) }));
}

/** A task_runs row as a record. */
export function toTaskRun(row: Record<string, unknown>): TaskRunRecord {
  return {
    id: row.id as number,
    runId: row.run_id as number,
    pipeline: row.pipeline as string,
    topoIndex: row.topo_index as number,
    state: row.state as TaskState,
    spec: JSON.parse(row.spec as string) as TaskSpec,
    specHash: row.spec_hash as string,
    upstream: JSON.parse(row.upstream as string) as string[],
    isTarget: row.is_target === 1,
    attempts: row.attempts as number,
    nextAttemptAt: row.next_attempt_at as number | null,
    cachedFrom: row.cached_from as number | null,
    gateSince: row.gate_since as number | null,
    reason: row.reason as string | null,
    createdAt: row.created_at as number,
    startedAt: row.started_at as number | null,
    finishedAt: row.finished_at as number | null,
  };
}
