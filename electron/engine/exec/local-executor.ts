/**
 * Runs attempts as local processes that outlive the engine, and reports how
 * they end.
 *
 * Two launchers share one contract (`Executor`):
 * - `ShLauncher` (Linux default): a long-lived `/bin/sh` read-eval loop forks
 *   each attempt. Forking a 1 MB shell costs a fraction of forking the
 *   engine's 100 MB Node process, and the engine's thread never blocks in
 *   fork/exec. Exits arrive as lines on a pipe.
 * - `directLaunch` (elsewhere, or `TICKWORK_LAUNCHER=direct`): Node's spawn,
 *   detached, so each attempt leads its own process group.
 * Either way stdout/stderr go straight to the attempt's log and the wrapper
 * (wrapper-script.ts) records pid and exit status in the run's status file,
 * so `adopt` can settle an attempt whose engine died.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { resolveProgram } from './resolve-program.js';
import type { CommandSpec } from '../../../shared/config-model.js';
import { attemptPid, readAttemptStatus, type AttemptStatus } from './attempt-files.js';
import { HAS_PROC, attemptMarker, hasMarker, isRunning } from './process-tree.js';
import { procStatFields } from '../util/proc-stat.js';
import { isSameProcessAlive } from '../util/process-probe.js';

/**
 * How an attempt's process ended. `vanished`: gone without leaving an exit
 * status. `never_started`: no process was ever recorded for it — the engine
 * stopped between persisting the start and launching it.
 */
export type ProcessEnd =
  | { readonly kind: 'exited'; readonly exitCode: number }
  | { readonly kind: 'signalled'; readonly signal: string }
  | { readonly kind: 'vanished' }
  | { readonly kind: 'never_started' }
  | { readonly kind: 'spawn_error'; readonly message: string };

/** What to launch. `env` holds only the variables Tickwork adds (task-env.ts taskVariables); the launcher puts them over the base environment. */
export interface LaunchRequest {
  readonly attemptId: number;
  /** The attempt's log file; its directory must exist. */
  readonly logPath: string;
  readonly command: CommandSpec;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** The log's cap in bytes (head and tail kept, see log-cap.ts); absent or 0: none. */
  readonly logMaxBytes?: number;
}

/** A launched or adopted attempt process. */
export interface AttemptProcess {
  /** The wrapper's pid; 0 until known. */
  readonly pid: number;
  /** Resolves with the pid once the process exists (0 if it never started). */
  readonly started: Promise<number>;
  /** Resolves once, when the wrapper has ended. */
  readonly ended: Promise<ProcessEnd>;
  /** Stops listening (the process itself keeps running). */
  detach(): void;
}

/** Starts attempts; `dispose` releases the launcher (running attempts carry on). */
export interface Executor {
  launch(request: LaunchRequest): AttemptProcess;
  /** Gets ready to launch (the sh launcher starts its shell) while the caller does other work. */
  warmUp?(): void;
  /** Sends the launches made so far now instead of at the end of this turn of the event loop (the caller has more to do first). */
  flush?(): void;
  /** True when it holds every log to its cap while the attempt runs (the native launcher); else the engine caps a log once its attempt has ended. */
  readonly capsLogs?: boolean;
  dispose(): void;
}

/** Lets a launcher process go: closes its input (it exits once its attempts have ended) and stops it keeping this process alive. */
export function releaseLauncher(child: ChildProcess): void {
  child.stdin!.end();
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
}

/** An attempt that failed before any process existed. */
export function failedToStart(message: string): AttemptProcess {
  return { pid: 0, started: Promise.resolve(0), ended: Promise.resolve({ kind: 'spawn_error', message }), detach: () => undefined };
}

/** Checks what can be checked before starting (the working directory; an argv program named like a shell builtin is looked up on PATH); returns the request to launch, or the failure. */
export function preflight(request: LaunchRequest): { readonly request: LaunchRequest } | { readonly failed: AttemptProcess } {
  let problem: string | null = null;
  try {
    if (!fs.statSync(request.cwd).isDirectory()) problem = `working directory ${request.cwd} is not a directory`;
  } catch {
    problem = `working directory ${request.cwd} does not exist`;
  }
  if (problem === null && request.command.kind === 'argv') {
    const [program, ...args] = request.command.argv;
    const found = resolveProgram(program ?? '', request.env.PATH ?? process.env.PATH, request.cwd);
    if (found.ok) return { request: { ...request, command: { kind: 'argv', argv: [found.file, ...args] } } };
    problem = found.message;
  }
  if (problem === null) return { request };
  fs.appendFileSync(request.logPath, `tickwork: ${problem}\n`);
  return { failed: failedToStart(problem) };
}

/**
 * True when `pid` is alive and still the attempt's wrapper: same start time
 * when one was recorded, else (Linux) the attempt's environment marker, else
 * merely alive. (A launcher subshell keeps the launcher's initial environment,
 * so its identity is its start time.)
 */
export function isAttemptProcess(pid: number, logPath: string, pidStart: string | null): boolean {
  if (!isRunning(pid)) return false;
  if (pidStart) return isSameProcessAlive(pid, pidStart);
  return HAS_PROC && hasMarker(pid, attemptMarker(logPath)) ? true : !HAS_PROC || pidStart === null;
}

/**
 * Watches an attempt launched by an earlier engine: it cannot be waited on,
 * so it is polled until its exit status is recorded or its process is gone.
 * `pid` may be null when the engine died between spawn and recording it: the
 * status file is read instead, during a short grace period.
 */
export function adopt(options: { attemptId: number; logPath: string; pid: number | null; pidStart: string | null; pollMs?: number; pidGraceUntil?: number }): AttemptProcess {
  let pid = attemptPid({ id: options.attemptId, logPath: options.logPath, pid: options.pid });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let zombieSince: number | null = null;
  const ended = new Promise<ProcessEnd>((resolve) => {
    const check = (): void => {
      if (stopped) return;
      const status = readAttemptStatus(options.logPath, options.attemptId);
      const end = endOf(status);
      if (end) return resolve(end);
      if (pid === 0) pid = status.pid ?? 0;
      // Unknown pid: the wrapper may not have written its pid yet; give it a moment.
      const waitingForPid = pid === 0 && Date.now() < (options.pidGraceUntil ?? 0);
      // Never for long: a launcher that stops reaping must not hold the task forever.
      const zombie = pid > 0 && awaitsReaping(pid);
      zombieSince = zombie ? (zombieSince ?? Date.now()) : null;
      const awaitingReap = zombie && Date.now() - zombieSince! < REAP_WAIT_MS;
      if (!waitingForPid && !awaitingReap && (pid === 0 || !isAttemptProcess(pid, options.logPath, pid === options.pid ? options.pidStart : null))) {
        // The wrapper may have written its status between the two reads.
        const late = endOf(readAttemptStatus(options.logPath, options.attemptId));
        if (late) return resolve(late);
        return resolve(pid === 0 ? { kind: 'never_started' } : { kind: 'vanished' });
      }
      timer = setTimeout(check, options.pollMs ?? 100);
    };
    check();
  });
  return {
    get pid() {
      return pid;
    },
    started: Promise.resolve(pid),
    ended,
    detach: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * True for a zombie that a live native launcher has yet to collect: it
 * records an attempt's status just before it reaps it, so until then the
 * status may be missing. Any other zombie (an unrelated process now holding
 * the pid, an orphan under init or a subreaper) is not waited for.
 */
export function awaitsReaping(pid: number): boolean {
  if (!HAS_PROC) return false;
  const fields = procStatFields(pid);
  if (fields?.[0] !== 'Z') return false;
  const parent = Number(fields[1]);
  if (!(parent > 1)) return false;
  try {
    // /proc/PID/comm holds the first 15 bytes of the name.
    return fs.readFileSync(`/proc/${parent}/comm`, 'utf8').trim() === NATIVE_LAUNCHER_COMM;
  } catch {
    return false;
  }
}

/** File name of the built native launcher (native-launcher.ts finds and drives it). */
export const NATIVE_LAUNCHER_NAME = 'tickwork-launcher';

/** The native launcher's name as /proc shows it (its first 15 bytes). */
const NATIVE_LAUNCHER_COMM = NATIVE_LAUNCHER_NAME.slice(0, 15);

/** How long an adopted attempt's zombie is waited for at most before it counts as gone. */
const REAP_WAIT_MS = 5000;

/** The end a status file records, or null while it records none. */
export function endOf(status: AttemptStatus): ProcessEnd | null {
  if (status.signal !== undefined) return { kind: 'signalled', signal: signalName(status.signal) };
  return status.exit !== null ? { kind: 'exited', exitCode: status.exit } : null;
}

/**
 * The status a shell would report for how a process ended, which on_error
 * exit_code rules match under every launcher: 128 + N for a death by signal
 * N, 127 for a program that was not found; null when nothing ran.
 */
export function shellStatus(end: ProcessEnd): number | null {
  if (end.kind === 'exited') return end.exitCode;
  if (end.kind === 'signalled') {
    const number = (os.constants.signals as Record<string, number | undefined>)[end.signal];
    return number === undefined ? null : 128 + number;
  }
  if (end.kind === 'spawn_error' && end.message.startsWith('command not found')) return 127;
  return null;
}

/** `SIGKILL` for 9, and so on. */
export function signalName(signal: number): string {
  return SIGNAL_NAMES.get(signal) ?? `signal ${signal}`;
}

const SIGNAL_NAMES = new Map(Object.entries(os.constants.signals).map(([name, number]) => [number, name]));

/** Reads at most the last `bytes` of a file as UTF-8 (for on_error output rules). */
export function readTail(file: string, bytes: number): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, bytes);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      // The window may open inside a multi-byte character: start at the next whole one, not at a U+FFFD.
      let start = 0;
      while (length === bytes && start < 3 && start < length && (buffer[start]! & 0xc0) === 0x80) start++;
      return buffer.subarray(start).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

