import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, readLines, type TempWorld } from '../helpers/temp-home.js';
import { exitOf, startTickwork, tickwork, type CliResult } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';
import { BASE_ENV_NAMES } from '../../electron/engine/exec/task-env.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * `check` fails when BAD_METRICS=1 and records what it saw (names only, plus
 * OTHER_VAR, which is not passed through); `report` runs after it.
 */
const PROJECT = `
name: envrule
pipelines:
  check:
    command: ["sh", "-c", "env | cut -d= -f1 | sort > env-names-$TICKWORK_RUN_ID.txt; echo \\"other=\${OTHER_VAR:-unset} bad=\${BAD_METRICS:-unset}\\" >> seen.txt; [ \\"$BAD_METRICS\\" != 1 ] || { echo 'metrics are bad'; exit 3; }"]
    env_passthrough: [BAD_METRICS]
  report:
    command: ["sh", "-c", "echo report >> ledger.txt"]
    depends_on: [check]
`;

function runIdOf(result: CliResult): number {
  const match = /^run (\d+)/m.exec(result.stdout);
  if (!match) throw new Error(`no run id in:\n${result.stdout}\n${result.stderr}`);
  return Number(match[1]);
}

function taskState(w: TempWorld, runId: number, pipeline: string): string {
  const db = new Database(path.join(w.home, 'tickwork.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT state FROM task_runs WHERE run_id = ? AND pipeline = ?').get(runId, pipeline) as { state: string }).state;
  } finally {
    db.close();
  }
}

/** The variable names a run's `check` saw, without those that name the run or attempt and those the shell adds itself. */
function namesSeen(w: TempWorld, runId: number): string[] {
  const perRun = new Set(['TICKWORK_RUN_ID', 'TICKWORK_ATTEMPT_ID', 'TICKWORK_LOG_FILE', 'TICKWORK_STATUS_FILE', 'PWD', 'OLDPWD', 'SHLVL', '_']);
  return readLines(w.file(`env-names-${runId}.txt`)).filter((name) => !perRun.has(name));
}

describe('one environment rule, with or without a daemon', () => {
  it('gives the same outcome and the same variables to the same command with and without a daemon; what is not passed through reaches neither', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const run = (env: NodeJS.ProcessEnv): Promise<CliResult> => tickwork(w.home, ['run', 'check', '--wait', '--project', w.project], { env: { OTHER_VAR: '1', ...env } });

    const badHere = await run({ BAD_METRICS: '1' });
    const goodHere = await run({});
    expect([badHere.code, goodHere.code]).toEqual([1, 0]);
    expect(badHere.stdout).not.toContain('the daemon drives');

    // The daemon's own environment has BAD_METRICS=1 and OTHER_VAR: neither decides what a CLI-triggered task sees.
    const daemon = await startDaemon(w.home, w.project, { BAD_METRICS: '1', OTHER_VAR: '1' });
    children.push(daemon.child);
    const badThere = await run({ BAD_METRICS: '1' });
    const goodThere = await run({});
    expect(badThere.stdout).toContain('the daemon drives it');
    expect([badThere.code, goodThere.code]).toEqual([1, 0]);

    expect(readLines(w.file('seen.txt'))).toEqual(['other=unset bad=1', 'other=unset bad=unset', 'other=unset bad=1', 'other=unset bad=unset']);
    // Exactly the same names reach the task on both paths: the documented base, the passthrough, TICKWORK_*.
    const [a, b, c, d] = [badHere, goodHere, badThere, goodThere].map((r) => namesSeen(w, runIdOf(r))) as [string[], string[], string[], string[]];
    expect(c).toEqual(a);
    expect(d).toEqual(b);
    expect(a).toContain('BAD_METRICS');
    expect(b).not.toContain('BAD_METRICS');
    for (const name of a) expect(BASE_ENV_NAMES.includes(name) || name.startsWith('LC_') || name.startsWith('TICKWORK_') || name === 'BAD_METRICS', name).toBe(true);
    expect(a).toEqual(expect.arrayContaining(['PATH', 'HOME', 'TICKWORK_HOME', 'TICKWORK_DATE', 'TICKWORK_PIPELINE']));
  });

  it.each(['native', 'sh', 'direct'])('hands the task nothing but the rule under the %s launcher', async (launcher) => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const result = await tickwork(w.home, ['run', 'check', '--wait', '--project', w.project], { env: { TICKWORK_LAUNCHER: launcher, OTHER_VAR: '1', BAD_METRICS: '0' } });
    expect(result.code).toBe(0);
    const names = namesSeen(w, runIdOf(result));
    expect(names.filter((name) => !(BASE_ENV_NAMES.includes(name) || name.startsWith('LC_') || name.startsWith('TICKWORK_')))).toEqual(['BAD_METRICS']);
    expect(readLines(w.file('seen.txt'))).toEqual(['other=unset bad=0']);
  });

  it('reuses a passed-through task only for the same values, and the daemon decides as the CLI does', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const report = async (env: NodeJS.ProcessEnv): Promise<string> => {
      const result = await tickwork(w.home, ['run', 'report', '--wait', '--project', w.project], { env });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      return taskState(w, runIdOf(result), 'check');
    };
    expect(await report({ BAD_METRICS: '0' })).toBe('succeeded');
    expect(await report({ BAD_METRICS: '0' })).toBe('cached'); // same value: same inputs
    expect(await report({ BAD_METRICS: '2' })).toBe('succeeded'); // another value: runs again
    expect(await report({})).toBe('succeeded'); // unset is a value of its own
    const daemon = await startDaemon(w.home, w.project, { BAD_METRICS: '0' });
    children.push(daemon.child);
    expect(await report({ BAD_METRICS: '2' })).toBe('cached'); // the daemon finds the CLI's result for 2, not its own 0
    expect(await report({ BAD_METRICS: '3' })).toBe('succeeded');
    expect(await report({ BAD_METRICS: '3' })).toBe('cached');
    expect(readLines(w.file('seen.txt'))).toEqual(['other=unset bad=0', 'other=unset bad=2', 'other=unset bad=unset', 'other=unset bad=3']);
  });

  it('never writes a passed-through value to the store or the home’s logs, on any path', async () => {
    const w = tempWorld();
    const secret = `s3cr3t-${process.pid}-${Date.now()}`;
    w.writeProject(`
name: secretive
pipelines:
  use:
    command: ["sh", "-c", "[ \\"$DEPLOY_KEY\\" = \\"$(cat expected-key)\\" ] && echo key-ok >> seen.txt"]
    env_passthrough: [DEPLOY_*]
`);
    fs.writeFileSync(w.file('expected-key'), secret); // in the project, not the home
    const env = { DEPLOY_KEY: secret };
    const dry = await tickwork(w.home, ['run', 'use', '--dry-run', '--project', w.project], { env });
    expect(dry.stdout).toContain('env_passthrough DEPLOY_* (set here: DEPLOY_KEY)');
    expect(dry.stdout).not.toContain(secret);
    expect((await tickwork(w.home, ['run', 'use', '--wait', '--project', w.project], { env })).code).toBe(0);
    // Without --wait: the background engine gets the value through its spawn environment only.
    expect((await tickwork(w.home, ['run', 'use', '--project', w.project], { env })).code).toBe(0);
    await waitFor(() => readLines(w.file('seen.txt')).length === 2, 'the background engine to run it');
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    const viaDaemon = await tickwork(w.home, ['run', 'use', '--wait', '--json', '--project', w.project], { env });
    expect(viaDaemon.code).toBe(0);
    expect(readLines(w.file('seen.txt'))).toEqual(['key-ok', 'key-ok', 'key-ok']);
    daemon.child.kill('SIGTERM');
    await exitOf(daemon.child);

    const leaks: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (fs.readFileSync(file).includes(secret)) leaks.push(file);
      }
    };
    walk(w.home);
    expect(leaks).toEqual([]);
    expect(viaDaemon.stdout + daemon.log()).not.toContain(secret);
    expect(fs.statSync(path.join(w.home, 'env-key')).mode & 0o777).toBe(0o600);
    // What the store keeps instead: the names and a digest.
    const db = new Database(path.join(w.home, 'tickwork.db'), { readonly: true });
    const spec = JSON.parse((db.prepare("SELECT spec FROM task_runs WHERE pipeline = 'use' LIMIT 1").get() as { spec: string }).spec);
    db.close();
    expect(spec.passthrough).toEqual({ names: ['DEPLOY_KEY'], digest: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('gives a wait_for command its task’s environment, with or without a daemon', async () => {
    const w = tempWorld();
    w.writeProject(`
name: gated
pipelines:
  gated:
    command: ["true"]
    env_passthrough: [TW_GATE]
    wait_for: {command: "[ \\"$TW_GATE\\" = open ] && [ -z \\"$OTHER_VAR\\" ]", poll: 100ms, timeout: 1s}
`);
    const run = (env: NodeJS.ProcessEnv): Promise<number | null> => tickwork(w.home, ['run', 'gated', '--wait', '--project', w.project], { env: { OTHER_VAR: '1', ...env } }).then((r) => r.code);
    expect(await run({ TW_GATE: 'open' })).toBe(0);
    expect(await run({})).toBe(1);
    const daemon = await startDaemon(w.home, w.project, { TW_GATE: 'open' });
    children.push(daemon.child);
    expect(await run({ TW_GATE: 'open' })).toBe(0);
    expect(await run({})).toBe(1); // the daemon's own TW_GATE=open does not count
  });

  it('passes the daemon’s own values to the runs it triggers itself: a schedule, and an API caller that sends none', async () => {
    const w = tempWorld();
    w.writeProject(`
name: scheduled
pipelines:
  tick:
    command: ["sh", "-c", "echo $TICKWORK_RUN_ID-\${TW_SHADE:-unset} >> seen.txt"]
    env_passthrough: [TW_SHADE]
    schedule: "* * * * * *"
`);
    const daemon = await startDaemon(w.home, w.project, { TW_SHADE: 'dusk' });
    children.push(daemon.child);
    await waitFor(() => readLines(w.file('seen.txt')).some((line) => line.endsWith('-dusk')), 'a scheduled run');
    const trigger = (body: object): Promise<{ id: number }> =>
      fetch(`http://127.0.0.1:${daemon.port}/api/runs.trigger`, { method: 'POST', headers: { ...daemon.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((res) => res.json() as Promise<{ id: number }>);
    const fromUi = await trigger({ targets: ['tick'] });
    const fromCli = await trigger({ targets: ['tick'], passthrough: { TW_SHADE: 'noon' } });
    await waitFor(() => readLines(w.file('seen.txt')).includes(`${fromCli.id}-noon`), 'the API runs');
    await waitFor(() => readLines(w.file('seen.txt')).includes(`${fromUi.id}-dusk`), 'the API runs');
    expect(readLines(w.file('seen.txt')).every((line) => /-(dusk|noon)$/.test(line))).toBe(true);
  });

  it('resumes a run only where its passed-through values are set as they were, and says which are not', async () => {
    const w = tempWorld();
    w.writeProject(`
name: resumable
pipelines:
  slow:
    command: ["sh", "-c", "while [ ! -f go ]; do sleep 0.05; done; echo slow-$TW_COLOUR >> seen.txt"]
    env_passthrough: [TW_COLOUR]
  after:
    command: ["sh", "-c", "echo after-$TW_COLOUR >> seen.txt"]
    depends_on: [slow]
    env_passthrough: [TW_COLOUR]
`);
    const engine = startTickwork(w.home, ['run', 'after', '--wait', '--project', w.project], { env: { TW_COLOUR: 'blue' } });
    children.push(engine);
    await waitFor(() => fs.existsSync(path.join(w.home, 'logs', '1', 'slow.1.log')), 'slow to start');
    engine.kill('SIGKILL');
    await exitOf(engine);

    const unset = await tickwork(w.home, ['resume']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('tickwork resume: run 1 needs its env_passthrough values as they were when it was triggered: TW_COLOUR is not set here');
    const other = await tickwork(w.home, ['resume'], { env: { TW_COLOUR: 'crimson-7' } });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('TW_COLOUR has another value here than when the run was triggered');
    expect(other.stderr).not.toContain('crimson-7');

    fs.writeFileSync(w.file('go'), '');
    const same = await tickwork(w.home, ['resume'], { env: { TW_COLOUR: 'blue' } });
    expect(same.code, same.stdout + same.stderr).toBe(0);
    expect(readLines(w.file('seen.txt'))).toEqual(['slow-blue', 'after-blue']);
  });
});
