import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { pidAlive, waitFor } from '../../helpers/wait-for.js';
import { NativeLauncher, findNativeLauncher, nativeRequest } from '../../../electron/engine/exec/native-launcher.js';
import { adopt, type LaunchRequest } from '../../../electron/engine/exec/local-executor.js';
import { readAttemptStatus } from '../../../electron/engine/exec/attempt-files.js';
import type { CommandSpec } from '../../../shared/config-model.js';

const binary = findNativeLauncher();
let launcher: NativeLauncher | undefined;
afterEach(() => launcher?.dispose());

function request(dir: string, id: number, command: CommandSpec, env: Record<string, string> = {}): LaunchRequest {
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  return { attemptId: id, logPath: path.join(dir, 'logs', `task.${id}.log`), command, cwd: dir, env };
}

/** Feeds raw bytes to a fresh launcher process, as an engine that then dies would; resolves when the launcher exits. */
function feed(bytes: Buffer): Promise<number | null> {
  const child = spawn(binary!, [], { stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin.end(bytes);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/** The C compiler on PATH, if any (then npm run build must have built the launcher). */
function compiler(): string | undefined {
  return ['cc', 'gcc', 'clang'].find((name) => (process.env.PATH ?? '').split(':').some((dir) => fs.existsSync(path.join(dir, name))));
}

it('npm run build builds the native launcher wherever a C compiler exists (no silent fallback to the sh launcher)', () => {
  if (compiler()) expect(binary).toMatch(/tickwork-launcher$/);
  else expect(binary).toBeNull();
});

it.runIf(compiler() !== undefined)('compiles without a single warning (the build itself only warns, so a newer compiler cannot break it)', () => {
  const dir = path.join(process.cwd(), 'electron', 'engine', 'exec', 'native');
  const result = spawnSync(compiler()!, ['-std=c99', '-Wall', '-Wextra', '-Werror', '-fsyntax-only', path.join(dir, 'tickwork-launcher.c'), path.join(dir, 'spawn-program.c'), path.join(dir, 'log-cap.c')], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
});

describe.runIf(binary !== null)('the native launcher', () => {
  it('runs nothing of a request the engine died while writing, and all of a whole one', async () => {
    const w = tempWorld();
    const marker = path.join(w.root, 'ran');
    const bytes = nativeRequest(request(w.root, 1, { kind: 'argv', argv: ['touch', marker, path.join(w.root, 'second')] }))!;
    // Cut inside the last argument, and right before it: neither may run `touch <marker>`.
    for (const cut of [bytes.length - 3, bytes.lastIndexOf(Buffer.from(path.join(w.root, 'second')))]) {
      expect(await feed(bytes.subarray(0, cut))).toBe(0);
      expect(fs.existsSync(marker)).toBe(false);
    }
    expect(await feed(bytes)).toBe(0);
    expect(fs.existsSync(path.join(w.root, 'second'))).toBe(true);
  });

  it('runs a request that arrives in pieces, its counts read before the words they count', async () => {
    const w = tempWorld();
    const env = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`V${i}`, `value ${i}`]));
    const req = request(w.root, 12, { kind: 'argv', argv: ['sh', '-c', 'echo "$V0|$V199"'] }, env);
    const bytes = nativeRequest(req)!;
    const child = spawn(binary!, [], { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.stdin.write(bytes.subarray(0, 300)); // cut inside the variables: the launcher reads a partial request
    await new Promise((resolve) => setTimeout(resolve, 50)); // pacing, so the two halves arrive in two reads
    child.stdin.end(bytes.subarray(300));
    await exited;
    expect(fs.readFileSync(req.logPath, 'utf8')).toBe('value 0|value 199\n');
  });

  it('outlives its engine: after EOF it waits for running attempts and records their exit status before exiting', async () => {
    const w = tempWorld();
    const req = request(w.root, 2, { kind: 'shell', script: 'while [ ! -f go ]; do sleep 0.02; done; exit 4' });
    const child = spawn(binary!, [], { stdio: ['pipe', 'pipe', 'ignore'] });
    child.stdin.write(nativeRequest(req)!);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const pid = await waitFor(() => readAttemptStatus(req.logPath, 2).pid, 'the pid in the status file');
    child.stdin.end(); // the engine is gone
    expect(pidAlive(child.pid!)).toBe(true);
    fs.writeFileSync(path.join(w.root, 'go'), '');
    expect(await exited).toBe(0);
    expect(readAttemptStatus(req.logPath, 2)).toEqual({ pid, exit: 4 });
  });

  it('records a death by signal, which an adopting engine reports as such', async () => {
    const w = tempWorld();
    launcher = new NativeLauncher(binary!);
    const req = request(w.root, 3, { kind: 'argv', argv: ['sleep', '30'] });
    const proc = launcher.launch(req);
    const pid = await proc.started;
    const adopted = adopt({ attemptId: 3, logPath: req.logPath, pid, pidStart: null, pollMs: 10 });
    process.kill(pid, 'SIGKILL');
    expect(await proc.ended).toEqual({ kind: 'signalled', signal: 'SIGKILL' });
    expect(await adopted.ended).toEqual({ kind: 'signalled', signal: 'SIGKILL' });
    expect(readAttemptStatus(req.logPath, 3)).toEqual({ pid, exit: 137, signal: 9 });
  });

  it('looks argv[0] up on the attempt own PATH, runs a builtin name as its program, and names a missing one', async () => {
    const w = tempWorld();
    fs.mkdirSync(path.join(w.root, 'bin'));
    fs.writeFileSync(path.join(w.root, 'bin', 'echo'), '#!/bin/sh\nprintf "mine:%s\\n" "$*"\n', { mode: 0o755 });
    launcher = new NativeLauncher(binary!);
    const own = launcher.launch(request(w.root, 4, { kind: 'argv', argv: ['echo', '-n', 'x'] }, { PATH: `${path.join(w.root, 'bin')}:/usr/bin:/bin` }));
    expect(await own.ended).toEqual({ kind: 'exited', exitCode: 0 });
    expect(fs.readFileSync(path.join(w.root, 'logs', 'task.4.log'), 'utf8')).toBe('mine:-n x\n');
    const missing = launcher.launch(request(w.root, 5, { kind: 'argv', argv: ['no-such-program-tw'] }, { PATH: '/nonexistent' }));
    expect(await missing.ended).toEqual({ kind: 'spawn_error', message: 'command not found: no-such-program-tw (not on PATH: /nonexistent)' });
    expect(fs.readFileSync(path.join(w.root, 'logs', 'task.5.log'), 'utf8')).toBe('tickwork: command not found: no-such-program-tw (not on PATH: /nonexistent)\n');
    expect(readAttemptStatus(path.join(w.root, 'logs', 'task.5.log'), 5)).toEqual({ pid: null, exit: null });
  });

  it('refuses a word with a NUL character instead of running a different command, and an empty command', async () => {
    const w = tempWorld();
    launcher = new NativeLauncher(binary!);
    const proc = launcher.launch(request(w.root, 6, { kind: 'argv', argv: ['echo', 'a\0b'] }, { X: '1' }));
    expect(await proc.ended).toEqual({ kind: 'spawn_error', message: 'the command, its working directory or a variable contains a NUL character' });
    const empty = launcher.launch(request(w.root, 9, { kind: 'argv', argv: [] }));
    expect(await empty.ended).toEqual({ kind: 'spawn_error', message: 'the command is empty' });
  });

  it('gives every attempt its own marker variables, whatever the configured env says', async () => {
    const w = tempWorld();
    launcher = new NativeLauncher(binary!);
    const req = request(w.root, 10, { kind: 'argv', argv: ['sh', '-c', 'echo "$TICKWORK_LOG_FILE|$TICKWORK_ATTEMPT_ID|$MINE"'] }, { TICKWORK_LOG_FILE: '/elsewhere', MINE: 'x y' });
    expect(await launcher.launch(req).ended).toEqual({ kind: 'exited', exitCode: 0 });
    expect(fs.readFileSync(req.logPath, 'utf8')).toBe(`${req.logPath}|10|x y\n`);
  });

  it('runs an executable file without a #! line through /bin/sh, as execvp does', async () => {
    const w = tempWorld();
    fs.writeFileSync(path.join(w.root, 'old-script'), 'echo "plain $1"\n', { mode: 0o755 });
    launcher = new NativeLauncher(binary!);
    const req = request(w.root, 11, { kind: 'argv', argv: ['./old-script', 'sh'] });
    expect(await launcher.launch(req).ended).toEqual({ kind: 'exited', exitCode: 0 });
    expect(fs.readFileSync(req.logPath, 'utf8')).toBe('plain sh\n');
  });

  it('stops reading at input that is not a request (a count that is no count or too big, an id that is not a number) and runs none of it', async () => {
    const w = tempWorld();
    const marker = path.join(w.root, 'ran');
    const log = path.join(w.root, 'logs', 'x.log');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const fields = (id: string, nenv: string, nargv: string, logMax = '0'): Buffer => Buffer.from([id, log, path.join(w.root, 'logs', 'attempts.status'), w.root, 'a', logMax, nenv, nargv, 'touch', marker].join('\0') + '\0');
    expect(await feed(fields('1', '0', '99999999999999999999999'))).toBe(0);
    expect(await feed(fields('x1', '0', '2'))).toBe(0);
    expect(await feed(Buffer.concat([fields('1', '1x', '2'), fields('2', '0', '2')]))).toBe(0);
    expect(await feed(fields('1', '0', '2', '64k'))).toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
    expect(await feed(fields('3', '0', '2'))).toBe(0);
    await waitFor(() => fs.existsSync(marker), 'the well-formed request to run');
  });

  it('keeps no status file open once more runs than it caches have finished', async () => {
    const w = tempWorld();
    launcher = new NativeLauncher(binary!);
    const procs = Array.from({ length: 20 }, (_, i) => {
      const dir = path.join(w.root, `run${i}`);
      fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
      return launcher!.launch({ attemptId: 100 + i, logPath: path.join(dir, 'logs', 'a.1.log'), command: { kind: 'shell', script: `while [ ! -f ${w.root}/go ]; do sleep 0.02; done` }, cwd: dir, env: {} });
    });
    const pids = await Promise.all(procs.map((p) => p.started));
    const launcherPid = Number(fs.readFileSync(`/proc/${pids[0]}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
    const statusFiles = (): number => fs.readdirSync(`/proc/${launcherPid}/fd`).filter((fd) => fs.readlinkSync(`/proc/${launcherPid}/fd/${fd}`).endsWith('attempts.status')).length;
    expect(statusFiles()).toBe(20); // 16 cached, 4 held for their running attempts
    fs.writeFileSync(path.join(w.root, 'go'), '');
    for (const proc of procs) expect(await proc.ended).toEqual({ kind: 'exited', exitCode: 0 });
    expect(statusFiles()).toBe(16);
  });

  it('falls back to watching pid and status file when the launcher itself is killed', async () => {
    const w = tempWorld();
    launcher = new NativeLauncher(binary!);
    const req = request(w.root, 7, { kind: 'shell', script: 'while [ ! -f go ]; do sleep 0.02; done' });
    const proc = launcher.launch(req);
    const pid = await proc.started;
    const launcherPid = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
    process.kill(launcherPid, 'SIGKILL');
    await waitFor(() => !pidAlive(launcherPid), 'the launcher to die');
    fs.writeFileSync(path.join(w.root, 'go'), '');
    // Its waiting parent is gone, so its status is unknown: lost, never a false success.
    expect(await proc.ended).toEqual({ kind: 'vanished' });
  });
});
