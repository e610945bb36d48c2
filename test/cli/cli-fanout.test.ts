import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, readLines } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const PROJECT = (metricsExtra = '') => `
name: fan
partitions: {region: [US, EU], book: [A, B]}
pipelines:
  data:
    command: ["sh", "-c", "echo data-{{ date }} >> ledger.txt"]
  metrics:
    command: ["sh", "-c", "echo metrics-{{ partition.region }}-{{ date }} >> ledger.txt"]
    depends_on: [data]
${metricsExtra}jobs:
  daily: {pipelines: [metrics], partitions: {region: [EU]}}
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

describe('run and ensure fan out over the static keys their pipelines use', () => {
  it('run --wait without --partition creates one run per region (not per book, which no command uses) and prints every id', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT());
    const out = await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--wait', '--project', w.project]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('run 1: data → metrics (2025-02-03, region=US)');
    expect(out.stdout).toContain('run 2: data → metrics (2025-02-03, region=EU)');
    expect(out.stdout).toContain('runs 1, 2: 2 succeeded');
    expect(readLines(w.file('ledger.txt')).filter((l) => l.startsWith('metrics')).sort()).toEqual(['metrics-EU-2025-02-03', 'metrics-US-2025-02-03']);
    // --partition narrows to one run.
    const one = await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-04', '--partition', 'region=EU', '--wait', '--project', w.project]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('run 3: data → metrics (2025-02-04, region=EU)');
    expect(one.stdout).not.toContain('run 4');
  });

  it('run without --wait prints every run id and how to follow them', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT());
    const out = await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--project', w.project]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('run 1: data → metrics (2025-02-03, region=US)');
    expect(out.stdout).toContain('run 2: data → metrics (2025-02-03, region=EU)');
    expect(out.stdout).toContain('running in the background; follow one with: tickwork logs 1 --follow (runs 1, 2); list them with: tickwork runs');
  });

  it('a pipeline or job narrows the values it runs for, and --partition outside them is a usage error', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT('    partitions: {region: [US]}\n'));
    const out = await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--wait', '--project', w.project]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('run 1: data → metrics (2025-02-03, region=US)');
    expect(out.stdout).not.toContain('run 2');
    const job = await tickwork(w.home, ['run', 'daily', '--date', '2025-02-03', '--wait', '--project', w.project]);
    expect(job.stdout).toContain('(2025-02-03, region=EU)');
    const wrong = await tickwork(w.home, ['run', 'metrics', '--partition', 'region=EU', '--project', w.project]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--partition region=EU: pipelines.metrics.partitions runs only for region US');
  });

  it('validate names an undeclared key in partitions: with file:line:col', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT('    partitions: {regoin: [US]}\n'));
    const out = await tickwork(w.home, ['validate', '--project', w.project]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/tickwork\.yaml:9:18: pipelines\.metrics\.partitions\.regoin: unknown partition key "regoin"; did you mean "region"\?/);
  });

  it('max_active_runs counts runs of the same region: the runs of one fan-out never supersede each other', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT('    max_active_runs: 1\n    overlap: cancel_previous\n'));
    const out = await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--wait', '--project', w.project]);
    expect(out.stdout).not.toContain('superseded');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('runs 1, 2: 2 succeeded');
  });

  it('--no-upstream over regions uses one unpartitioned upstream result for every region', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT());
    expect((await tickwork(w.home, ['run', 'data', '--date', '2025-02-03', '--wait', '--project', w.project])).code).toBe(0);
    const out = await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--no-upstream', '--wait', '--project', w.project]);
    expect(out.code).toBe(0);
    expect(out.stdout.match(/using upstream data from run 1 \(2025-02-03\)/g)).toHaveLength(2);
    expect(readLines(w.file('ledger.txt')).filter((l) => l.startsWith('metrics')).sort()).toEqual(['metrics-EU-2025-02-03', 'metrics-US-2025-02-03']);
  });

  it('validate refuses a schedule whose partitions share no value with its pipeline’s', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT('    partitions: {region: [US]}\n    schedule: {cron: "0 19 * * *", partitions: {region: EU}}\n'));
    const out = await tickwork(w.home, ['validate', '--project', w.project]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("pipelines.metrics.schedule.partitions: the schedule's partitions.region (EU) shares no value with partitions.region (US) above it");
  });

  it('status shows each region on its own row, so a failed EU run is not hidden behind a later US success', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT().replace('echo metrics-{{ partition.region }}-{{ date }} >> ledger.txt', '[ {{ partition.region }} != EU ] && echo metrics-{{ partition.region }} >> ledger.txt'));
    expect((await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--partition', 'region=EU', '--wait', '--project', w.project])).code).toBe(1);
    expect((await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--partition', 'region=US', '--wait', '--project', w.project])).code).toBe(0);
    const status = await tickwork(w.home, ['status', '--project', w.project]);
    expect(status.stdout).toMatch(/metrics \[region=EU\]\s+1\s+failed/);
    expect(status.stdout).toMatch(/metrics \[region=US\]\s+2\s+succeeded/);
    const json = JSON.parse((await tickwork(w.home, ['status', '--json', '--project', w.project])).stdout) as Array<{ pipeline: string; partition: string | null; state: string }>;
    expect(json.filter((e) => e.pipeline === 'metrics').map((e) => `${e.partition} ${e.state}`)).toEqual(['region=EU failed', 'region=US succeeded']);
  });

  it('ensure without --partition creates (then finds) one run per region', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT());
    const p = ['--project', w.project];
    const first = await tickwork(w.home, ['ensure', 'metrics', '--date', '2025-02-03', ...p]);
    expect(first.stdout).toBe('run 1 for date=2025-02-03,region=US: created (queued)\nrun 2 for date=2025-02-03,region=EU: created (queued)\n');
    const again = await tickwork(w.home, ['ensure', 'metrics', '--date', '2025-02-03', ...p]);
    expect(again.stdout).toBe('run 1 for date=2025-02-03,region=US: exists (queued)\nrun 2 for date=2025-02-03,region=EU: exists (queued)\n');
    const eu = await tickwork(w.home, ['ensure', 'metrics', '--date', '2025-02-03', '--partition', 'region=EU', ...p]);
    expect(eu.stdout).toBe('run 2 for date=2025-02-03,region=EU: exists (queued)\n');
  });

  it('through the daemon: run --wait fans out the same way, and ensure too', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT());
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    const out = await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--wait', '--project', w.project]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("run 1: data → metrics (2025-02-03, region=US)\nrun 2: data → metrics (2025-02-03, region=EU)\nthe daemon drives them; following them here");
    expect(out.stdout).toContain('runs 1, 2: 2 succeeded');
    const ensured = await tickwork(w.home, ['ensure', 'metrics', '--date', '2025-02-04', '--project', w.project]);
    expect(ensured.stdout).toMatch(/^run 3 for date=2025-02-04,region=US: created \(\w+\)\nrun 4 for date=2025-02-04,region=EU: created \(\w+\)\n$/);
  });
});

describe('a partitioned schedule in the real daemon', () => {
  it('creates exactly one run per region at each slot, across a restart', async () => {
    const w = tempWorld();
    // Every second (6 fields: seconds first), so slots come while the test watches.
    w.writeProject(`
name: sched
partitions: {region: [US, EU]}
pipelines:
  metrics:
    command: ["echo", "{{ partition.region }}"]
    schedule: "* * * * * *"
`);
    // Read the real store: slot → the regions of its runs.
    const slotsOf = (): Map<string, string[]> => {
      const db = new Database(path.join(w.home, 'tickwork.db'), { readonly: true });
      try {
        const rows = db.prepare("SELECT idempotency_key AS key, partition_key AS partition FROM runs WHERE trigger = 'schedule'").all() as Array<{ key: string; partition: string }>;
        const slots = new Map<string, string[]>();
        for (const row of rows) {
          const slot = row.key.split('@')[1]!.split('#')[0]!;
          slots.set(slot, [...(slots.get(slot) ?? []), /region=(\w+)/.exec(row.partition)![1]!].sort());
        }
        return slots;
      } finally {
        db.close();
      }
    };
    let daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    await waitFor(() => /schedule metrics .* → run 4\b/.test(daemon.log()), 'two slots of two runs');
    daemon.child.kill('SIGTERM');
    await new Promise((resolve) => daemon.child.once('exit', resolve));
    daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    await waitFor(() => /schedule metrics .* → run \d+/.test(daemon.log()), 'a slot after the restart');
    const before = slotsOf().size;
    await waitFor(() => (daemon.log().match(/→ run \d+/g) ?? []).length >= 4, 'two more slots');
    daemon.child.kill('SIGTERM');
    await new Promise((resolve) => daemon.child.once('exit', resolve));
    const slots = slotsOf();
    expect(slots.size).toBeGreaterThan(before);
    for (const [slot, regions] of slots) expect([slot, regions]).toEqual([slot, ['EU', 'US']]);
  });
});
