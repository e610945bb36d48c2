/**
 * Earlier successes written into a local run's in-memory store (run/local-mode.ts)
 * before its runs are created, so the one cache rule (run/cache-decision.ts,
 * through latestSuccessByHash) finds them as it finds a live run's history.
 * Each becomes a finished run holding one succeeded task with its cache key;
 * those runs take negative ids, so the local runs created after them count
 * from 1 and are never taken for one of them. Only for a store in memory:
 * nothing here ever ran.
 */
import type { Db } from './open-store.js';
import type { Partition, TaskSpec } from '../../../shared/run-model.js';
import { partitionKey } from './run-store.js';
import { inTransaction, stmt } from './statements.js';

/** An earlier success to write down. */
export interface EarlierSuccess {
  readonly pipeline: string;
  readonly specHash: string;
  readonly partition: Partition;
  /** The spec and params it ran with: the planned task's own (same cache key). */
  readonly spec: TaskSpec;
  readonly params: Readonly<Record<string, string>>;
  readonly finishedAt: number;
}

/** Writes each earlier success as its own finished run (ids -1, -2, …); returns earlier run id → the success it holds. */
export function seedEarlierSuccesses<T extends EarlierSuccess>(db: Db, project: { readonly name: string; readonly file: string }, successes: readonly T[]): Map<number, T> {
  const seeded = new Map<number, T>();
  if (successes.length === 0) return seeded;
  inTransaction(db, () => {
    const run = stmt(
      db,
      `INSERT INTO runs (id, project, project_file, targets, selection, partition, partition_key, params, pools, trigger, state, created_at, started_at, finished_at)
       VALUES (?, ?, ?, ?, 'upstream', ?, ?, ?, '{}', 'cli', 'succeeded', ?, ?, ?)`,
    );
    const task = stmt(
      db,
      `INSERT INTO task_runs (run_id, pipeline, topo_index, state, spec, spec_hash, upstream, is_target, attempts, created_at, started_at, finished_at)
       VALUES (?, ?, 0, 'succeeded', ?, ?, '[]', 0, 1, ?, ?, ?)`,
    );
    for (const [i, success] of successes.entries()) {
      const id = -(i + 1);
      const at = success.finishedAt;
      run.run(id, project.name, project.file, JSON.stringify([success.pipeline]), JSON.stringify(success.partition), partitionKey(success.partition), JSON.stringify(success.params), at, at, at);
      task.run(id, success.pipeline, JSON.stringify(success.spec), success.specHash, at, at, at);
      seeded.set(id, success);
    }
  });
  return seeded;
}

/** Replaces the reason of the cached tasks of run `runId` that reuse a task of earlier run `earlierRunId`. */
export function setReuseReason(db: Db, runId: number, earlierRunId: number, reason: string): void {
  stmt(
    db,
    `UPDATE task_runs SET reason = ? WHERE run_id = ? AND state = 'cached' AND cached_from IN (SELECT id FROM task_runs WHERE run_id = ?)`,
  ).run(reason, runId, earlierRunId);
}
