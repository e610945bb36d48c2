import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readLines, tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { exitOf, startTickwork, tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const PROJECT = `
name: up
partitions: {region: [US, EU]}
pipelines:
  data:
    command: ["sh", "-c", "echo data {{ date }} {{ partition.region }} >> ledger.txt"]
  metrics:
    depends_on: [data]
    command: ["sh", "-c", "echo metrics {{ upstream.data.date }} $TICKWORK_UPSTREAM_DATA_DATE {{ date }} {{ partition.region }} >> ledger.txt"]
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const runData = (w: TempWorld, date: string, region: string) =>
  tickwork(w.home, ['run', 'data', '--wait', '--project', w.project, '--date', date, '--partition', `region=${region}`]);

function notesIn(home: string): Array<{ run_id: number; data: Record<string, unknown> }> {
  const db = new Database(path.join(home, 'tickwork.db'), { readonly: true });
  try {
    const rows = db.prepare(`SELECT run_id, data FROM events WHERE kind = 'note' ORDER BY seq`).all() as Array<{ run_id: number; data: string }>;
    return rows.map((row) => ({ run_id: row.run_id, data: JSON.parse(row.data) }));
  } finally {
    db.close();
  }
}

describe('--no-upstream says what it used', () => {
  it('prints the upstream result it picked, records it, and hands its date to the command', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    expect((await runData(w, '2025-02-03', 'US')).code).toBe(0); // run 1: the one to pick
    expect((await runData(w, '2025-01-31', 'US')).code).toBe(0); // run 2: older, finished later
    expect((await runData(w, '2025-02-05', 'EU')).code).toBe(0); // run 3: newer, but another region
    expect((await runData(w, '2025-02-07', 'US')).code).toBe(0); // run 4: after the run's date

    const result = await tickwork(w.home, ['run', 'metrics', '--no-upstream', '--wait', '--project', w.project, '--date', '2025-02-06', '--partition', 'region=US']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('run 5: metrics (2025-02-06, region=US)\n  · metrics: using upstream data from run 1 (2025-02-03, region=US)\n');
    expect(result.stdout).not.toContain('starts once');
    expect(readLines(w.file('ledger.txt')).at(-1)).toBe('metrics 2025-02-03 2025-02-03 2025-02-06 US');
    expect(notesIn(w.home)).toEqual([
      {
        run_id: 5,
        data: {
          note: 'upstream',
          pipeline: 'metrics',
          upstream: 'data',
          upstreamRunId: 1,
          upstreamTaskRunId: 1,
          partition: { date: '2025-02-03', region: 'US' },
          message: 'using upstream data from run 1 (2025-02-03, region=US)',
        },
      },
    ]);

    // With its upstream in the run, the upstream's date is the run's own.
    const full = await tickwork(w.home, ['run', 'metrics', '--wait', '--force', '--project', w.project, '--date', '2025-02-10', '--partition', 'region=EU']);
    expect(full.code).toBe(0);
    expect(readLines(w.file('ledger.txt')).slice(-2)).toEqual(['data 2025-02-10 EU', 'metrics 2025-02-10 2025-02-10 2025-02-10 EU']);
  });

  it('a target that waited for its upstream prints the result once its gate found one, and uses its date', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    expect((await runData(w, '2025-02-05', 'EU')).code).toBe(0); // later than the run's date: not usable
    const waiting = startTickwork(w.home, ['run', 'metrics', '--no-upstream', '--wait', '--project', w.project, '--date', '2025-02-03', '--partition', 'region=EU']);
    children.push(waiting);
    let out = '';
    waiting.stdout!.on('data', (chunk) => (out += chunk));
    await waitFor(() => out.includes('⧗ metrics starts once data has a result for 2025-02-03 or earlier'), 'metrics to wait for its upstream');
    expect((await runData(w, '2025-02-01', 'EU')).code).toBe(0); // run 3
    expect(await exitOf(waiting)).toBe(0);
    expect(out).toContain('  · metrics: using upstream data from run 3 (2025-02-01, region=EU)\n');
    expect(readLines(w.file('ledger.txt')).at(-1)).toBe('metrics 2025-02-01 2025-02-01 2025-02-03 EU');
    expect(notesIn(w.home).map((n) => [n.run_id, n.data.message])).toEqual([[2, 'using upstream data from run 3 (2025-02-01, region=EU)']]);
  });

  it('through a daemon, run --wait prints the choice from the event stream', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    expect((await runData(w, '2025-02-03', 'US')).code).toBe(0);
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    const result = await tickwork(w.home, ['run', 'metrics', '--no-upstream', '--wait', '--project', w.project, '--date', '2025-02-04', '--partition', 'region=US']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  · metrics: using upstream data from run 1 (2025-02-03, region=US)\n');
    expect(readLines(w.file('ledger.txt')).at(-1)).toBe('metrics 2025-02-03 2025-02-03 2025-02-04 US');
  });
});
