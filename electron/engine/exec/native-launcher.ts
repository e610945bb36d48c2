/**
 * The native launcher: one long-lived `tickwork-launcher` process (a small C
 * program, native/tickwork-launcher.c, built by `npm run build` where a C
 * compiler exists) starts every attempt with posix_spawn and waits for it.
 *
 * Why: each attempt costs one spawn of its own program and nothing else — no
 * fork of the 100 MB engine (Node's spawn), no wrapper subshell per attempt
 * (the sh launcher), no PATH lookup or cwd check on the engine's thread (the
 * launcher does both, and says exactly what failed). Every attempt leads its
 * own process group, so a timeout or cancel signals the group.
 *
 * Crash safety: the launcher runs in its own session (spawned detached) and
 * is the parent of the attempts, so a kill -9 of the engine does not reach
 * them; it then reads EOF, reaps the attempts still running, writes their
 * statuses to the run's status file, and exits after the last one. It
 * writes an exit status before it reaps the process, so once an attempt's
 * pid is gone its status is on disk (adoption relies on that).
 *
 * Protocol: see the C file. The engine writes NUL-separated requests and
 * reads `<id> pid|exit|signal|error …` lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { wrapperEnv } from './wrapper-script.js';
import { baseEnvironment } from './task-env.js';
import { deferred } from '../util/deferred.js';
import { isExecutableFile } from './resolve-program.js';
import { asarUnpackedPath } from './asar-unpacked.js';
import { NATIVE_LAUNCHER_NAME, adopt, awaitsReaping, endOf, failedToStart, releaseLauncher, signalName, type AttemptProcess, type Executor, type LaunchRequest, type ProcessEnd } from './local-executor.js';
import { readAttemptStatus, statusPathOf } from './attempt-files.js';
import { isRunning } from './process-tree.js';

/** Launcher paths already looked up, by TICKWORK_NATIVE_LAUNCHER: the engine and the CLI both ask at start-up. */
const found = new Map<string, string | null>();

/**
 * Where the built launcher is, or null: `TICKWORK_NATIVE_LAUNCHER`, else
 * dist/ of this package (found from this module's own directory, both in the
 * bundle and in the sources the tests run).
 */
export function findNativeLauncher(env: NodeJS.ProcessEnv = process.env): string | null {
  const key = env.TICKWORK_NATIVE_LAUNCHER ?? '';
  if (!found.has(key)) found.set(key, lookUpNativeLauncher(env.TICKWORK_NATIVE_LAUNCHER));
  return found.get(key)!;
}

function lookUpNativeLauncher(given: string | undefined): string | null {
  if (given !== undefined) return given && isExecutableFile(given) ? given : null;
  return nativeLauncherAbove(moduleDir());
}

/**
 * The launcher in `start` or a folder above it (there or in its dist/). In a
 * packaged app `start` is inside app.asar, where nothing can be spawned: the
 * launcher is looked for where asarUnpack put it (asar-unpacked.ts).
 */
export function nativeLauncherAbove(start: string): string | null {
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, NATIVE_LAUNCHER_NAME), path.join(dir, 'dist', NATIVE_LAUNCHER_NAME)]) {
      const file = asarUnpackedPath(candidate);
      if (isExecutableFile(file)) return file;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function moduleDir(): string {
  // The CLI bundle is CommonJS (__dirname); the tests load the sources as ESM, where vitest defines it too.
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}

/** The variables every attempt gets from the launcher itself (wrapper-script.ts names them). */
const WRAPPER_NAMES = new Set(Object.keys(wrapperEnv(0, '', '')));

/**
 * The launcher's input for one attempt (see the C file); null when a word
 * cannot be passed to a process (a NUL in it). Built as one string: this runs
 * once per attempt, on the engine's thread, between an exit and the next start.
 */
export function nativeRequest(request: LaunchRequest): Buffer | null {
  const { command } = request;
  const statusPath = statusPathOf(request.logPath);
  const logMax = request.logMaxBytes !== undefined && Number.isSafeInteger(request.logMaxBytes) && request.logMaxBytes > 0 ? request.logMaxBytes : 0;
  let words = `${request.attemptId}\0${request.logPath}\0${statusPath}\0${request.cwd}\0${command.kind === 'argv' ? 'a' : 's'}\0${logMax}\0`;
  let variables = '';
  let count = 0;
  for (const [name, value] of Object.entries(request.env)) {
    if (WRAPPER_NAMES.has(name)) continue; // the launcher's own value wins, as a spread would
    variables += `${name}=${value}\0`;
    count++;
  }
  // TICKWORK_LOG_FILE marks every process of the attempt (process-tree.ts).
  for (const [name, value] of Object.entries(wrapperEnv(request.attemptId, request.logPath, statusPath))) {
    variables += `${name}=${value}\0`;
    count++;
  }
  const argv = command.kind === 'argv' ? command.argv : [command.script];
  words += `${count}\0${variables}${argv.length}\0${argv.length > 0 ? `${argv.join('\0')}\0` : ''}`;
  // Every word ends in exactly one NUL: more NULs than words means one held a NUL of its own.
  let nuls = 0;
  for (let at = words.indexOf('\0'); at !== -1; at = words.indexOf('\0', at + 1)) nuls++;
  if (nuls !== 8 + count + argv.length) return null;
  return Buffer.from(words);
}

interface Pending {
  readonly request: LaunchRequest;
  readonly launcher: ChildProcess;
  pid: number;
  readonly resolveStarted: (pid: number) => void;
  readonly resolveEnded: (end: ProcessEnd) => void;
  /** Set once the launcher died under a started attempt: a poll of the status file and the pid took over. */
  fallback: AttemptProcess | null;
  /** The liveness poll found its pid gone once without a status. */
  vanishedOnce: boolean;
  done: boolean;
}

const REPLY = /^(\d+) (pid|exit|signal|error) (.*)$/;

/** See the file comment. */
export class NativeLauncher implements Executor {
  /** Capped logs go through the launcher, which holds the cap even while no engine runs. */
  readonly capsLogs = true;
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  /** Pid checks for replies that never came (see armPoll). */
  private poll: NodeJS.Timeout | null = null;
  /** Requests of this turn of the event loop, written together (the launcher wakes once for a batch of starts). */
  private outgoing: Buffer[] = [];

  constructor(private readonly binary: string) {}

  /** Sends one attempt to the launcher. */
  launch(request: LaunchRequest): AttemptProcess {
    const bytes = nativeRequest(request);
    if (bytes === null) {
      const problem = 'the command, its working directory or a variable contains a NUL character';
      fs.appendFileSync(request.logPath, `tickwork: ${problem}\n`);
      return failedToStart(problem);
    }
    const launcher = this.ensureStarted();
    const started = deferred<number>();
    const ended = deferred<ProcessEnd>();
    const entry: Pending = { request, launcher, pid: 0, resolveStarted: started.resolve, resolveEnded: ended.resolve, fallback: null, vanishedOnce: false, done: false };
    this.pending.set(request.attemptId, entry);
    this.outgoing.push(bytes);
    if (this.outgoing.length === 1) queueMicrotask(() => this.flush());
    this.armPoll();
    return {
      // Until the reply comes (batched: up to a few ms), the status file has the pid from the spawn on.
      get pid() {
        return pidOf(entry);
      },
      started: started.promise,
      ended: ended.promise,
      detach: () => {
        entry.done = true;
        entry.fallback?.detach();
        this.pending.delete(request.attemptId);
      },
    };
  }

  /** Starts the launcher now, so its start overlaps the caller's own (loading and planning a project). */
  warmUp(): void {
    this.ensureStarted();
  }

  /** Closes the launcher's input: it exits once its attempts have ended (they keep running). */
  dispose(): void {
    this.flush();
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    const child = this.child;
    this.child = null;
    if (child) releaseLauncher(child);
  }

  /** Writes this turn's requests now (see Executor.flush). */
  flush(): void {
    const batch = this.outgoing;
    if (batch.length === 0 || !this.child) return;
    this.outgoing = [];
    const bytes = batch.length === 1 ? batch[0]! : Buffer.concat(batch);
    const stdin = this.child.stdin!;
    // Straight into the pipe while the stream holds nothing back: one write(2)
    // instead of the stream machinery, a fifth of a start's cost on the
    // engine's thread. A full pipe (EAGAIN) leaves the rest to the stream,
    // which keeps the order; a dead launcher is handled on 'close'.
    const fd = (stdin as unknown as { _handle?: { fd?: number } })._handle?.fd;
    if (fd === undefined || fd < 0 || stdin.writableLength > 0) {
      stdin.write(bytes);
      return;
    }
    let written = 0;
    try {
      written = fs.writeSync(fd, bytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
    }
    if (written < bytes.length) stdin.write(bytes.subarray(written));
  }

  private ensureStarted(): ChildProcess {
    if (this.child) return this.child;
    // The launcher's environment is the attempts' base (task-env.ts); each request adds the task's own variables.
    const child = spawn(this.binary, [], { detached: true, stdio: ['pipe', 'pipe', 'ignore'], env: baseEnvironment(process.env) });
    child.stdin!.on('error', () => undefined); // a dead launcher is handled on 'exit'
    child.stdout!.setEncoding('utf8');
    // Each launcher its own partial line: a disposed one still reporting must not splice into the next one's.
    let partial = '';
    child.stdout!.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) this.onReply(line);
    });
    child.on('error', () => undefined); // cannot exec: 'exit' follows
    child.on('close', () => this.onLauncherExit(child)); // after its last reply was read
    this.child = child;
    return child;
  }

  private onReply(line: string): void {
    const match = REPLY.exec(line);
    if (!match) return;
    const entry = this.pending.get(Number(match[1]));
    if (!entry || entry.done) return;
    const value = match[3]!;
    switch (match[2]) {
      case 'pid':
        entry.pid = Number(value);
        entry.resolveStarted(entry.pid);
        return;
      case 'exit':
        return this.finish(entry, { kind: 'exited', exitCode: Number(value) });
      case 'signal':
        return this.finish(entry, { kind: 'signalled', signal: signalName(Number(value)) });
      default:
        return this.finish(entry, { kind: 'spawn_error', message: value });
    }
  }

  /**
   * The launcher died (killed, or its binary could not run). Attempts it had
   * not started fail to start; started ones are watched like an adopted
   * attempt (pid and status file), since their waiting parent is gone.
   */
  private onLauncherExit(child: ChildProcess): void {
    if (this.child === child) {
      this.child = null;
      this.outgoing = []; // written to no one: their attempts fail to start below
    }
    for (const entry of [...this.pending.values()]) {
      if (entry.launcher !== child || entry.done) continue;
      // Its pid reply may still have been in the launcher's buffer: the status file has it from the spawn on.
      if (pidOf(entry) === 0) {
        this.finish(entry, { kind: 'spawn_error', message: 'the launcher exited before starting the attempt' });
        continue;
      }
      const watched = adopt({ attemptId: entry.request.attemptId, logPath: entry.request.logPath, pid: entry.pid, pidStart: null });
      entry.fallback = watched;
      void watched.ended.then((end) => this.finish(entry, end));
    }
  }

  private finish(entry: Pending, end: ProcessEnd): void {
    if (entry.done) return;
    entry.done = true;
    this.pending.delete(entry.request.attemptId);
    entry.resolveStarted(entry.pid);
    entry.resolveEnded(end);
  }

  /**
   * A slow check for exits whose reply never came (the launcher could not
   * track the process, or its reply was lost): an attempt whose pid is gone
   * settles from the status file, which the launcher writes before reaping.
   */
  private armPoll(): void {
    if (this.poll) return;
    this.poll = setInterval(() => {
      for (const entry of [...this.pending.values()]) {
        if (entry.done || entry.fallback || pidOf(entry) === 0 || isRunning(entry.pid) || awaitsReaping(entry.pid)) continue;
        const end = endOf(readAttemptStatus(entry.request.logPath, entry.request.attemptId));
        // Gone, and no status yet: its reply may be on the way; the next look decides.
        if (end) this.finish(entry, end);
        else if (entry.vanishedOnce) this.finish(entry, { kind: 'vanished' });
        else entry.vanishedOnce = true;
      }
      if (this.pending.size === 0 && this.poll) {
        clearInterval(this.poll);
        this.poll = null;
      }
    }, LIVENESS_POLL_MS);
    this.poll.unref();
  }
}

/** How often attempts are checked for an exit whose reply never came. */
const LIVENESS_POLL_MS = 1000;

/** The attempt's pid: from the launcher's reply, else from the status file (0 while neither has it). */
function pidOf(entry: Pending): number {
  if (entry.pid === 0 && !entry.done) entry.pid = readAttemptStatus(entry.request.logPath, entry.request.attemptId).pid ?? 0;
  return entry.pid;
}
