import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { latestUpstreamResult } from '../../../electron/engine/store/upstream-results.js';

let db: Db | undefined;
afterEach(() => db?.close());

/** Stores one succeeded `data` task for a partition (rows as the engine writes them). */
function success(store: Db, date: string, region: string, finishedAt = 0): number {
  const run = store
    .prepare(
      `INSERT INTO runs (project, project_file, targets, selection, partition, partition_key, params, pools, trigger, state, created_at)
       VALUES ('p', '/p/tickwork.yaml', '["data"]', 'upstream', ?, ?, '{}', '{}', 'cli', 'succeeded', 0)`,
    )
    .run(JSON.stringify({ date, region }), `date=${date},region=${region}`).lastInsertRowid;
  store
    .prepare(
      `INSERT INTO task_runs (run_id, pipeline, topo_index, state, spec, spec_hash, upstream, is_target, created_at, finished_at)
       VALUES (?, 'data', 0, 'succeeded', '{}', 'h', '[]', 1, 0, ?)`,
    )
    .run(run, finishedAt);
  return Number(run);
}

describe('upstream results for --no-upstream runs', () => {
  it('finds an older partition however many later dates succeeded since, and matches the static keys', () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    success(db, '2025-01-01', 'US');
    for (let day = 0; day < 250; day++) success(db, new Date(Date.UTC(2025, 1, 1 + day)).toISOString().slice(0, 10), 'US');
    const query = { project: 'p', pipeline: 'data', staticKeys: { region: 'US' } };
    expect(latestUpstreamResult(db, { ...query, date: '2025-01-10' })).toEqual({ runId: 1, taskRunId: 1, partition: { date: '2025-01-01', region: 'US' } });
    expect(latestUpstreamResult(db, { ...query, date: '2024-12-31' })).toBeUndefined();
    expect(latestUpstreamResult(db, { ...query, date: '2025-01-10', staticKeys: { region: 'EU' } })).toBeUndefined();
  });

  it("picks the latest date on or before the run's, and of that date the result that finished last", () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    success(db, '2025-02-03', 'US', 100);
    const last = success(db, '2025-02-03', 'US', 300);
    success(db, '2025-02-03', 'US', 200);
    success(db, '2025-02-02', 'US', 900);
    success(db, '2025-02-04', 'EU', 900);
    success(db, '2025-02-05', 'US', 900);
    const query = { project: 'p', pipeline: 'data', date: '2025-02-04', staticKeys: { region: 'US' } };
    expect(latestUpstreamResult(db, query)?.runId).toBe(last);
  });
});
