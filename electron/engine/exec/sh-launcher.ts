/**
 * The sh launcher: one long-lived shell that forks every attempt.
 *
 * Why: Node's spawn forks the whole engine (100+ MB) and blocks its thread
 * until the child has exec'd; on a 1000-task DAG that alone costs more than
 * `make` needs for everything. A shell forks in a fraction of that, off the
 * engine's thread.
 *
 * The shell is /bin/sh (dash: the cheapest fork) by default; its attempts
 * share the launcher's process group and are found for signals by process
 * tree and environment marker (stop-attempt.ts). With `bash`, job control
 * (`set -m`) makes every attempt lead its own process group, as a direct
 * launch does, at about 15% more CPU per attempt.
 *
 * Protocol. The launcher reads commands from its stdin as a script (in
 * blocks; `read` would cost a syscall per byte) and runs each as soon as it
 * is complete. `tickwork_run` (wrapper-script.ts) is defined once; per
 * attempt the engine writes one call of it, every word single-quoted. It
 * forks a subshell that exports the attempt's variables, sets the traps and
 * the log, cd's and runs the command — no exec beyond the command's own —
 * and records `<id> pid $!` in the run's status file. The EXIT trap appends
 * `<id> exit <status>` there too and echoes it on fd 3, the launcher's
 * stdout, which the engine reads. An attempt killed by SIGKILL reports
 * nothing: a liveness poll notices it and reads the status file instead.
 *
 * The launcher runs in its own session (spawned detached): attempts ignore
 * the terminal's Ctrl-C and outlive the engine. When the engine dies, the
 * launcher reads EOF and exits; running attempts carry on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { LAUNCHER_SETUP } from './wrapper-script.js';
import { attemptPid, readAttemptStatus, statusPathOf } from './attempt-files.js';
import { isRunning } from './process-tree.js';
import { launchDirect } from './direct-launch.js';
import { baseEnvironment } from './task-env.js';
import { deferred } from '../util/deferred.js';
import { endOf, preflight, releaseLauncher, type AttemptProcess, type Executor, type LaunchRequest, type ProcessEnd } from './local-executor.js';


const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Pending {
  readonly request: LaunchRequest;
  /** The launcher shell that was asked to start it. */
  readonly launcher: ChildProcess;
  /** Read from the status file when first needed (kill, liveness, the store). */
  pid: number;
  resolveEnded(end: ProcessEnd): void;
  done: boolean;
}


function pidOf(entry: Pending): number {
  if (entry.pid === 0) entry.pid = attemptPid({ id: entry.request.attemptId, logPath: entry.request.logPath, pid: null });
  return entry.pid;
}

/** Resolves once the launcher has recorded the attempt's pid (0 if it ended without one). */
async function waitForPid(entry: Pending): Promise<number> {
  while (pidOf(entry) === 0 && !entry.done) await new Promise((resolve) => setTimeout(resolve, 2));
  return pidOf(entry);
}

/** Quotes a string for sh: everything literal. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The launcher's input for one attempt: a `tickwork_run` call, every word
 * single-quoted, inside `{ …; }`. The braces make the line all or nothing: if
 * the engine dies in the middle of writing a long line (one over the pipe's
 * atomic size can go out in pieces), the shell reads EOF inside an open brace
 * group, reports a syntax error and runs nothing, where a bare call cut at a
 * word boundary would run the command with its last arguments missing.
 */
export function launchLine(request: LaunchRequest): string {
  const { command } = request;
  const words = [
    String(request.attemptId),
    shellQuote(request.logPath),
    shellQuote(statusPathOf(request.logPath)),
    shellQuote(request.cwd),
    command.kind === 'argv' ? 'a' : 's',
    ...Object.entries(request.env).map(([name, value]) => shellQuote(`${name}=${value}`)),
    '--',
    ...(command.kind === 'argv' ? command.argv.map(shellQuote) : [shellQuote(command.script)]),
  ];
  return `{ tickwork_run ${words.join(' ')}; }\n`;
}

/** How often attempts that may have died without reporting (SIGKILL, OOM) are looked for. */
const LIVENESS_POLL_MS = 200;

/** See the file comment. */
export class ShLauncher implements Executor {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private poll: NodeJS.Timeout | null = null;

  /** `shell`: /bin/sh (default) or /bin/bash (each attempt its own process group). */
  constructor(private readonly shell = '/bin/sh') {}

  /** Launches one attempt through the launcher (or directly if its variables are not shell names). */
  launch(asked: LaunchRequest): AttemptProcess {
    const checked = preflight(asked);
    if ('failed' in checked) return checked.failed;
    const { request } = checked;
    if (!Object.keys(request.env).every((name) => SHELL_NAME.test(name))) return launchDirect(request);
    const child = this.ensureStarted();
    const ended = deferred<ProcessEnd>();
    const entry: Pending = { request, launcher: child, pid: 0, resolveEnded: ended.resolve, done: false };
    this.pending.set(request.attemptId, entry);
    child.stdin!.write(launchLine(request));
    this.armPoll();
    return {
      get pid() {
        return pidOf(entry);
      },
      get started() {
        return waitForPid(entry);
      },
      ended: ended.promise,
      detach: () => {
        entry.done = true;
        this.pending.delete(request.attemptId);
      },
    };
  }

  /**
   * Starts the launcher shell now: its fork and exec then overlap the
   * caller's own start-up (loading and planning a project) instead of
   * delaying the first attempt.
   */
  warmUp(): void {
    this.ensureStarted();
  }

  /** Closes the launcher's input; it exits, attempts keep running. */
  dispose(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    const child = this.child;
    this.child = null;
    if (child) releaseLauncher(child);
  }

  private ensureStarted(): ChildProcess {
    if (this.child) return this.child;
    // The launcher's environment is the attempts' base (task-env.ts); each line exports the task's own variables.
    const child = spawn(this.shell, ['-s'], { detached: true, stdio: ['pipe', 'pipe', 'ignore'], env: baseEnvironment(process.env) });
    child.stdin!.on('error', () => undefined); // a dead launcher is handled on 'exit'
    child.stdin!.write(LAUNCHER_SETUP);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => this.onLine(line));
    child.on('exit', () => {
      if (this.child === child) this.child = null;
      // Only this shell's own attempts: a disposed launcher exiting late must not touch the next one's.
      for (const entry of this.pending.values()) {
        if (entry.launcher === child && pidOf(entry) === 0) this.finish(entry, { kind: 'spawn_error', message: 'the launcher shell exited before starting the attempt' });
      }
    });
    this.child = child;
    return child;
  }

  private onLine(line: string): void {
    const match = /^(\d+) exit (\d+)$/.exec(line);
    if (!match) return;
    const entry = this.pending.get(Number(match[1]));
    if (entry) this.finish(entry, { kind: 'exited', exitCode: Number(match[2]) });
  }

  private finish(entry: Pending, end: ProcessEnd): void {
    if (entry.done) return;
    entry.done = true;
    this.pending.delete(entry.request.attemptId);
    entry.resolveEnded(end);
  }

  /** Catches attempts that died without reporting (SIGKILL, OOM): their pid is gone. */
  private armPoll(): void {
    if (this.poll) return;
    this.poll = setInterval(() => {
      for (const entry of [...this.pending.values()]) {
        const pid = pidOf(entry);
        if (pid === 0 || isRunning(pid)) continue;
        const status = readAttemptStatus(entry.request.logPath, entry.request.attemptId);
        this.finish(entry, endOf(status) ?? { kind: 'signalled', signal: 'a signal' });
      }
      if (this.pending.size === 0 && this.poll) {
        clearInterval(this.poll);
        this.poll = null;
      }
    }, LIVENESS_POLL_MS);
    this.poll.unref();
  }
}
