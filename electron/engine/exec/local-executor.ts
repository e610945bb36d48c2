/**
 * Runs attempts as detached local process groups and reports how they end.
 *
 * - `launch` spawns the wrapper (see wrapper-script.ts) in its own session, so
 *   the attempt survives the engine and the whole group can be signalled.
 *   stdout and stderr go straight to the attempt's log (no pipe through the
 *   engine: nothing is lost or blocked when the engine dies).
 * - `adopt` watches a process started by an earlier engine: it cannot be
 *   waited on, so it is polled until its exit status is recorded or the process is gone.
 * - `stopGroup` sends SIGTERM to the group and SIGKILL after a grace period,
 *   reaching grandchildren too.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { CommandSpec } from '../../../shared/config-model.js';
import { isGroupAlive, isSameProcessAlive, processStartToken, signalGroup } from '../util/process-probe.js';
import { wrapperArgs, wrapperEnv } from './wrapper-script.js';
import { readAttemptStatus, statusPathOf } from './attempt-files.js';

/** How an attempt's process ended. `vanished`: gone without leaving an exit status. */
export type ProcessEnd =
  | { readonly kind: 'exited'; readonly exitCode: number }
  | { readonly kind: 'signalled'; readonly signal: string }
  | { readonly kind: 'vanished' }
  | { readonly kind: 'spawn_error'; readonly message: string };

/** What to launch. `env` is the complete environment of the process. */
export interface LaunchRequest {
  readonly attemptId: number;
  /** The attempt's log file; its directory must exist. */
  readonly logPath: string;
  readonly command: CommandSpec;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

/** A launched or adopted attempt process. */
export interface AttemptProcess {
  readonly pid: number;
  readonly pidStart: string;
  /** Resolves once, when the wrapper has ended. */
  readonly ended: Promise<ProcessEnd>;
  /** Stops polling/listening (the process itself keeps running). */
  detach(): void;
}

/** Spawns an attempt; spawn failures (bad cwd, no /bin/sh) resolve `ended` with `spawn_error`. */
export function launch(request: LaunchRequest): AttemptProcess {
  if (!isDirectory(request.cwd)) {
    fs.appendFileSync(request.logPath, `tickwork: working directory ${request.cwd} does not exist\n`);
    return settledProcess({ kind: 'spawn_error', message: `working directory ${request.cwd} does not exist` });
  }
  const child = spawn('/bin/sh', wrapperArgs(request.command), {
    cwd: request.cwd,
    env: { ...request.env, ...wrapperEnv(request.attemptId, request.logPath, statusPathOf(request.logPath)) },
    detached: true,
    stdio: 'ignore',
  });
  const pid = child.pid;
  if (pid === undefined) {
    return settledProcess({ kind: 'spawn_error', message: 'could not start /bin/sh' });
  }
  const pidStart = processStartToken(pid);
  let detached = false;
  const ended = new Promise<ProcessEnd>((resolve) => {
    child.once('error', (error) => resolve({ kind: 'spawn_error', message: error.message }));
    child.once('exit', (code, signal) => {
      if (code !== null) resolve({ kind: 'exited', exitCode: code });
      else resolve({ kind: 'signalled', signal: signal ?? 'unknown' });
    });
  });
  return {
    pid,
    pidStart,
    ended: ended.then((end) => (detached ? new Promise<ProcessEnd>(() => undefined) : end)),
    detach: () => {
      detached = true;
      child.removeAllListeners();
      child.unref();
    },
  };
}

/**
 * Watches an attempt launched by an earlier engine. `pid` may be null when the
 * engine died between spawn and recording it: the wrapper's pid file is used.
 */
export function adopt(options: { attemptId: number; logPath: string; pid: number | null; pidStart: string | null; pollMs?: number; pidGraceUntil?: number }): AttemptProcess {
  const recorded = (): { pid: number | null; exit: number | null } => readAttemptStatus(options.logPath, options.attemptId);
  let pid = options.pid ?? recorded().pid ?? 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const ended = new Promise<ProcessEnd>((resolve) => {
    const check = (): void => {
      if (stopped) return;
      const status = recorded().exit;
      if (status !== null) return resolve({ kind: 'exited', exitCode: status });
      if (pid === 0) pid = recorded().pid ?? 0;
      // Unknown pid: the wrapper may not have written its pid file yet; give it a moment.
      const waitingForPid = pid === 0 && Date.now() < (options.pidGraceUntil ?? 0);
      if (!waitingForPid && (pid === 0 || !isSameProcessAlive(pid, pid === options.pid ? options.pidStart : null))) {
        // The wrapper may have written its status between the two reads.
        const late = recorded().exit;
        return resolve(late !== null ? { kind: 'exited', exitCode: late } : { kind: 'vanished' });
      }
      timer = setTimeout(check, options.pollMs ?? 100);
    };
    check();
  });
  return {
    get pid() {
      return pid;
    },
    pidStart: options.pidStart ?? '',
    ended,
    detach: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * SIGTERM to the whole group now, SIGKILL after `graceMs` if anything in it
 * is still alive. Returns a function that cancels the pending SIGKILL.
 */
export function stopGroup(pgid: number, graceMs: number): () => void {
  if (!signalGroup(pgid, 'SIGTERM')) return () => undefined;
  const timer = setTimeout(() => {
    if (isGroupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
  }, graceMs);
  return () => clearTimeout(timer);
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function settledProcess(end: ProcessEnd): AttemptProcess {
  return { pid: 0, pidStart: '', ended: Promise.resolve(end), detach: () => undefined };
}

/** Reads at most the last `bytes` of a file as UTF-8 (for on_error output rules). */
export function readTail(file: string, bytes: number): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, bytes);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      return buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}
