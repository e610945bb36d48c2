/**
 * Whether the datasets an earlier identical success published are still in
 * the lake, for the cache rule (run/cache-decision.ts): a task reuses such a
 * result only while each of its partitions is there under the task's own
 * folder hash (its lake hash) with a manifest naming its cache key; a
 * partition gone, or replaced since by a run with another cache key (other
 * passed-through values, say), makes it run, like declared outputs that are
 * gone.
 */
import type { Partition, TaskSpec } from '../../../shared/run-model.js';
import { partitionDir } from './lake-layout.js';
import { readManifest } from './manifest.js';

/** `dataset prices (<path>)` for each provided dataset whose published partition for this task is gone or another cache key's. */
export function publishedPartitionsGone(task: { readonly spec: Pick<TaskSpec, 'lake'>; readonly specHash: string }, partition: Partition): string[] {
  const lake = task.spec.lake;
  if (!lake) return [];
  const hash = lake.hash ?? task.specHash;
  return lake.outputs.flatMap((dataset) => {
    const dir = partitionDir(lake, { dataset: dataset.name, hash, partitionBy: dataset.partitionBy, partition });
    const manifest = readManifest(dir);
    if (!manifest) return [`dataset ${dataset.name} (${dir})`];
    if ((manifest.cacheKey ?? manifest.hash) !== task.specHash) return [`dataset ${dataset.name} (${dir}, replaced by run ${manifest.runId})`];
    return [];
  });
}
