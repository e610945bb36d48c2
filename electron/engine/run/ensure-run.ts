/**
 * The engine_runs seed's `ensure`: exactly one run per (project, targets,
 * partition), however often it is asked for, optionally marking its data
 * ready. A static key the request does not fix fans out (plan-runs.ts): one
 * run per value, all created in one transaction. Shared by `tickwork
 * ensure` and the daemon's `runs.ensure`.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Partition } from '../../../shared/run-model.js';
import type { Db } from '../store/open-store.js';
import { planRuns } from './plan-runs.js';
import { resolveDateFlag } from './partition-flags.js';
import { createRun } from './create-run.js';
import { inWriteTransaction } from '../store/statements.js';
import { markDataReady, partitionKey } from '../store/run-store.js';
import type { TriggerEnv } from '../exec/task-env.js';

/** What to ensure. */
export interface EnsureRequest {
  /** Pipelines or jobs (default: every pipeline of the project). */
  readonly targets?: readonly string[];
  readonly date: string;
  readonly partition: Readonly<Record<string, string>>;
  readonly dataReady: boolean;
  /** The trigger's env_passthrough values (passthrough-key.ts triggerEnv). */
  readonly env?: TriggerEnv;
}

/** One ensured run: its id, and whether this call created it. */
export interface EnsuredRun {
  readonly runId: number;
  readonly created: boolean;
}

/** The ensured runs (one per partition), or why there are none (`usage`: the request was wrong; `skipped`: an overlap policy refused one). */
export type EnsureResult =
  | { readonly ok: true; readonly runs: readonly EnsuredRun[] }
  | { readonly ok: false; readonly kind: 'usage' | 'skipped'; readonly message: string };

/** Thrown inside the transaction to roll back the partitions already created. */
class Skipped extends Error {}

/** See the file comment. */
export function ensureRun(db: Db, project: ProjectConfig, request: EnsureRequest, now: number): EnsureResult {
  const targets = request.targets?.length ? [...request.targets] : [...project.pipelines.keys()];
  // A date word (`--date last-trading-day`) is resolved before it enters the idempotency key.
  const resolved = resolveDateFlag('--date', request.date, { project, targets, now });
  if (!resolved.ok) return { ok: false, kind: 'usage', message: resolved.message };
  const { date } = resolved;
  const key = (keys: Readonly<Record<string, string>>): string =>
    `ensure:${project.file}:${targets.join(',')}:${partitionKey({ ...keys, date } as Partition)}`;
  const planned = planRuns(
    project,
    { targets, selection: 'upstream', force: false, date, partition: request.partition, trigger: 'ensure', idempotencyKey: key, ...(request.env ? { env: request.env } : {}) },
    now,
  );
  if (!planned.ok) return { ok: false, kind: 'usage', message: planned.message };
  try {
    return inWriteTransaction(db, (): EnsureResult => {
      const runs: EnsuredRun[] = [];
      for (const plan of planned.plans) {
        const created = createRun(db, plan, now);
        // All partitions or none: a refused one rolls the others back, so asking again is safe.
        if (created.runId === null) throw new Skipped(`skipped: ${created.skipped}`);
        if (request.dataReady) markDataReady(db, created.runId, now); // a no-op when already marked
        runs.push({ runId: created.runId, created: !created.existed });
      }
      return { ok: true, runs };
    });
  } catch (error) {
    if (error instanceof Skipped) return { ok: false, kind: 'skipped', message: error.message };
    throw error;
  }
}
