import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { pidAlive, waitFor } from '../../helpers/wait-for.js';
import { createExecutor, type LauncherKind } from '../../../electron/engine/exec/executor-choice.js';
import { adopt, awaitsReaping, type Executor, type LaunchRequest } from '../../../electron/engine/exec/local-executor.js';
import { stopAttempt, signalAttempt } from '../../../electron/engine/exec/stop-attempt.js';
import { readAttemptStatus } from '../../../electron/engine/exec/attempt-files.js';
import { processGroupOf } from '../../../electron/engine/exec/process-tree.js';
import type { CommandSpec } from '../../../shared/config-model.js';
import { launchLine } from '../../../electron/engine/exec/sh-launcher.js';
import { LAUNCHER_SETUP } from '../../../electron/engine/exec/wrapper-script.js';

let executor: Executor | undefined;
afterEach(() => executor?.dispose());

function request(dir: string, id: number, command: CommandSpec, env: Record<string, string> = {}): LaunchRequest {
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  return { attemptId: id, logPath: path.join(dir, 'logs', `task.${id}.log`), command, cwd: dir, env };
}

describe.each<LauncherKind>(['native', 'sh', 'bash', 'direct'])('the %s launcher', (kind) => {
  it('runs argv verbatim (no shell parsing), captures stdout and stderr in the log, and reports the exit code', async () => {
    const w = tempWorld();
    executor = createExecutor(kind);
    const argv = ['sh', '-c', 'echo "$1|$2"; echo err >&2; echo "$GREETING" ; pwd; exit 7', 'x', "$HOME; rm -rf / 'q'", '*'];
    const proc = executor.launch(request(w.root, 1, { kind: 'argv', argv }, { GREETING: "it's ok" }));
    expect(await proc.ended).toEqual({ kind: 'exited', exitCode: 7 });
    expect(fs.readFileSync(path.join(w.root, 'logs', 'task.1.log'), 'utf8')).toBe(`$HOME; rm -rf / 'q'|*\nerr\nit's ok\n${w.root}\n`);
    expect(readAttemptStatus(path.join(w.root, 'logs', 'task.1.log'), 1)).toEqual({ pid: await proc.started, exit: 7 });
  });

  it.runIf(kind !== 'sh')('runs each attempt as the leader of its own process group', async () => {
    const w = tempWorld();
    executor = createExecutor(kind);
    const req = request(w.root, 7, { kind: 'shell', script: 'sleep 0.3' });
    const proc = executor.launch(req);
    const pid = await proc.started;
    expect(processGroupOf(pid)).toBe(pid);
    expect((await proc.ended).kind).toBe('exited');
  });

  it('runs a string command through the shell, multi-line scripts included', async () => {
    const w = tempWorld();
    executor = createExecutor(kind);
    const proc = executor.launch(request(w.root, 2, { kind: 'shell', script: 'for i in 1 2; do\n  echo "line $i"\ndone | tr a-z A-Z\nexit 3' }));
    expect(await proc.ended).toEqual({ kind: 'exited', exitCode: 3 });
    expect(fs.readFileSync(path.join(w.root, 'logs', 'task.2.log'), 'utf8')).toBe('LINE 1\nLINE 2\n');
  });

  it('stops the attempt and a grandchild that ignores SIGTERM (SIGKILL after the grace period)', async () => {
    const w = tempWorld();
    executor = createExecutor(kind);
    const req = request(w.root, 3, { kind: 'shell', script: `sh -c 'trap "" TERM; echo $$ > gc.pid; exec sleep 30' & wait` });
    const proc = executor.launch(req);
    const pid = await proc.started;
    const grandchild = await waitFor(() => fs.existsSync(path.join(w.root, 'gc.pid')) && Number(fs.readFileSync(path.join(w.root, 'gc.pid'), 'utf8')), 'grandchild');
    stopAttempt({ pid, logPath: req.logPath }, 200);
    // The wrappers trap SIGTERM and exit 143; the native launcher is the parent itself and sees the signal.
    expect(await proc.ended).toEqual(kind === 'native' ? { kind: 'signalled', signal: 'SIGTERM' } : { kind: 'exited', exitCode: 143 });
    await waitFor(() => !pidAlive(grandchild), 'the grandchild to be killed');
  });

  it('notices an attempt killed by SIGKILL, which leaves no exit status', async () => {
    const w = tempWorld();
    executor = createExecutor(kind);
    const req = request(w.root, 4, { kind: 'argv', argv: ['sleep', '30'] });
    const proc = executor.launch(req);
    const pid = await proc.started;
    await waitFor(() => fs.existsSync(req.logPath), 'the wrapper to start');
    process.kill(pid, 'SIGKILL'); // the wrapper alone, as the OOM killer would: no EXIT trap runs
    expect((await proc.ended).kind).toBe('signalled');
    signalAttempt({ pid, logPath: req.logPath }, 'SIGKILL'); // the orphaned sleep
  });

  it('copes with spaces, quotes and newlines in paths, variables and arguments', async () => {
    const w = tempWorld();
    executor = createExecutor(kind);
    const odd = path.join(w.root, "it's a \"dir\" $x");
    fs.mkdirSync(odd);
    const req = { ...request(odd, 8, { kind: 'argv', argv: ['sh', '-c', 'printf "%s|%s|%s" "$1" "$ODD" "$(pwd)"', '_', 'a\nb'] }, { ODD: "x'y\"z $HOME" }), cwd: odd };
    const proc = executor.launch(req);
    expect(await proc.ended).toEqual({ kind: 'exited', exitCode: 0 });
    expect(fs.readFileSync(req.logPath, 'utf8')).toBe(`a\nb|x'y"z $HOME|${odd}`);
  });

  it('fails an attempt whose working directory does not exist, without starting anything', async () => {
    const w = tempWorld();
    executor = createExecutor(kind);
    const proc = executor.launch({ ...request(w.root, 5, { kind: 'argv', argv: ['true'] }), cwd: path.join(w.root, 'nope') });
    expect(await proc.ended).toEqual({ kind: 'spawn_error', message: `working directory ${path.join(w.root, 'nope')} does not exist` });
  });

  it('lets a later engine adopt a running attempt and read its exit status from the status file', async () => {
    const w = tempWorld();
    executor = createExecutor(kind);
    const req = request(w.root, 6, { kind: 'shell', script: 'while [ ! -f go ]; do sleep 0.02; done; exit 5' });
    const first = executor.launch(req);
    const pid = await first.started;
    first.detach();
    const adopted = adopt({ attemptId: 6, logPath: req.logPath, pid, pidStart: null, pollMs: 20 });
    fs.writeFileSync(path.join(w.root, 'go'), '');
    expect(await adopted.ended).toEqual({ kind: 'exited', exitCode: 5 });
  });
});

describe('adoption', () => {
  it('does not wait for a zombie that no tickwork launcher will reap: it counts as gone', async () => {
    const w = tempWorld();
    // `sleep 0` exits under a parent that never waits for it (the shell became `sleep 5` by exec).
    const parent = spawn('/bin/sh', ['-c', 'sleep 0 & echo $! > zombie.pid; exec sleep 5'], { cwd: w.root, stdio: 'ignore' });
    const zombie = await waitFor(() => fs.existsSync(path.join(w.root, 'zombie.pid')) && Number(fs.readFileSync(path.join(w.root, 'zombie.pid'), 'utf8')), 'the zombie');
    await waitFor(() => fs.readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1]!.startsWith('Z'), 'it to be a zombie');
    expect(awaitsReaping(zombie)).toBe(false);
    const log = path.join(w.root, 'logs', 'z.1.log');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    expect(await adopt({ attemptId: 1, logPath: log, pid: zombie, pidStart: null, pollMs: 10 }).ended).toEqual({ kind: 'vanished' });
    parent.kill('SIGKILL');
  });
});

describe('the sh launcher protocol', () => {
  /** Feeds `input` to a fresh launcher shell (as the engine would) and resolves when it exits. */
  function feedLauncher(input: string): Promise<number | null> {
    const child = spawn('/bin/sh', ['-s'], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(LAUNCHER_SETUP + input);
    return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  it('runs nothing of a line the engine died while writing, even one cut at a word boundary', async () => {
    const w = tempWorld();
    const marker = path.join(w.root, 'ran');
    const req = request(w.root, 3, { kind: 'argv', argv: ['touch', marker, path.join(w.root, 'second')] });
    const line = launchLine(req);
    // Cut right before the last argument: without the braces the shell would run `touch <marker>`.
    await feedLauncher(line.slice(0, line.lastIndexOf(` '${path.join(w.root, 'second')}'`)));
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync(req.logPath)).toBe(false);
    // The whole line runs the command (and the subshell outlives the launcher's EOF).
    await feedLauncher(line);
    await waitFor(() => fs.existsSync(path.join(w.root, 'second')), 'the whole line to run touch');
    expect(fs.existsSync(marker)).toBe(true);
  });
});
