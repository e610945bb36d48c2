import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

interface AlertJson {
  id: number;
  rule: string;
  state: string;
  pipeline: string | null;
  title: string;
  body: string;
  resolution: string | null;
}

describe('a schedule tick that cannot create its runs', () => {
  it('raises schedule_failed (pipeline, slot, reason), shown by alerts, status and health, and resolves when a later tick succeeds', async () => {
    const w = tempWorld();
    w.writeProject(`
name: failing
partitions: {region: [US, EU]}
alerts: {desktop: false}
pipelines:
  metrics:
    command: ["echo", "{{ partition.region }}"]
    schedule: "* * * * * *"
`);
    // The store exists (migrated) before the daemon starts; then it refuses every new run, as a full disk would.
    expect((await tickwork(w.home, ['runs'])).code).toBe(0);
    const dbFile = path.join(w.home, 'tickwork.db');
    const sql = (text: string): void => {
      const db = new Database(dbFile);
      try {
        db.pragma('busy_timeout = 5000');
        db.exec(text);
      } finally {
        db.close();
      }
    };
    sql(`CREATE TRIGGER refuse_runs BEFORE INSERT ON runs BEGIN SELECT RAISE(ABORT, 'database or disk is full (simulated)'); END;`);
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    await waitFor(() => daemon.log().includes('could not create its runs'), 'a failing tick');

    const alerts = async (all = false): Promise<AlertJson[]> =>
      JSON.parse((await tickwork(w.home, ['alerts', '--json', ...(all ? ['--all'] : [])])).stdout) as AlertJson[];
    const open = await waitForAsync(async () => (await alerts()).find((a) => a.rule === 'schedule_failed'), 'the schedule_failed alert');
    expect(open.pipeline).toBe('metrics');
    expect(open.title).toMatch(/^schedule of pipeline metrics failed at \d{4}-\d\d-\d\d \d\d:\d\d /);
    expect(open.body).toContain('could not create its runs: database or disk is full (simulated)');

    const status = await tickwork(w.home, ['status', '--project', w.project]);
    expect(status.stdout).toContain(`! ${open.title}`);
    const health = await tickwork(w.home, ['health', '--project', w.project]);
    expect(health.stdout).toContain(`schedules: FAILED ${open.title}`);

    sql('DROP TRIGGER refuse_runs');
    const resolved = await waitForAsync(
      async () => (await alerts(true)).find((a) => a.id === open.id && a.state === 'resolved'),
      'the alert to resolve once a tick creates its runs',
    );
    expect(resolved.resolution).toMatch(/^the slot at .+ created its runs$/);
    expect((await tickwork(w.home, ['health', '--project', w.project])).stdout).toContain('schedules: no failed slot');
  });
});
