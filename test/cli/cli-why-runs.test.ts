import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { readLines, tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Two branches with their own scripts (b takes a param), and a report reading both. */
const PROJECT = `
name: why
params: {lookback: "60"}
pipelines:
  a:
    command: ["node", "steps/a.mjs"]
    code: ["steps/a.mjs"]
  b:
    command: ["node", "steps/b.mjs", "{{ params.lookback }}"]
    code: ["steps/b.mjs"]
  report:
    command: ["sh", "-c", "echo report >> ledger.txt"]
    depends_on: [a, b]
`;

function world(): TempWorld {
  const w = tempWorld();
  w.writeProject(PROJECT);
  fs.mkdirSync(w.file('steps'));
  fs.writeFileSync(w.file('steps/a.mjs'), `import fs from 'node:fs';\nfs.appendFileSync('ledger.txt', 'a\\n');\n`);
  fs.writeFileSync(w.file('steps/b.mjs'), `import fs from 'node:fs';\nfs.appendFileSync('ledger.txt', 'b ' + process.argv[2] + '\\n');\n`);
  return w;
}

const DATE = ['--date', '2025-02-03'];

/** The ledger the steps append to, a and b (which run side by side) in a fixed order within each run. */
function ledger(w: TempWorld): string[] {
  const lines = readLines(w.file('ledger.txt'));
  const out: string[] = [];
  let batch: string[] = [];
  for (const line of lines) {
    if (line === 'report') {
      out.push(...batch.sort(), line);
      batch = [];
    } else batch.push(line);
  }
  return [...out, ...batch.sort()];
}

/** The `runs:` / `reused:` line under each task of a human dry run, by pipeline. */
function dryReasons(stdout: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let task = '';
  for (const line of stdout.split('\n')) {
    const head = /^\s+\d+\. (\S+) /.exec(line);
    if (head) task = head[1]!;
    const why = /^ {7}((?:runs|reused): .*)$/.exec(line);
    if (why) out.push([task, why[1]!]);
  }
  return out;
}

describe('why each task runs or is reused', () => {
  it('reports a code: value that is not a list of file globs at file:line:col, with exit 2', async () => {
    const w = world();
    w.writeProject(PROJECT.replace('code: ["steps/b.mjs"]', 'code: steps/b.mjs'));
    const result = await tickwork(w.home, ['run', 'report', '--dry-run', '--project', w.project]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tickwork.yaml:9:11: pipelines.b.code: expected a list of file globs, got "steps/b.mjs"');
    // A glob that matches no file is refused when the run is planned.
    w.writeProject(PROJECT.replace('steps/b.mjs"]', 'steps/b.py"]'));
    const missing = await tickwork(w.home, ['run', 'report', '--dry-run', '--project', w.project]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`tickwork run: pipelines.b: code glob "steps/b.py" matches no file under ${w.project}\n`);
  });

  it('re-runs an edited script’s task and its downstream, reuses the untouched branch, and says so in the dry run and the run', async () => {
    const w = world();
    const p = ['--project', w.project, ...DATE];
    const fresh = await tickwork(w.home, ['run', 'report', '--dry-run', ...p]);
    expect(fresh.code).toBe(0);
    expect(dryReasons(fresh.stdout)).toEqual([
      ['a', 'runs: new: never ran for this partition'],
      ['b', 'runs: new: never ran for this partition'],
      ['report', 'runs: new: never ran for this partition'],
    ]);
    expect(fs.existsSync(`${w.home}/tickwork.db`)).toBe(false); // a dry run on a new home creates nothing
    expect((await tickwork(w.home, ['run', 'report', '--wait', ...p])).code).toBe(0);

    fs.appendFileSync(w.file('steps/a.mjs'), '// faster\n');
    const dry = await tickwork(w.home, ['run', 'report', '--dry-run', ...p]);
    expect(dryReasons(dry.stdout)).toEqual([
      ['a', 'runs: code file steps/a.mjs changed'],
      ['b', 'reused: same inputs as run 1'],
      ['report', 'runs: upstream data re-ran: a'],
    ]);
    const json = JSON.parse((await tickwork(w.home, ['run', 'report', '--dry-run', '--json', ...p])).stdout) as { tasks: Array<{ pipeline: string; action: string; why: string[] }> };
    expect(json.tasks.map((t) => [t.pipeline, t.action, t.why])).toEqual([
      ['a', 'run', ['code file steps/a.mjs changed']],
      ['b', 'reuse', ['same inputs as run 1']],
      ['report', 'run', ['upstream data re-ran: a']],
    ]);

    const run = await tickwork(w.home, ['run', 'report', '--wait', ...p]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  = b reused: same inputs as run 1\n');
    expect(run.stdout).toContain('  · a: runs: code file steps/a.mjs changed\n');
    expect(run.stdout).toContain('  · report: runs: upstream data re-ran: a\n');
    expect(ledger(w)).toEqual(['a', 'b 60', 'report', 'a', 'report']);
  });

  it('names a changed param and a forced run', async () => {
    const w = world();
    const p = ['--project', w.project, ...DATE];
    expect((await tickwork(w.home, ['run', 'report', '--wait', ...p])).code).toBe(0);
    const dry = await tickwork(w.home, ['run', 'report', '--dry-run', '--param', 'lookback=90', ...p]);
    expect(dryReasons(dry.stdout)).toEqual([
      ['a', 'reused: same inputs as run 1'],
      ['b', 'runs: param lookback 60 → 90'],
      ['report', 'runs: upstream data re-ran: b'],
    ]);
    // The reasons are notes of the run, with their facts in --json.
    const run = JSON.parse((await tickwork(w.home, ['run', 'report', '--wait', '--json', '--param', 'lookback=90', ...p])).stdout) as { notes: unknown[] };
    expect(run.notes).toEqual([
      { kind: 'why', pipeline: 'b', previous_run_id: 1, reasons: ['param lookback 60 → 90'], message: 'runs: param lookback 60 → 90' },
      { kind: 'why', pipeline: 'report', previous_run_id: 1, reasons: ['upstream data re-ran: b'], message: 'runs: upstream data re-ran: b' },
    ]);
    const forced = await tickwork(w.home, ['run', 'report', '--wait', '--force', '--param', 'lookback=90', ...p]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('  · a: runs: forced\n');
    expect(forced.stdout).toContain('  · b: runs: forced\n');
    expect(forced.stdout).toContain('  · report: runs: forced; upstream data re-ran: a, b\n');
    expect(ledger(w)).toEqual(['a', 'b 60', 'report', 'b 90', 'report', 'a', 'b 90', 'report']);
  });

  it('through a daemon, notices the edited script and prints the reasons from the event stream', async () => {
    const w = world();
    const p = ['--project', w.project, ...DATE];
    expect((await tickwork(w.home, ['run', 'report', '--wait', ...p])).code).toBe(0);
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    fs.appendFileSync(w.file('steps/b.mjs'), '// more\n');
    const run = await tickwork(w.home, ['run', 'report', '--wait', ...p]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  · b: runs: code file steps/b.mjs changed\n');
    expect(run.stdout).toContain('  · report: runs: upstream data re-ran: b\n');
    expect(ledger(w)).toEqual(['a', 'b 60', 'report', 'b 60', 'report']);
  }, 30_000);
});
