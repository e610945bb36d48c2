/**
 * Whether the datasets an earlier identical success published are still in
 * the lake, for the cache rule (run/cache-decision.ts): a task reuses such a
 * result only while each of its partitions (directory and manifest) is
 * there; otherwise it runs, like declared outputs that are gone.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Partition, TaskSpec } from '../../../shared/run-model.js';
import { MANIFEST_FILE, partitionDir } from './lake-layout.js';

/** `dataset prices (<path>)` for each provided dataset whose published partition for `hash` is gone. */
export function publishedPartitionsGone(task: { readonly spec: Pick<TaskSpec, 'lake'>; readonly specHash: string }, partition: Partition): string[] {
  const lake = task.spec.lake;
  if (!lake) return [];
  return lake.outputs.flatMap((dataset) => {
    const dir = partitionDir(lake, { dataset: dataset.name, hash: task.specHash, partitionBy: dataset.partitionBy, partition });
    return fs.existsSync(path.join(dir, MANIFEST_FILE)) ? [] : [`dataset ${dataset.name} (${dir})`];
  });
}
