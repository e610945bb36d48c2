import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { startDaemon } from '../../helpers/daemon.js';
import { apiCall, apiOk } from '../../helpers/api-client.js';
import { openStore } from '../../../electron/engine/store/open-store.js';
import { insertRun, setRunState } from '../../../electron/engine/store/run-store.js';
import { addDays } from '../../../electron/engine/calendar/civil-date.js';
import type { Partition } from '../../../shared/run-model.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

const PROJECT = `
name: matrix
timezone: America/New_York
partitions: {region: [US, EU, JP, UK]}
params: {api_key: very-secret-key, depth: "3"}
pools: {db: 2}
pipelines:
  prices: {command: ["true"], description: "daily prices"}
  metrics:
    command: ["sh", "-c", "echo {{ partition.region }}"]
    depends_on: [prices]
    pool: db
    schedule: {cron: "0 19 * * 1-5", calendar: NYSE}
jobs:
  nightly: {pipelines: [metrics], schedule: "0 2 * * *"}
`;

describe('projects.graph over HTTP', () => {
  it('gives the DAG in topological order with jobs, edges, schedules, partitions and masked param defaults', async () => {
    const w = tempWorld();
    const file = w.writeProject(PROJECT);
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    const graph = await apiOk(daemon, 'projects.graph', {});
    expect(graph).toMatchObject({ name: 'matrix', file, timezone: 'America/New_York', partitions: { region: ['US', 'EU', 'JP', 'UK'] }, params: { api_key: '***', depth: '3' } });
    expect(graph.pipelines.map((p) => [p.name, p.dependsOn, p.pool, p.scheduleKey])).toEqual([
      ['prices', [], 'default', null],
      ['metrics', ['prices'], 'db', `${file}#pipeline:metrics`],
    ]);
    expect(graph.pipelines[0]!.description).toBe('daily prices');
    expect(graph.jobs).toEqual([{ name: 'nightly', description: null, pipelines: ['metrics'], partitions: null, scheduleKey: `${file}#job:nightly` }]);
    expect(graph.edges).toEqual([{ from: 'prices', to: 'metrics' }]);
    expect(graph.schedules.map((s) => s.key)).toEqual([`${file}#pipeline:metrics`, `${file}#job:nightly`]);
    expect((await apiCall(daemon, 'projects.graph', { project: '/nope/tickwork.yaml' })).status).toBe(404);
  }, 30_000);
});

describe('partitions.matrix over HTTP', () => {
  it('gives dates × regions with the latest run of each cell, in one indexed query fast enough for 5 years × 4 regions', async () => {
    const w = tempWorld();
    const file = w.writeProject(PROJECT);
    // Five years of runs of metrics for four regions, a rerun on some days, and other targets' runs in between.
    const db = openStore(path.join(w.home, 'tickwork.db'));
    const from = '2020-01-01';
    const to = '2024-12-31';
    const base = { project: 'matrix', projectFile: file, selection: 'upstream' as const, force: false, params: {}, pools: {}, trigger: 'backfill' as const };
    let seeded = 0;
    const last = new Map<string, number>();
    db.transaction(() => {
      for (let date = from; date <= to; date = addDays(date, 1)) {
        for (const region of ['US', 'EU', 'JP', 'UK']) {
          const partition = { date, region } as Partition;
          const id = insertRun(db, { ...base, targets: ['metrics'], partition }, 0);
          setRunState(db, id, 'queued', 'running', 1);
          setRunState(db, id, 'running', date.endsWith('-13') ? 'failed' : 'succeeded', 2);
          last.set(`${date}/${region}`, id);
          seeded++;
          if (date.endsWith('-13')) {
            const again = insertRun(db, { ...base, targets: ['metrics'], partition }, 3); // a rerun, cancelled (nothing left for the daemon to adopt)
            setRunState(db, again, 'queued', 'cancelled', 4);
            last.set(`${date}/${region}`, again);
            seeded++;
          }
          if (region === 'US') setRunState(db, insertRun(db, { ...base, targets: ['prices'], partition: { date } as Partition }, 0), 'queued', 'cancelled', 1);
        }
      }
    })();
    // One range scan of the partition index, not a table scan.
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT partition_key, max(id) AS id, state, count(*) AS runs FROM runs
      WHERE project_file = ? AND targets = ? AND partition_key >= ? AND partition_key < ? GROUP BY partition_key ORDER BY partition_key`).all(file, '["metrics"]', 'date=a', 'date=b') as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join('; ')).toContain('USING INDEX runs_target_partition (project_file=? AND targets=? AND partition_key>? AND partition_key<?)');
    db.close();
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);

    const started = performance.now();
    const matrix = await apiOk(daemon, 'partitions.matrix', { target: 'metrics', from, to });
    const ms = performance.now() - started;
    expect(matrix.dates).toHaveLength(1827);
    expect(matrix.columns).toEqual([{ region: 'US' }, { region: 'EU' }, { region: 'JP' }, { region: 'UK' }]);
    expect(matrix.cells).toHaveLength(1827 * 4);
    expect(matrix.calendar).toBe('NYSE');
    expect(matrix.closed).toContain('2024-12-25');
    expect(matrix.closed).not.toContain('2024-12-24');
    const cell = (date: string, column: number) => matrix.cells.find((c) => c.date === date && c.column === column)!;
    expect(cell('2023-06-12', 1)).toEqual({ date: '2023-06-12', column: 1, runId: last.get('2023-06-12/EU'), state: 'succeeded', runs: 1 });
    expect(cell('2023-06-13', 2)).toEqual({ date: '2023-06-13', column: 2, runId: last.get('2023-06-13/JP'), state: 'cancelled', runs: 2 });
    expect(seeded).toBeGreaterThan(7300);
    console.log(`partitions.matrix: 5 years × 4 regions (${seeded} runs of the target, ${matrix.cells.length} cells) in ${ms.toFixed(0)} ms over HTTP`);
    expect(ms).toBeLessThan(1000);

    // A narrower window; errors name the field.
    const week = await apiOk(daemon, 'partitions.matrix', { target: 'metrics', from: '2024-12-23', to: '2024-12-29' });
    expect(week.cells.map((c) => c.date)).toEqual(week.dates.flatMap((d) => [d, d, d, d]));
    const unknown = await apiCall(daemon, 'partitions.matrix', { target: 'nope', from, to });
    expect([unknown.status, unknown.body.error]).toEqual([400, 'unknown pipeline or job "nope" in matrix']);
    expect((await apiCall(daemon, 'partitions.matrix', { target: 'metrics', from: '2024-13-01', to })).body.error).toBe('from: expected a date YYYY-MM-DD, not 2024-13-01');
    expect((await apiCall(daemon, 'partitions.matrix', { target: 'metrics', from: to, to: from })).status).toBe(400);
    expect((await apiCall(daemon, 'partitions.matrix', { target: 'metrics', from: '2000-01-01', to })).body.error).toBe('from…to may cover at most 3660 days');
    expect((await apiCall(daemon, 'partitions.matrix', { from, to })).body.error).toBe('target is required (a pipeline or job)');
  }, 60_000);
});
