import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, readLines, type TempWorld } from '../helpers/temp-home.js';
import { exitOf, startTickwork, tickwork } from '../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const daemons: ChildProcess[] = [];
afterEach(() => {
  for (const d of daemons.splice(0)) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
});

async function daemonFor(w: TempWorld): Promise<TestDaemon> {
  const daemon = await startDaemon(w.home, w.project);
  daemons.push(daemon.child);
  return daemon;
}

describe('state-changing commands while a daemon runs', () => {
  it('ensure goes through the daemon, which drives the run as soon as its data is marked ready', async () => {
    const w = tempWorld();
    w.writeProject(`
name: heartbeat
partitions: {region: [US, EU]}
pipelines:
  profiles: {command: ["sh", "-c", "echo profiles-{{ partition.region }} >> ledger.txt"], wait_for: {data_ready: true, poll: 1h}}
`);
    const daemon = await daemonFor(w);
    const p = ['--project', w.project, '--date', '2025-01-02', '--partition', 'region=US'];
    expect((await tickwork(w.home, ['ensure', ...p])).stdout).toMatch(/^run 1 for date=2025-01-02,region=US: created \((queued|running)\)\n$/);
    await waitFor(() => daemon.log().includes('run 1'), 'the daemon to pick the run up');
    expect((await tickwork(w.home, ['ensure', ...p, '--data-ready'])).stdout).toMatch(/^run 1 for date=2025-01-02,region=US: exists \((running|succeeded), data ready\)\n$/);
    // The gate polls hourly; only the daemon's own re-check on runs.ensure can open it this soon.
    await waitFor(() => fs.existsSync(w.file('ledger.txt')) && readLines(w.file('ledger.txt')).length === 1, 'profiles to run');
    const runs = JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout);
    expect(runs).toMatchObject([{ id: 1, trigger: 'ensure' }]);
  });

  it('backfill creates its runs through the daemon and follows them to the end, resuming on a second call', async () => {
    const w = tempWorld();
    w.writeProject(`
name: bf
pipelines:
  prices: {command: ["sh", "-c", "[ ! -f fail-{{ date }} ] && echo {{ date }} >> ledger.txt"]}
`);
    fs.writeFileSync(w.file('fail-2025-01-03'), '');
    const daemon = await daemonFor(w);
    const args = ['backfill', 'prices', '--from', '2025-01-01', '--to', '2025-01-03', '--concurrency', '2', '--project', w.project];
    const first = await tickwork(w.home, args);
    expect(first.stdout).toContain('backfill prices 2025-01-01..2025-01-03: 3 partitions: 2 succeeded, 0 already done, 1 failed\n');
    expect(first.code).toBe(1);
    for (const id of [1, 2, 3]) expect(daemon.log()).toContain(`run ${id}`); // the daemon drove all three
    const runs = JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout) as Array<{ trigger: string }>;
    expect(runs.map((r) => r.trigger)).toEqual(['backfill', 'backfill', 'backfill']);

    fs.rmSync(w.file('fail-2025-01-03'));
    const second = await tickwork(w.home, args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('backfill prices 2025-01-01..2025-01-03: 3 partitions: 1 succeeded, 2 already done\n');
    expect(daemon.log()).toContain('run 4');
    expect(readLines(w.file('ledger.txt')).sort()).toEqual(['2025-01-01', '2025-01-02', '2025-01-03']);
  });

  it('serves several projects at once and routes each run to its own project', async () => {
    const a = tempWorld();
    a.writeProject(`name: alpha\npipelines:\n  hello: {command: ["sh", "-c", "echo alpha >> ledger.txt"]}\n`);
    const b = tempWorld();
    b.writeProject(`name: beta\npipelines:\n  hello: {command: ["sh", "-c", "echo beta >> ledger.txt"]}\n`);
    const daemon = await startDaemon(a.home, [a.project, b.project]);
    daemons.push(daemon.child);
    for (const w of [a, b]) {
      const run = await tickwork(a.home, ['run', 'hello', '--wait', '--project', w.project]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^run \d+: hello \(\d{4}-\d\d-\d\d\)\nthe daemon drives it; following it here/m);
    }
    expect(readLines(a.file('ledger.txt'))).toEqual(['alpha']);
    expect(readLines(b.file('ledger.txt'))).toEqual(['beta']);
    const runs = JSON.parse((await tickwork(a.home, ['runs', '--json'])).stdout) as Array<{ project: string }>;
    expect(runs.map((r) => r.project).sort()).toEqual(['alpha', 'beta']);
  });

  it('a backfill whose daemon dies stops with a clear message instead of waiting forever, and its runs are resumable', async () => {
    const w = tempWorld();
    w.writeProject(`
name: bf
pipelines:
  prices: {command: ["sh", "-c", "while [ ! -f go ]; do sleep 0.05; done; echo {{ date }} >> ledger.txt"]}
`);
    const daemon = await daemonFor(w);
    const args = ['backfill', 'prices', '--from', '2025-01-01', '--to', '2025-01-02', '--project', w.project];
    const backfill = startTickwork(w.home, args);
    let err = '';
    backfill.stderr!.on('data', (c) => (err += c));
    backfill.stdout!.resume();
    await waitFor(() => daemon.log().includes('run 1 started'), 'the first partition to start in the daemon');
    daemon.child.kill('SIGKILL');
    expect(await exitOf(backfill)).toBe(1);
    expect(err).toMatch(/tickwork backfill: lost the daemon \(.+\); its runs carry on — run the backfill again to follow them/);

    fs.writeFileSync(w.file('go'), '');
    const again = await tickwork(w.home, args); // no daemon now: the CLI adopts the orphaned run and finishes the rest
    expect(again.code).toBe(0);
    expect(readLines(w.file('ledger.txt')).sort()).toEqual(['2025-01-01', '2025-01-02']);
  });

  it('run --wait whose daemon dies exits 3 (no run failed: it stopped following) with a clear message, no stack trace, and the run is finished by the next engine', async () => {
    const w = tempWorld();
    w.writeProject(`
name: lost
pipelines:
  slow: {command: ["sh", "-c", "while [ ! -f go ]; do sleep 0.05; done; echo done >> ledger.txt"]}
`);
    const daemon = await daemonFor(w);
    const run = startTickwork(w.home, ['run', 'slow', '--wait', '--project', w.project]);
    let out = '';
    let err = '';
    run.stdout!.on('data', (c) => (out += c));
    run.stderr!.on('data', (c) => (err += c));
    await waitFor(() => out.includes('▶ slow'), 'the task to start, seen by run --wait');
    daemon.child.kill('SIGKILL');
    expect(await exitOf(run)).toBe(3);
    expect(err).toMatch(/^tickwork run: stopped following; the run carries on \(lost the daemon while following run 1: .+\)\. `tickwork resume` or the next daemon drives it/);
    expect(err).not.toContain('internal error');
    fs.writeFileSync(w.file('go'), '');
    const resumed = await tickwork(w.home, ['resume']);
    expect(resumed.code).toBe(0);
    expect(readLines(w.file('ledger.txt'))).toEqual(['done']);
  });
});
