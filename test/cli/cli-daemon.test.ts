import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, readLines } from '../helpers/temp-home.js';
import { exitOf, startTickwork, tickwork } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';

const PROJECT = `
name: ticking
pipelines:
  tick:
    command: ["sh", "-c", "echo tick >> ticks.txt"]
    schedule: "* * * * * *"
`;

/** Runs in the home's store (read-only, from the test process). */
function scheduledRuns(home: string): Array<{ state: string; key: string }> {
  const file = path.join(home, 'tickwork.db');
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT state, idempotency_key AS key FROM runs WHERE trigger = 'schedule' ORDER BY id").all() as Array<{ state: string; key: string }>;
  } catch {
    return []; // the daemon is still creating the schema
  } finally {
    db.close();
  }
}

const daemons: ChildProcess[] = [];
afterEach(() => {
  for (const d of daemons.splice(0)) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
});

function up(home: string, project: string): ChildProcess {
  const d = startTickwork(home, ['up', '--project', project]);
  d.stdout!.resume();
  daemons.push(d);
  return d;
}

describe('tickwork up / down', () => {
  it('fires schedules, refuses a second daemon, reloads config edits and stops gracefully', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const daemon = up(w.home, w.project);
    let log = '';
    daemon.stdout!.on('data', (chunk) => (log += chunk));
    await waitFor(() => scheduledRuns(w.home).filter((r) => r.state === 'succeeded').length >= 2, 'two scheduled runs to succeed');

    const second = await tickwork(w.home, ['up', '--project', w.project]);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(`tickwork up: a daemon is already running for ${w.home} (pid ${daemon.pid}); stop it with tickwork down\n`);

    fs.writeFileSync(w.file('tickwork.yaml'), PROJECT.replace('schedule: "* * * * * *"', 'schedule: "61 * * * *"'));
    // The problem lines follow the header line, maybe in a later chunk of output: wait for them too.
    const problem = 'tickwork.yaml:6:15: pipelines.tick.schedule: invalid cron expression "61 * * * *": Invalid value for minute: 61';
    await waitFor(() => log.includes('changed but is invalid; keeping the last good config') && log.includes(problem), 'the invalid edit to be reported');
    const before = scheduledRuns(w.home).length;
    await waitFor(() => scheduledRuns(w.home).length > before, 'the last good schedule to keep firing');

    const health = JSON.parse((await tickwork(w.home, ['health', '--json', '--project', w.project])).stdout);
    expect(health.scheduler).toMatchObject({ pid: daemon.pid, alive: true });
    expect(health.scheduler.ageMs).toBeLessThan(10_000);

    const down = await tickwork(w.home, ['down']);
    expect(down.stdout).toBe(`daemon (pid ${daemon.pid}) stopped\n`);
    expect(await exitOf(daemon)).toBe(0);
    expect(fs.existsSync(path.join(w.home, 'daemon.json'))).toBe(false);
    const runs = scheduledRuns(w.home);
    expect(new Set(runs.map((r) => r.key)).size).toBe(runs.length);
  });

  it('is safe to kill -9 and restart: every slot runs at most once and nothing is lost', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const first = up(w.home, w.project);
    await waitFor(() => scheduledRuns(w.home).length >= 2, 'scheduled runs');
    first.kill('SIGKILL');
    await exitOf(first);
    const second = up(w.home, w.project);
    const atRestart = scheduledRuns(w.home).length;
    await waitFor(() => scheduledRuns(w.home).length >= atRestart + 2, 'the restarted daemon to fire');
    expect((await tickwork(w.home, ['down'])).code).toBe(0);
    await exitOf(second);
    // A run fired just before `down` is left to the next engine, not lost: resume finishes it.
    expect((await tickwork(w.home, ['resume'])).code).toBe(0);
    const runs = scheduledRuns(w.home);
    expect(runs.every((r) => r.state === 'succeeded')).toBe(true);
    expect(new Set(runs.map((r) => r.key)).size).toBe(runs.length);
    expect(readLines(w.file('ticks.txt'))).toHaveLength(runs.length);
  });
});
