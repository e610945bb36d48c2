/**
 * The engine_runs seed's `ensure`: exactly one run per (project, targets,
 * partition), however often it is asked for, optionally marking its data
 * ready. Shared by `tickwork ensure` and the daemon's `runs.ensure`.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Partition } from '../../../shared/run-model.js';
import type { Db } from '../store/open-store.js';
import { planRun } from './plan-run.js';
import { createRun } from './create-run.js';
import { markDataReady, partitionKey } from '../store/run-store.js';

/** What to ensure. */
export interface EnsureRequest {
  /** Pipelines or jobs (default: every pipeline of the project). */
  readonly targets?: readonly string[];
  readonly date: string;
  readonly partition: Readonly<Record<string, string>>;
  readonly dataReady: boolean;
}

/** The ensured run, or why there is none (`usage`: the request was wrong; `skipped`: an overlap policy refused it). */
export type EnsureResult =
  | { readonly ok: true; readonly runId: number; readonly created: boolean }
  | { readonly ok: false; readonly kind: 'usage' | 'skipped'; readonly message: string };

/** See the file comment. */
export function ensureRun(db: Db, project: ProjectConfig, request: EnsureRequest, now: number): EnsureResult {
  const targets = request.targets?.length ? [...request.targets] : [...project.pipelines.keys()];
  const key = `ensure:${project.file}:${targets.join(',')}:${partitionKey({ ...request.partition, date: request.date } as Partition)}`;
  const planned = planRun(
    project,
    { targets, selection: 'upstream', force: false, date: request.date, partition: request.partition, trigger: 'ensure', idempotencyKey: key },
    now,
  );
  if (!planned.ok) return { ok: false, kind: 'usage', message: planned.message };
  const created = createRun(db, planned.plan, now);
  if (created.runId === null) return { ok: false, kind: 'skipped', message: `skipped: ${created.skipped}` };
  if (request.dataReady) markDataReady(db, created.runId, now); // a no-op when already marked
  return { ok: true, runId: created.runId, created: !created.existed };
}
