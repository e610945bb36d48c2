import fs from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempWorld, readLines, type TempWorld } from '../helpers/temp-home.js';
import { exitOf, startTickwork, tickwork } from '../helpers/cli.js';
import { pidAlive, waitFor, waitForAsync } from '../helpers/wait-for.js';

/** Pids of live processes whose environment holds `marker` (NAME=VALUE). */
function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(marker) && pidAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** A task that notes each SIGTERM it gets in terms.txt and carries on until SIGKILL. */
function stubbornProject(w: TempWorld, extra: string): void {
  w.writeProject(`
name: stubborn
pipelines:
  a: {command: ["sh", "-c", "trap 'echo term >> terms.txt' TERM; echo $$ > pid.txt; while true; do sleep 0.05; done"], retries: 0, kill_grace: 1500ms${extra}}
`);
}

function attemptRow(w: TempWorld): { state: string; kill_reason: string | null } {
  const db = new Database(path.join(w.home, 'tickwork.db'), { readonly: true });
  try {
    return db.prepare('SELECT state, kill_reason FROM attempts ORDER BY id DESC LIMIT 1').get() as { state: string; kill_reason: string | null };
  } finally {
    db.close();
  }
}

/** Starts `run a --wait` and resolves once the task's shell is running, with its pid. */
async function startStubbornRun(w: TempWorld): Promise<{ run: ChildProcess; pid: number }> {
  const run = startTickwork(w.home, ['run', 'a', '--wait', '--project', w.project]);
  run.stdout!.resume();
  const pid = await waitFor(() => fs.existsSync(w.file('pid.txt')) && Number(fs.readFileSync(w.file('pid.txt'), 'utf8')), 'the task to start');
  return { run, pid };
}

/** Starts `run a --wait`, waits for the task's shell, then kill -9s the engine; returns the task's pid. */
async function orphanedStubbornTask(w: TempWorld, until: () => boolean = () => true): Promise<number> {
  const { run, pid } = await startStubbornRun(w);
  await waitFor(until, 'the moment to kill the engine');
  run.kill('SIGKILL');
  await exitOf(run);
  return pid;
}

/** Starts `tickwork cancel 1` and kill -9s it once it has sent the SIGTERM: run 1 is cancelled, its attempt stranded. */
async function cancelKilledAfterItsSigterm(w: TempWorld): Promise<void> {
  const cancel = startTickwork(w.home, ['cancel', '1']);
  await waitFor(() => readLines(w.file('terms.txt')).length > 0, 'the SIGTERM of the cancel');
  cancel.kill('SIGKILL');
  await exitOf(cancel);
}

describe('SIGKILL after kill_grace, whoever dies on the way', () => {
  it('sends the SIGKILL a timed-out attempt was owed when the engine died during its grace period', async () => {
    const w = tempWorld();
    stubbornProject(w, ', timeout: 300ms');
    const pid = await orphanedStubbornTask(w, () => readLines(w.file('terms.txt')).length > 0); // SIGTERM sent, SIGKILL pending
    const resumed = await tickwork(w.home, ['resume']);
    expect(resumed.code).toBe(1);
    expect(resumed.stdout).toContain("✗ a: timed out after 300ms");
    expect(pidAlive(pid)).toBe(false);
    expect(attemptRow(w)).toEqual({ state: 'timed_out', kill_reason: 'timeout' });
    expect(readLines(w.file('terms.txt'))).toEqual(['term']); // the adopting engine sent no second SIGTERM
  });

  it('cancel with no engine alive waits out kill_grace, SIGKILLs and settles the attempt', async () => {
    const w = tempWorld();
    stubbornProject(w, '');
    const pid = await orphanedStubbornTask(w);
    const cancelled = await tickwork(w.home, ['cancel', '1']);
    expect(cancelled.code).toBe(0);
    expect(pidAlive(pid)).toBe(false);
    expect(attemptRow(w)).toEqual({ state: 'cancelled', kill_reason: 'cancel' });
    expect(readLines(w.file('terms.txt'))).toEqual(['term']);
  });

  it('finishes the job of a cancel that was itself killed: the next engine SIGKILLs and settles the leftover attempt', async () => {
    const w = tempWorld();
    stubbornProject(w, '');
    const pid = await orphanedStubbornTask(w);
    await cancelKilledAfterItsSigterm(w);
    expect(attemptRow(w).state).toBe('running'); // stranded in a cancelled run
    await waitForAsync(async () => (await tickwork(w.home, ['resume'])) && attemptRow(w).state !== 'running', 'an engine to settle the leftover attempt');
    expect(pidAlive(pid)).toBe(false);
    expect(attemptRow(w)).toEqual({ state: 'cancelled', kill_reason: 'cancel' });
    expect(readLines(w.file('terms.txt'))).toEqual(['term']);
  });

  it('signals a cancelled attempt once when its engine is alive: the engine leaves the SIGTERM to the cancel', async () => {
    const w = tempWorld();
    stubbornProject(w, '');
    const { run, pid } = await startStubbornRun(w);
    expect((await tickwork(w.home, ['cancel', '1'])).code).toBe(0);
    expect(await exitOf(run)).toBe(1);
    expect(pidAlive(pid)).toBe(false);
    expect(readLines(w.file('terms.txt'))).toEqual(['term']);
  });

  it('sends SIGTERM (then SIGKILL) to the attempts of a run cancelled by overlap: cancel_previous', async () => {
    const w = tempWorld();
    w.writeProject(`
name: superseded
pipelines:
  a: {command: ["sh", "-c", "trap 'echo term >> terms-{{ run_id }}.txt' TERM; echo $$ > pid-{{ run_id }}.txt; while true; do sleep 0.05; done"], retries: 0, kill_grace: 1s, max_active_runs: 1, overlap: cancel_previous}
`);
    const first = startTickwork(w.home, ['run', 'a', '--wait', '--project', w.project]);
    first.stdout!.resume();
    const pid = await waitFor(() => fs.existsSync(w.file('pid-1.txt')) && Number(fs.readFileSync(w.file('pid-1.txt'), 'utf8')), 'run 1 to start');
    const second = startTickwork(w.home, ['run', 'a', '--project', w.project]); // supersedes run 1; runs in the background
    expect(await exitOf(second)).toBe(0);
    expect(await exitOf(first)).toBe(1);
    expect(pidAlive(pid)).toBe(false);
    expect(readLines(w.file('terms-1.txt'))).toEqual(['term']);
    expect((await tickwork(w.home, ['cancel', '2'])).code).toBe(0);
  });

  it('never signals a process that only reuses a stranded attempt\'s pid', async () => {
    const w = tempWorld();
    stubbornProject(w, '');
    const pid = await orphanedStubbornTask(w);
    await cancelKilledAfterItsSigterm(w);
    // The attempt's processes die unseen (say a reboot), and its pid now belongs to something else.
    process.kill(pid, 'SIGKILL');
    const log = path.join(w.home, 'logs', '1', 'a.1.log');
    await waitFor(() => !pidAlive(pid) && processesWithMarker(`TICKWORK_LOG_FILE=${log}`).length === 0, 'every process of the attempt to be gone');
    const bystander = spawn('sleep', ['30']);
    await new Promise((resolve) => bystander.once('spawn', resolve));
    const db = new Database(path.join(w.home, 'tickwork.db'));
    db.prepare("UPDATE attempts SET pid = ?, pid_start = '12345'").run(bystander.pid);
    db.close();
    expect((await tickwork(w.home, ['resume'])).code).toBe(0);
    expect(attemptRow(w)).toEqual({ state: 'cancelled', kill_reason: 'cancel' });
    expect(pidAlive(bystander.pid!)).toBe(true);
    bystander.kill('SIGKILL');
  });
});
