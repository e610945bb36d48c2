/**
 * The sh launcher: one long-lived `/bin/sh` that forks every attempt.
 *
 * Why: Node's spawn forks the whole engine (100+ MB) and blocks its thread
 * until the child has exec'd; on a 1000-task DAG that alone costs more than
 * `make` needs for everything. A shell forks in a fraction of that, off the
 * engine's thread.
 *
 * Protocol. The launcher is `sh -s`: it reads commands from its stdin (in
 * blocks, as a script; `read` would cost a syscall per byte) and runs each as
 * soon as it is complete. `tickwork_run` (wrapper-script.ts) is defined once;
 * per attempt the engine writes one call of it, every word single-quoted. It
 * forks a subshell that exports the attempt's variables, sets the traps and
 * the log, cd's and runs the command — no exec beyond the command's own —
 * records `<id> pid $!` (status file and stdout) and reaps finished jobs. The EXIT trap echoes `<id> exit <status>` on
 * fd 3, the launcher's stdout. An attempt killed by SIGKILL reports nothing:
 * a liveness poll notices it and reads the status file instead.
 *
 * The launcher runs in its own session (spawned detached): attempts ignore
 * the terminal's Ctrl-C and outlive the engine. When the engine dies, the
 * launcher reads EOF and exits; running attempts carry on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { LAUNCHER_SETUP } from './wrapper-script.js';
import { readAttemptStatus, statusPathOf } from './attempt-files.js';
import { isRunning } from './process-tree.js';
import { launchDirect } from './direct-launch.js';
import { preflight, type AttemptProcess, type Executor, type LaunchRequest, type ProcessEnd } from './local-executor.js';


const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Pending {
  readonly request: LaunchRequest;
  pid: number;
  resolveStarted(pid: number): void;
  resolveEnded(end: ProcessEnd): void;
  done: boolean;
}

/** Quotes a string for sh: everything literal. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** See the file comment. */
export class ShLauncher implements Executor {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private poll: NodeJS.Timeout | null = null;

  constructor(private readonly pollMs = 200) {}

  /** Launches one attempt through the launcher (or directly if its variables are not shell names). */
  launch(request: LaunchRequest): AttemptProcess {
    const early = preflight(request);
    if (early) return early;
    if (!Object.keys(request.env).every((name) => SHELL_NAME.test(name))) return launchDirect(request);
    const child = this.ensureStarted();
    const started = deferred<number>();
    const ended = deferred<ProcessEnd>();
    const entry: Pending = { request, pid: 0, resolveStarted: started.resolve, resolveEnded: ended.resolve, done: false };
    this.pending.set(request.attemptId, entry);
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
    child.stdin!.write(`tickwork_run ${words.join(' ')}\n`);
    this.armPoll();
    return {
      get pid() {
        return entry.pid;
      },
      started: started.promise,
      ended: ended.promise,
      detach: () => {
        entry.done = true;
        this.pending.delete(request.attemptId);
      },
    };
  }

  /** Closes the launcher's input; it exits, attempts keep running. */
  dispose(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    const child = this.child;
    this.child = null;
    if (!child) return;
    child.stdin!.end();
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
  }

  private ensureStarted(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn('/bin/sh', ['-s'], { detached: true, stdio: ['pipe', 'pipe', 'ignore'] });
    child.stdin!.on('error', () => undefined); // a dead launcher is handled on 'exit'
    child.stdin!.write(LAUNCHER_SETUP);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => this.onLine(line));
    child.on('exit', () => {
      if (this.child === child) this.child = null;
      for (const entry of this.pending.values()) {
        if (entry.pid === 0) this.finish(entry, { kind: 'spawn_error', message: 'the launcher shell exited before starting the attempt' });
      }
    });
    this.child = child;
    return child;
  }

  private onLine(line: string): void {
    const match = /^(\d+) (pid|exit) (\d+)$/.exec(line);
    if (!match) return;
    const entry = this.pending.get(Number(match[1]));
    if (!entry) return;
    if (match[2] === 'pid') {
      entry.pid = Number(match[3]);
      entry.resolveStarted(entry.pid);
    } else this.finish(entry, { kind: 'exited', exitCode: Number(match[3]) });
  }

  private finish(entry: Pending, end: ProcessEnd): void {
    if (entry.done) return;
    entry.done = true;
    this.pending.delete(entry.request.attemptId);
    entry.resolveStarted(entry.pid);
    entry.resolveEnded(end);
  }

  /** Catches attempts that died without reporting (SIGKILL, OOM): their pid is gone. */
  private armPoll(): void {
    if (this.poll) return;
    this.poll = setInterval(() => {
      for (const entry of [...this.pending.values()]) {
        if (entry.pid === 0 || isRunning(entry.pid)) continue;
        const status = readAttemptStatus(entry.request.logPath, entry.request.attemptId);
        this.finish(entry, status.exit !== null ? { kind: 'exited', exitCode: status.exit } : { kind: 'signalled', signal: 'a signal' });
      }
      if (this.pending.size === 0 && this.poll) {
        clearInterval(this.poll);
        this.poll = null;
      }
    }, this.pollMs);
    this.poll.unref();
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
