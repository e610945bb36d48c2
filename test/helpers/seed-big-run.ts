/**
 * Writes a finished run of `tasks` tasks straight into a home's store, as an
 * engine would have left it: 25 layers of tasks each depending on one or two
 * of the layer before, every task one attempt (one in eight failed once and
 * succeeded on its retry), up to ~40 running at once. For size tests of the
 * Run detail view (the Gantt, the DAG); returns the run's id.
 */
import { openStore } from '../../electron/engine/store/open-store.js';
import { insertRun } from '../../electron/engine/store/run-store.js';
import { insertTaskRuns } from '../../electron/engine/store/task-store.js';
import { prepareHome } from '../../electron/engine/home.js';
import { taskSpec } from './fixtures.js';

/** See the file comment. */
export function seedBigRun(home: string, projectFile: string, tasks: number): number {
  const db = openStore(prepareHome(home).database);
  const start = Date.now() - 3_600_000;
  const layers = 25;
  const perLayer = Math.ceil(tasks / layers);
  const name = (i: number) => `task_${String(i).padStart(4, '0')}`;
  try {
    return db.transaction(() => {
      const runId = insertRun(db, {
        project: 'desk', projectFile, targets: [name(tasks - 1)], selection: 'upstream', force: false,
        partition: { date: '2025-01-02' }, params: {}, pools: { default: 40 }, trigger: 'schedule',
      }, start);
      const specs = Array.from({ length: tasks }, (_, i) => {
        const layer = Math.floor(i / perLayer);
        const upstream = layer === 0 ? [] : [name((layer - 1) * perLayer + (i % perLayer)), name((layer - 1) * perLayer + ((i * 7) % perLayer))];
        return { pipeline: name(i), topoIndex: i, spec: taskSpec(), specHash: `h${i}`, upstream: [...new Set(upstream)], isTarget: i === tasks - 1 };
      });
      const ids = insertTaskRuns(db, runId, specs, start);
      const attempt = db.prepare(`INSERT INTO attempts (task_run_id, number, state, log_path, pid, exit_code, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
      const task = db.prepare(`UPDATE task_runs SET state = 'succeeded', attempts = ?, started_at = ?, finished_at = ? WHERE id = ?`);
      let end = start;
      ids.forEach((id, i) => {
        const layer = Math.floor(i / perLayer);
        // Each layer takes ~2 minutes; tasks in it start staggered (a pool of 40) and last 20–80 s.
        const begin = start + layer * 120_000 + (i % perLayer) * 1_500 + 1_000;
        const length = 20_000 + ((i * 7919) % 60_000);
        let at = begin;
        let number = 1;
        if (i % 8 === 3) {
          attempt.run(id, number++, 'failed', `/dev/null`, 10_000 + i, 1, at, at + length / 3);
          at += length / 3 + 10_000;
        }
        attempt.run(id, number, 'succeeded', `/dev/null`, 20_000 + i, 0, at, at + length);
        task.run(number, begin, at + length, id);
        end = Math.max(end, at + length);
      });
      db.prepare(`UPDATE runs SET state = 'succeeded', started_at = ?, finished_at = ? WHERE id = ?`).run(start + 500, end + 200, runId);
      return runId;
    })();
  } finally {
    db.close();
  }
}
