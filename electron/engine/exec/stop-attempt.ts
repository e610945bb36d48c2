/**
 * Signals every process of an attempt: SIGTERM now, SIGKILL after a grace
 * period to whatever is left — grandchildren included.
 */
import { systemClock } from '../util/clock.js';
import { HAS_PROC, attemptMarker, isRunning, processGroupOf, processTree, processesWithMarker } from './process-tree.js';

/** What identifies an attempt's processes. `pid` is the wrapper (0 if not known yet). */
export interface AttemptTarget {
  readonly pid: number;
  readonly logPath: string;
}

/** Which processes a signal pass leaves out: pids already signalled (recorded as it goes) and, with group false, the group kill. */
export interface SignalPass {
  readonly skip?: Set<number>;
  readonly group?: boolean;
}

/** Sends `signal` to all processes of the attempt; returns how many were signalled. */
export function signalAttempt(target: AttemptTarget, signal: NodeJS.Signals, pass: SignalPass = {}): number {
  const { skip, group = true } = pass;
  let count = 0;
  let groupSignalled = false;
  if (group && target.pid > 0 && (!HAS_PROC || processGroupOf(target.pid) === target.pid)) {
    // A group leader (direct launch): the group holds every descendant.
    try {
      process.kill(-target.pid, signal);
      count++;
      groupSignalled = true;
    } catch {
      // already gone
    }
  }
  if (HAS_PROC) {
    const pids = new Set<number>(processesWithMarker(attemptMarker(target.logPath)));
    if (target.pid > 0 && isRunning(target.pid)) for (const pid of processTree(target.pid)) pids.add(pid);
    for (const pid of pids) {
      if (skip?.has(pid)) continue;
      skip?.add(pid);
      if (groupSignalled && processGroupOf(pid) === target.pid) continue; // the group kill reached it
      try {
        process.kill(pid, signal);
        count++;
      } catch {
        // exited meanwhile
      }
    }
  }
  return count;
}

/** True while any process of the attempt is alive. */
export function isAttemptAlive(target: AttemptTarget): boolean {
  if (HAS_PROC) return (target.pid > 0 && isRunning(target.pid)) || processesWithMarker(attemptMarker(target.logPath)).some(isRunning);
  if (target.pid <= 0) return false; // kill(-0) would probe this engine's own group
  try {
    process.kill(-target.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** When, after the first SIGTERM, to look again for processes forked while it was being sent. */
const SWEEPS_MS = [20, 100, 400];

/**
 * SIGTERM to the attempt now and SIGKILL after `graceMs` if anything of it is
 * still alive. A shell can fork a child between our scan of its tree and its
 * own death, so a few early sweeps send SIGTERM to processes that appeared
 * since (rather than leaving them for the SIGKILL). Returns a function that
 * cancels the pending signals.
 */
export function stopAttempt(target: AttemptTarget, graceMs: number): () => void {
  const signalled = new Set<number>();
  signalAttempt(target, 'SIGTERM', { skip: signalled });
  // Sweeps signal only processes not seen before: a second SIGTERM means "quit now" to some programs.
  const sweeps = SWEEPS_MS.filter((ms) => ms < graceMs).map((ms) =>
    setTimeout(() => {
      if (isAttemptAlive(target)) signalAttempt(target, 'SIGTERM', { skip: signalled, group: false });
    }, ms),
  );
  const cancelKill = killAfter(target, graceMs);
  return () => {
    cancelKill();
    for (const sweep of sweeps) clearTimeout(sweep);
  };
}

/**
 * SIGKILL to whatever is left of the attempt in `delayMs` (now if ≤ 0), with no
 * SIGTERM: for an attempt whose SIGTERM another engine or process already sent.
 * Returns a function that cancels it.
 */
export function killAfter(target: AttemptTarget, delayMs: number): () => void {
  // The system clock's timers take any kill_grace (Node's own fire at once past 24.8 days).
  const timer = systemClock.setTimeout(() => {
    if (isAttemptAlive(target)) signalAttempt(target, 'SIGKILL');
  }, delayMs);
  return () => timer.cancel();
}
