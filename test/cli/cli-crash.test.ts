import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempWorld, readLines } from '../helpers/temp-home.js';
import { exitOf, startTickwork, tickwork, type CliResult } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';
import { procStatFields } from '../../electron/engine/util/proc-stat.js';
import { openStore } from '../../electron/engine/store/open-store.js';
import { MIGRATIONS } from '../../electron/engine/store/migrations/index.js';

/** Deterministic PRNG (mulberry32) so the kill schedule is the same on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** SIGKILLs a process and all its descendants (children first found via /proc). */
function killTree(pid: number): void {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    for (const tid of fs.readdirSync(`/proc/${all[i]}/task`)) {
      const children = fs.readFileSync(`/proc/${all[i]}/task/${tid}/children`, 'utf8').trim();
      if (children) all.push(...children.split(' ').map(Number));
    }
  }
  for (const p of all) process.kill(p, 'SIGKILL');
}

const NAMES = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4', 'c1', 'c2', 'c3', 'c4'];

function crashProject(): string {
  const lines = NAMES.map((name) => {
    const layer = name[0];
    const deps = layer === 'a' ? [] : NAMES.filter((n) => n[0] === (layer === 'b' ? 'a' : 'b')).slice(0, 2 + (Number(name[1]) % 2));
    return `  ${name}: {command: ["sh", "-c", "sleep 0.4; echo ${name} >> ledger.txt"], depends_on: [${deps.join(', ')}]}`;
  });
  return `name: crashy\npools: {default: 3}\ndefaults: {retries: 2, retry_delay: 50ms}\npipelines:\n${lines.join('\n')}\njobs:\n  all: {pipelines: [${NAMES.join(', ')}]}\n`;
}

describe.each(['native', 'sh', 'direct'])('crash safety (%s launcher)', (launcher) => {
  const env = { TICKWORK_LAUNCHER: launcher };

  it('survives repeated kill -9 of the engine mid-run: every task completes exactly once, nothing left running', async () => {
    const w = tempWorld();
    w.writeProject(crashProject());
    const random = prng(42);
    let kills = 0;
    // Each driving process's output, so a wait that times out says what the engine was doing.
    let output = '';
    const drive = (args: string[]): ChildProcess => {
      const started = startTickwork(w.home, args, { env });
      output = `$ tickwork ${args.join(' ')}\n`;
      started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      return started;
    };
    let child = drive(['run', 'all', '--wait', '--project', w.project]);
    const db = () => new Database(path.join(w.home, 'tickwork.db'), { readonly: true, fileMustExist: true });
    for (let round = 0; round < 6; round++) {
      // Kill once the run has made progress (an attempt row exists), at a seeded random moment after that.
      const progressed = (): boolean => fs.existsSync(path.join(w.home, 'tickwork.db')) && readLines(w.file('ledger.txt')).length >= round;
      const stuck = (why: string): Error => new Error(`${why} (round ${round}, ledger ${readLines(w.file('ledger.txt')).length} lines); the driving process's output:\n${output}`);
      await waitFor(() => {
        if (progressed()) return true;
        // An engine that exits with work left would leave this wait to time out: say so at once.
        if (child.exitCode !== null) throw stuck(`the driving process exited with code ${child.exitCode} before progress`);
        return false;
      }, 'progress').catch((error: Error) => {
        throw error.message.startsWith('timed out') ? stuck(error.message) : error;
      });
      await new Promise((resolve) => setTimeout(resolve, 60 + random() * 300));
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        kills++;
        await exited;
      }
      const check = db();
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();
      child = drive(['resume']);
    }
    const last = child.exitCode ?? (await new Promise<number | null>((resolve) => child.once('exit', resolve)));
    // The last resume may have been started after everything finished; a final resume settles any remainder.
    const final = await tickwork(w.home, ['resume'], { env });
    expect([last, final.code]).toContain(0);
    expect(kills).toBeGreaterThanOrEqual(4);

    expect(readLines(w.file('ledger.txt')).sort()).toEqual([...NAMES].sort());
    const runs = JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout);
    expect(runs.map((r: { state: string }) => r.state)).toEqual(['succeeded']);
    const check = db();
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.prepare("SELECT count(*) AS n FROM runs WHERE state IN ('queued','running')").get()).toEqual({ n: 0 });
    expect(check.prepare("SELECT count(*) AS n FROM attempts WHERE state = 'running'").get()).toEqual({ n: 0 });
    const succeeded = check.prepare("SELECT count(*) AS n FROM attempts WHERE state = 'succeeded'").get() as { n: number };
    expect(succeeded.n).toBe(NAMES.length);
    check.close();
  });

  it('settles an attempt whose process vanished while no engine watched it as lost, then retries it', async () => {
    const w = tempWorld();
    w.writeProject(`
name: lost
defaults: {retries: 1, retry_delay: 10ms}
pipelines:
  slow: {command: ["sh", "-c", "echo try >> ledger.txt; echo $$ > slow.pid; [ -f second ] || { touch second; sleep 30; }"]}
`);
    const engine = startTickwork(w.home, ['run', 'slow', '--wait', '--project', w.project], { env });
    const pid = await waitFor(() => fs.existsSync(w.file('slow.pid')) && Number(fs.readFileSync(w.file('slow.pid'), 'utf8').trim()), 'the attempt to start');
    expect(pid).toBeGreaterThan(0);
    const exited = new Promise((resolve) => engine.once('exit', resolve));
    engine.kill('SIGKILL');
    await exited;
    const status = fs.readFileSync(path.join(w.home, 'logs', '1', 'attempts.status'), 'utf8');
    const attemptPid = Number(/^1 pid (\d+)$/m.exec(status)![1]);
    // The native launcher outlives the engine and would record the kill as a signal: it dies first, as in a reboot.
    if (launcher === 'native') process.kill(Number(procStatFields(attemptPid)![1]), 'SIGKILL');
    killTree(attemptPid);
    const resumed = await tickwork(w.home, ['resume', '--json'], { env });
    expect(resumed.code).toBe(0);
    const [run] = JSON.parse(resumed.stdout);
    expect(run.state).toBe('succeeded');
    const check = new Database(path.join(w.home, 'tickwork.db'), { readonly: true });
    const attempts = check.prepare('SELECT number, state, error FROM attempts ORDER BY number').all();
    check.close();
    expect(attempts).toEqual([
      { number: 1, state: 'lost', error: 'process vanished while no engine watched it (no exit status)' },
      { number: 2, state: 'succeeded', error: null },
    ]);
  });
});

/** A store that says it is fully migrated but whose tables are gone: SQLite throws errors no command expects. */
function hollowStore(home: string): void {
  const db = new Database(path.join(home, 'tickwork.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`user_version = ${MIGRATIONS.length}`);
  db.close();
}

/** The report path from the one line of an internal error; fails unless stderr is exactly that line. */
function internalErrorReport(result: Pick<CliResult, 'code' | 'stderr'>, error: RegExp): string {
  expect(result.code).toBe(70);
  const match = /^tickwork: internal error: (.+) — full report written to (\S+)\n$/.exec(result.stderr);
  expect(match, result.stderr).not.toBeNull();
  expect(match![1]).toMatch(error);
  // No stack frames and no bundle source on the terminal.
  expect(result.stderr).not.toMatch(/\bat |cli\.cjs|\^/);
  return match![2]!;
}

function expectReport(file: string, argv: readonly string[], error: RegExp): void {
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(`argv: ${JSON.stringify(argv)}`);
  expect(text).toContain(`node: ${process.version}`);
  expect(text).toMatch(/^tickwork: \d+\.\d+\.\d+$/m);
  expect(text).toMatch(/^time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);
  expect(text).toMatch(error);
  expect(text).toMatch(/^ {4}at \S+/m); // the stack is in the report
}

describe('internal errors', () => {
  it('end a command with one line naming the error and its report file under the home, exit 70', async () => {
    const w = tempWorld();
    hollowStore(w.home);
    const argv = ['runs', '--limit', '5'];
    const result = await tickwork(w.home, argv);
    const report = internalErrorReport(result, /^SqliteError: no such table: \w+$/);
    expect(path.dirname(report)).toBe(path.join(w.home, 'crash-reports'));
    expectReport(report, argv, /SqliteError: no such table/);
    expect(fs.readFileSync(report, 'utf8')).toContain('"code":"SQLITE_ERROR"');
  });

  it('write the report to the OS temp dir when the home cannot take it', async () => {
    const w = tempWorld();
    hollowStore(w.home);
    fs.writeFileSync(path.join(w.home, 'crash-reports'), 'not a directory');
    const tmp = path.join(w.root, 'tmp');
    fs.mkdirSync(tmp);
    const result = await tickwork(w.home, ['runs'], { env: { TMPDIR: tmp } });
    const report = internalErrorReport(result, /^SqliteError: /);
    expect(path.dirname(report)).toBe(path.join(tmp, 'tickwork-crash-reports'));
    expectReport(report, ['runs'], /SqliteError: /);
  });

  it('thrown in a timer of the daemon (not in a command\'s promise) end it the same way', async () => {
    const w = tempWorld();
    w.writeProject('name: calm\npipelines:\n  a: {command: ["true"]}\n');
    const daemon = await startDaemon(w.home, w.project);
    try {
      // The daemon's next look at the journal finds the table gone.
      const db = openStore(path.join(w.home, 'tickwork.db'));
      db.exec('ALTER TABLE events RENAME TO events_gone');
      db.close();
      expect(await exitOf(daemon.child)).toBe(70);
      await waitFor(() => daemon.log().includes('full report written'), 'the daemon\'s last line');
      const stderr = daemon.log().split('\n').filter((line) => line.startsWith('tickwork: internal error') || /^\s+at |\^/.test(line)).join('\n') + '\n';
      const report = internalErrorReport({ code: 70, stderr }, /^SqliteError: no such table: events$/);
      expectReport(report, ['up', '--project', w.project], /SqliteError: no such table: events/);
    } finally {
      if (daemon.child.exitCode === null) daemon.child.kill('SIGKILL');
    }
  });
});
