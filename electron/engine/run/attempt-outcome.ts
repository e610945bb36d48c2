/**
 * Names how an attempt ended, from the process end and any kill the engine
 * (or a `tickwork cancel`) asked for. Pure.
 */
import { assertNever, type AttemptState } from '../../../shared/state-machines.js';
import type { KillReason } from '../../../shared/run-model.js';
import type { ProcessEnd } from '../exec/local-executor.js';
import { formatMs } from '../../../shared/durations.js';

/** The attempt's final state and the facts recorded with it. */
export interface AttemptVerdict {
  readonly state: AttemptState;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** One-line description for the task's reason and the CLI. */
  readonly summary: string;
}

/** The recorded error of an attempt that never started (it does not count against the retry budget). */
export const NEVER_STARTED = 'never started: the engine stopped before launching it';

/** Classifies a process end, given why (if at all) the engine signalled it. */
export function judgeAttempt(end: ProcessEnd, killReason: KillReason | null, timeoutMs: number | null): AttemptVerdict {
  const exitCode = end.kind === 'exited' ? end.exitCode : null;
  const signal = end.kind === 'signalled' ? end.signal : null;
  if (exitCode === 0) return { state: 'succeeded', exitCode, signal, summary: 'exit code 0' };
  if (killReason === 'cancel') return { state: 'cancelled', exitCode, signal, summary: 'cancelled' };
  if (killReason === 'timeout') {
    return { state: 'timed_out', exitCode, signal, summary: `timed out after ${formatMs(timeoutMs ?? 0)}` };
  }
  switch (end.kind) {
    case 'exited':
      return { state: 'failed', exitCode, signal, summary: `exit code ${end.exitCode}` };
    case 'signalled':
      return { state: 'failed', exitCode, signal, summary: `killed by ${end.signal}` };
    case 'vanished':
      return { state: 'lost', exitCode, signal, summary: 'process vanished while no engine watched it (no exit status)' };
    case 'never_started':
      return { state: 'lost', exitCode, signal, summary: NEVER_STARTED };
    case 'spawn_error':
      // A missing program reads as it does from a shell (and as on_error's exit_code sees it, shellStatus): 127.
      if (end.message.startsWith('command not found')) return { state: 'failed', exitCode, signal, summary: `${end.message}; exit code 127` };
      return { state: 'failed', exitCode, signal, summary: `could not start: ${end.message}` };
    default:
      return assertNever(end);
  }
}
