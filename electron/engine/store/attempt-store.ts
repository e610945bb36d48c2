/**
 * Owns `attempts.state`: one row per process execution of a task, with the
 * pid and start token that let a later engine re-adopt it after a crash.
 */
import type { Db } from './open-store.js';
import type { AttemptRecord, KillReason } from '../../../shared/run-model.js';
import { assertAttemptTransition, type AttemptState } from '../../../shared/state-machines.js';
import { appendEvent } from './event-journal.js';
import { inTransaction, stmt } from './statements.js';

/** How an attempt ended. */
export interface AttemptOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly error: string | null;
}

/** Inserts a running attempt (before its process is spawned) with its event. */
export function insertAttempt(db: Db, input: { taskRunId: number; runId: number; number: number; logPath: string }, now: number): number {
  return inTransaction(db, () => {
    const result = stmt(
      db,
      `INSERT INTO attempts (task_run_id, number, state, log_path, started_at) VALUES (?, ?, 'running', ?, ?)`,
    ).run(input.taskRunId, input.number, input.logPath, now);
    const id = Number(result.lastInsertRowid);
    appendEvent(db, { at: now, kind: 'attempt', runId: input.runId, taskRunId: input.taskRunId, attemptId: id, to: 'running', data: { number: input.number } });
    return id;
  });
}

/** Records the process that carries an attempt. */
export function setAttemptProcess(db: Db, id: number, pid: number, pidStart: string): void {
  stmt(db, 'UPDATE attempts SET pid = ?, pid_start = ? WHERE id = ?').run(pid, pidStart, id);
}

/** Records why the attempt is to be stopped (the first reason stays), so its outcome is named right even after a crash. */
export function recordKillReason(db: Db, id: number, reason: KillReason): void {
  stmt(db, 'UPDATE attempts SET kill_reason = coalesce(kill_reason, ?) WHERE id = ?').run(reason, id);
}

/**
 * Claims the sending of the attempt's SIGTERM at `at` (and records `reason`
 * if none is): true for the first claimant, which must send it; later ones
 * only owe the SIGKILL at kill_at + kill_grace. So the SIGKILL still comes on
 * time when the sender dies during the grace period, and no attempt gets a
 * second SIGTERM.
 */
export function claimKill(db: Db, id: number, reason: KillReason, at: number): boolean {
  return stmt(db, 'UPDATE attempts SET kill_reason = coalesce(kill_reason, ?), kill_at = ? WHERE id = ? AND kill_at IS NULL').run(reason, at, id).changes === 1;
}

/** Settles a running attempt; false when it was already settled elsewhere. */
export function finishAttempt(db: Db, attempt: { id: number; taskRunId: number; runId: number }, to: AttemptState, outcome: AttemptOutcome, now: number): boolean {
  assertAttemptTransition('running', to);
  return inTransaction(db, () => {
    const result = stmt(
      db,
      `UPDATE attempts SET state = ?, exit_code = ?, signal = ?, error = ?, finished_at = ? WHERE id = ? AND state = 'running'`,
    ).run(to, outcome.exitCode, outcome.signal, outcome.error, now, attempt.id);
    if (result.changes !== 1) return false;
    appendEvent(db, {
      at: now,
      kind: 'attempt',
      runId: attempt.runId,
      taskRunId: attempt.taskRunId,
      attemptId: attempt.id,
      from: 'running',
      to,
      data: { exitCode: outcome.exitCode, signal: outcome.signal, error: outcome.error },
    });
    return true;
  });
}

/** Attempts of one task run, oldest first. */
export function attemptsOfTask(db: Db, taskRunId: number): AttemptRecord[] {
  return (stmt(db, 'SELECT * FROM attempts WHERE task_run_id = ? ORDER BY number').all(taskRunId) as Record<string, unknown>[]).map(toAttempt);
}

/** Every attempt of a run's tasks, by task and number (through the unique (run, pipeline) and (task, number) keys). */
export function attemptsOfRun(db: Db, runId: number): AttemptRecord[] {
  return (stmt(
    db,
    'SELECT a.* FROM task_runs t JOIN attempts a ON a.task_run_id = t.id WHERE t.run_id = ? ORDER BY a.task_run_id, a.number',
  ).all(runId) as Record<string, unknown>[]).map(toAttempt);
}

/** Attempts still marked running for a run. */
export function runningAttemptsOfRun(db: Db, runId: number): AttemptRecord[] {
  return (stmt(
    db,
    `SELECT a.* FROM attempts a JOIN task_runs t ON t.id = a.task_run_id WHERE t.run_id = ? AND a.state = 'running'`,
  ).all(runId) as Record<string, unknown>[]).map(toAttempt);
}

/** A running attempt of a finished run, with what is needed to stop and settle it. */
export interface StrandedAttempt {
  readonly attempt: AttemptRecord;
  readonly runId: number;
  readonly killGraceMs: number;
  readonly ownerPid: number | null;
  readonly ownerStart: string | null;
}

/**
 * Attempts still marked running although their run was cancelled (while no
 * engine watched them). Only a cancel ends a run with an attempt running: the
 * other outcomes wait for every attempt to settle. Read through the runs_state
 * index and the unique (run, pipeline) and (task, number) keys, so neither a
 * long history nor an extra index on the hot attempts table is needed.
 */
export function strandedAttempts(db: Db): StrandedAttempt[] {
  const rows = stmt(
    db,
    `SELECT a.*, t.run_id AS run_id_of_task, json_extract(t.spec, '$.killGraceMs') AS kill_grace_ms,
            r.owner_pid AS run_owner_pid, r.owner_start AS run_owner_start
     FROM runs r JOIN task_runs t ON t.run_id = r.id JOIN attempts a ON a.task_run_id = t.id
     WHERE r.state = 'cancelled' AND a.state = 'running'`,
  ).all() as Record<string, unknown>[];
  return rows.map((row) => ({
    attempt: toAttempt(row),
    runId: row.run_id_of_task as number,
    killGraceMs: (row.kill_grace_ms as number | null) ?? 5000,
    ownerPid: row.run_owner_pid as number | null,
    ownerStart: row.run_owner_start as string | null,
  }));
}

/** How many attempts of a task ended with `error` exactly (e.g. the never-started ones). */
export function countAttemptsWithError(db: Db, taskRunId: number, error: string): number {
  return (stmt(db, 'SELECT count(*) AS n FROM attempts WHERE task_run_id = ? AND error = ?').get(taskRunId, error) as { n: number }).n;
}

/** One attempt by id. */
export function getAttempt(db: Db, id: number): AttemptRecord | undefined {
  const row = stmt(db, 'SELECT * FROM attempts WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  return row ? toAttempt(row) : undefined;
}

function toAttempt(row: Record<string, unknown>): AttemptRecord {
  return {
    id: row.id as number,
    taskRunId: row.task_run_id as number,
    number: row.number as number,
    state: row.state as AttemptState,
    logPath: row.log_path as string,
    pid: row.pid as number | null,
    pidStart: row.pid_start as string | null,
    exitCode: row.exit_code as number | null,
    signal: row.signal as string | null,
    error: row.error as string | null,
    killReason: row.kill_reason as KillReason | null,
    killAt: (row.kill_at as number | null) ?? null,
    startedAt: row.started_at as number,
    finishedAt: row.finished_at as number | null,
  };
}
