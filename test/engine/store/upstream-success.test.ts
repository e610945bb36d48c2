import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { hasUpstreamSuccess } from '../../../electron/engine/store/task-store.js';

let db: Db | undefined;
afterEach(() => db?.close());

/** Stores one succeeded `data` task for a partition (rows as the engine writes them). */
function success(store: Db, date: string, region: string): void {
  const run = store
    .prepare(
      `INSERT INTO runs (project, project_file, targets, selection, partition, partition_key, params, pools, trigger, state, created_at)
       VALUES ('p', '/p/tickwork.yaml', '["data"]', 'upstream', ?, ?, '{}', '{}', 'cli', 'succeeded', 0)`,
    )
    .run(JSON.stringify({ date, region }), `date=${date},region=${region}`).lastInsertRowid;
  store
    .prepare(
      `INSERT INTO task_runs (run_id, pipeline, topo_index, state, spec, spec_hash, upstream, is_target, created_at, finished_at)
       VALUES (?, 'data', 0, 'succeeded', '{}', 'h', '[]', 1, 0, 0)`,
    )
    .run(run);
}

describe('upstream success for --no-upstream runs', () => {
  it('finds an older partition however many later dates succeeded since, and matches the static keys', () => {
    db = openStore(path.join(tempWorld().home, 'tw.db'));
    success(db, '2025-01-01', 'US');
    for (let day = 0; day < 250; day++) success(db, new Date(Date.UTC(2025, 1, 1 + day)).toISOString().slice(0, 10), 'US');
    const query = { project: 'p', pipeline: 'data', staticKeys: { region: 'US' } };
    expect(hasUpstreamSuccess(db, { ...query, date: '2025-01-10' })).toBe(true);
    expect(hasUpstreamSuccess(db, { ...query, date: '2024-12-31' })).toBe(false);
    expect(hasUpstreamSuccess(db, { ...query, date: '2025-01-10', staticKeys: { region: 'EU' } })).toBe(false);
  });
});
