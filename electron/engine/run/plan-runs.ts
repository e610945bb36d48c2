/**
 * A request fanned out over its partitions (partition-fanout.ts) and
 * planned: one RunPlan per static-key combination, each with its own
 * idempotency key when the request has one. Shared by `run`, `ensure`, the
 * daemon's `runs.trigger` / `runs.ensure` and the scheduler.
 */
import type { PartitionNarrowing, ProjectConfig } from '../../../shared/config-model.js';
import type { Partition } from '../../../shared/run-model.js';
import { fanOutPartitions } from './partition-fanout.js';
import { planRun, type RunPlan, type RunRequest } from './plan-run.js';

/** A request for every partition it covers. */
export interface FannedRequest extends Omit<RunRequest, 'idempotencyKey'> {
  /** The schedule's `partitions:` narrowing, when a schedule fires it. */
  readonly schedulePartitions?: PartitionNarrowing;
  /** Each run's idempotency key, from its static keys (empty for an unpartitioned run). */
  readonly idempotencyKey?: (keys: Readonly<Record<string, string>>) => string;
}

/** The plans, one per partition; or a usage message (nothing is planned then). */
export type PlansResult = { readonly ok: true; readonly plans: readonly RunPlan[] } | { readonly ok: false; readonly message: string };

/** Plans one run per partition of `request` at `now`. */
export function planRuns(project: ProjectConfig, request: FannedRequest, now: number): PlansResult {
  const fixed = request.partition ?? {};
  const combos = fanOutPartitions(project, {
    targets: request.targets,
    selection: request.selection,
    fixed,
    ...(request.schedulePartitions ? { schedule: request.schedulePartitions } : {}),
  });
  if (typeof combos === 'string') return { ok: false, message: combos };
  const plans: RunPlan[] = [];
  const { idempotencyKey, schedulePartitions: _narrowing, ...base } = request;
  for (const combo of combos) {
    const partition = { ...fixed, ...combo };
    const planned = planRun(project, { ...base, partition, ...(idempotencyKey ? { idempotencyKey: idempotencyKey(partition) } : {}) }, now);
    if (!planned.ok) return planned;
    plans.push(planned.plan);
  }
  return { ok: true, plans };
}

/** `region=US,book=A` (declaration order): how a partition's static keys are written in keys and messages; '' for none. */
export function staticKeysText(partition: Readonly<Record<string, string>> | Partition): string {
  return Object.entries(partition)
    .filter(([key]) => key !== 'date')
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
