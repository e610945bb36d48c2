/**
 * Who drives a run: an engine's identity (a random token plus its process id
 * and start time, so a recycled pid is not mistaken for a live owner), and
 * which runs have lost theirs.
 */
import crypto from 'node:crypto';
import type { Db } from '../store/open-store.js';
import type { RunRecord } from '../../../shared/run-model.js';
import { activeRuns, type RunOwner } from '../store/run-store.js';
import { isSameProcessAlive, processStartToken } from '../util/process-probe.js';

/** A new engine identity in this process. */
export function newRunOwner(): RunOwner {
  return { token: crypto.randomBytes(8).toString('hex'), pid: process.pid, start: processStartToken(process.pid) };
}

/**
 * True when `run` is not `self`'s (when given) and has no owner, or its owner's process is
 * gone (pid and start time: a recycled pid, say after a reboot, is no owner).
 * An owner with this very process's pid but another token is an engine this
 * process replaced, so its runs are adoptable too.
 */
export function isOrphaned(run: RunRecord, self?: RunOwner): boolean {
  if (self !== undefined && run.ownerToken === self.token) return false;
  if (run.ownerPid === null || run.ownerPid === process.pid) return true;
  return !isSameProcessAlive(run.ownerPid, run.ownerStart);
}

/** Unfinished runs that no live engine (other than `self`) drives. */
export function orphanedRuns(db: Db, self?: RunOwner): RunRecord[] {
  return activeRuns(db).filter((run) => isOrphaned(run, self));
}
