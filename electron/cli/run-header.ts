/**
 * How `run` and `ensure` name the runs they created: the header line of each
 * run, and — when one request fanned out to several runs — the short label
 * that prefixes each progress line, so `✗ metrics` says which region failed.
 * The same with or without a daemon.
 */
import type { Partition } from '../../shared/run-model.js';

/** `run 10: data → metrics (2025-02-03, region=EU)`. */
export function runHeader(runId: number, pipelines: readonly string[], partition: Partition): string {
  const keys = staticKeys(partition);
  return `run ${runId}: ${pipelines.join(' → ')} (${partition.date}${keys.map((kv) => `, ${kv}`).join('')})`;
}

/**
 * runId → `region=EU` (its static keys, or `run N` when it has none) for the
 * prefix of progress lines; empty when only one run is followed (nothing to tell apart).
 */
export function runLabels(runs: ReadonlyArray<{ readonly id: number; readonly partition: Partition }>): ReadonlyMap<number, string> {
  if (runs.length < 2) return new Map();
  return new Map(runs.map((run) => [run.id, staticKeys(run.partition).join(', ') || `run ${run.id}`]));
}

/** `key=value` for every key of the partition but its date, in the partition's order. */
function staticKeys(partition: Partition): string[] {
  return Object.entries(partition)
    .filter(([key]) => key !== 'date')
    .map(([key, value]) => `${key}=${value}`);
}
