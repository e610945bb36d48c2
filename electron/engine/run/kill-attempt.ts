/**
 * Starting to stop an attempt, shared by the engine (timeout, cancel seen in
 * the store), `tickwork cancel` and the sweep of stranded attempts. The first
 * party to claim an attempt's SIGTERM (attempts.kill_at) sends it and arms
 * the SIGKILL after kill_grace; anyone later owes only that SIGKILL, at
 * kill_at + kill_grace, so a death during the grace period never leaves a
 * process that ignores SIGTERM running, and nothing gets a second SIGTERM.
 */
import type { Db } from '../store/open-store.js';
import type { KillReason } from '../../../shared/run-model.js';
import { claimKill, getAttempt } from '../store/attempt-store.js';
import { killAfter, stopAttempt, type AttemptTarget } from '../exec/stop-attempt.js';
import { isSameProcessAlive } from '../util/process-probe.js';

/** Claims (or joins) the kill of attempt `attemptId`; returns the reason on record and how to cancel the pending signals. */
export function beginKill(db: Db, attemptId: number, target: AttemptTarget, options: { reason: KillReason; graceMs: number; now: number }): { reason: KillReason; cancel: () => void } {
  const { reason, graceMs, now } = options;
  const first = claimKill(db, attemptId, reason, now);
  const recorded = getAttempt(db, attemptId); // the first reason recorded is the one that counts
  const cancel = first ? stopAttempt(target, graceMs) : killAfter(target, (recorded?.killAt ?? now) + graceMs - now);
  return { reason: recorded?.killReason ?? reason, cancel };
}

/**
 * Who to signal for an attempt recorded earlier (by a process that may be long
 * gone): its pid only while the start time proves it is still the attempt's
 * process, else pid 0, which leaves the processes carrying its marker.
 */
export function provenTarget(pid: number | null, pidStart: string | null, logPath: string): AttemptTarget {
  const proven = pid !== null && pid > 0 && pidStart !== null && isSameProcessAlive(pid, pidStart);
  return { pid: proven ? pid : 0, logPath };
}
