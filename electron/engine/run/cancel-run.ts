/**
 * Cancels a run from any process: marks every unfinished task and the run
 * `cancelled` in one transaction, records the kill reason on running attempts,
 * then stops their process groups (SIGTERM, SIGKILL after the grace period)
 * and settles attempts whose processes are gone. The owning engine, if alive,
 * notices through the store and settles its own watchers the same way.
 */
import type { Db } from '../store/open-store.js';
import type { Clock } from '../util/clock.js';
import { getRun, setRunState } from '../store/run-store.js';
import { setTaskState, tasksOfRun } from '../store/task-store.js';
import { claimKill, finishAttempt, recordKillReason, runningAttemptsOfRun, strandedAttempts } from '../store/attempt-store.js';
import { inWriteTransaction } from '../store/statements.js';
import type { AttemptRecord } from '../../../shared/run-model.js';
import { isRunTerminal, isTaskTerminal } from '../../../shared/state-machines.js';
import { isAttemptAlive, signalAttempt } from '../exec/stop-attempt.js';
import { beginKill, provenTarget } from './kill-attempt.js';
import { isSameProcessAlive } from '../util/process-probe.js';
import { attemptPid, readAttemptStatus } from '../exec/attempt-files.js';

/** What cancelRun did. */
export type CancelResult =
  | { readonly kind: 'not_found' }
  | { readonly kind: 'already_finished'; readonly state: string }
  | { readonly kind: 'cancelled'; readonly stoppedProcesses: number };

/**
 * The store half of a cancel, inside the caller's transaction: every
 * unfinished task and the run become `cancelled`, running attempts get their
 * kill reason. Returns those attempts; their processes are the caller's (or
 * the owning engine's) to stop.
 */
export function markRunCancelled(db: Db, runId: number, at: number, reason: string): AttemptToStop[] {
  const graceOf = new Map<number, number>();
  for (const task of tasksOfRun(db, runId)) {
    graceOf.set(task.id, task.spec.killGraceMs);
    if (!isTaskTerminal(task.state)) setTaskState(db, task, task.state, 'cancelled', at, { reason });
  }
  const running = runningAttemptsOfRun(db, runId).map((a) => ({ ...a, killGraceMs: graceOf.get(a.taskRunId) ?? 5000 }));
  for (const attempt of running) recordKillReason(db, attempt.id, 'cancel');
  const current = getRun(db, runId)!;
  if (!isRunTerminal(current.state)) setRunState(db, runId, current.state, 'cancelled', at, reason);
  return running;
}

/** A running attempt of a cancelled run, with its kill grace. */
export type AttemptToStop = AttemptRecord & { readonly killGraceMs: number };

/**
 * Cancels run `runId`; resolves once its processes are gone (at most the
 * longest kill_grace + 2 s). Attempts still alive then are left to the
 * stranded-attempt sweep of the next engine.
 */
export async function cancelRun(db: Db, runId: number, now: () => number): Promise<CancelResult> {
  const run = getRun(db, runId);
  if (!run) return { kind: 'not_found' };
  if (isRunTerminal(run.state)) return { kind: 'already_finished', state: run.state };
  const attempts = inWriteTransaction(db, () => markRunCancelled(db, runId, now(), 'cancelled by user'));
  const grace = Math.max(0, ...attempts.map((a) => a.killGraceMs));
  const stopKillTimers = attempts.map(
    (a) => beginKill(db, a.id, { pid: attemptPid(a), logPath: a.logPath }, { reason: 'cancel', graceMs: a.killGraceMs, now: now() }).cancel,
  );
  // Wait out the grace period (and the SIGKILL it ends in), so what this call stopped is settled here.
  const deadline = Date.now() + grace + 2000;
  const pending = new Set(attempts);
  while (pending.size > 0 && Date.now() < deadline) {
    for (const attempt of [...pending]) {
      if (!isAttemptAlive({ pid: attemptPid(attempt), logPath: attempt.logPath })) {
        pending.delete(attempt);
        settleCancelled(db, attempt.id, attempt.taskRunId, runId, attempt.logPath, now());
      }
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (pending.size === 0) for (const stop of stopKillTimers) stop();
  return { kind: 'cancelled', stoppedProcesses: attempts.length };
}

/** Settles the attempt as cancelled, unless the owning engine already settled it (finishAttempt is a compare-and-set). */
function settleCancelled(db: Db, attemptId: number, taskRunId: number, runId: number, logPath: string, at: number): void {
  finishAttempt(db, { id: attemptId, taskRunId, runId }, 'cancelled', { exitCode: readAttemptStatus(logPath, attemptId).exit, signal: null, error: 'cancelled' }, at);
}

/**
 * Stops and settles attempts still marked running in cancelled runs whose
 * engine is gone: a `tickwork cancel` or an engine that died while stopping
 * them. Stateless (it reads kill_at), so every engine may call it on each
 * poll: a dead process is settled, a live one gets its SIGTERM if none was
 * claimed, and its SIGKILL once kill_grace has passed since the SIGTERM.
 */
function sweepStrandedAttempts(db: Db, now: number): void {
  for (const stranded of strandedAttempts(db)) {
    if (stranded.ownerPid !== null && isSameProcessAlive(stranded.ownerPid, stranded.ownerStart)) continue; // its engine stops it
    const { attempt } = stranded;
    // Days may have passed (a reboot): the recorded pid may belong to another process by now.
    const target = provenTarget(attemptPid(attempt), attempt.pidStart, attempt.logPath);
    if (!isAttemptAlive(target)) settleCancelled(db, attempt.id, attempt.taskRunId, stranded.runId, attempt.logPath, now);
    else if (claimKill(db, attempt.id, 'cancel', now)) signalAttempt(target, 'SIGTERM');
    else if (now >= (attempt.killAt ?? now) + stranded.killGraceMs) signalAttempt(target, 'SIGKILL');
  }
}

/** How often an engine sweeps (the daemon adopts orphans every second). */
const SWEEP_EVERY_MS = 5000;

/** The stranded-attempt sweep at the first call, then at most every SWEEP_EVERY_MS. */
export class StrandedSweep {
  private last = -Infinity;

  constructor(private readonly db: Db, private readonly clock: Clock) {}

  /** Sweeps if the last sweep is old enough. */
  maybeRun(): void {
    const now = this.clock.now();
    if (now - this.last < SWEEP_EVERY_MS) return;
    this.last = now;
    sweepStrandedAttempts(this.db, now);
  }
}
