/**
 * Where datasets live on disk. Pure: paths only, no file system.
 *
 *   <root>/<name>/<range>/<dataset>/<hash>/<key>=<value>/…/   a published partition (+ _manifest.json)
 *   <root>/.staging/<run>-<task>-<attempt>-<dataset>-<home tag>/   one attempt's output, until published
 *   <root>/.staging/<run>-<task>-<attempt>-<dataset>-<home tag>.replaced/   the partition it replaces, while it does
 *
 * `<range>` is `<start>_<end>` from `lake.range`, or `all`. `<hash>` is the
 * producer's lake hash (lake-hash.ts): a hash of its definition, not of one
 * partition, so every date and region of one definition shares it and
 * `<dataset>/<hash>` is a whole hive-partitioned dataset. The task's cache
 * key (spec hash) is in each partition's manifest (`cacheKey`). Specs planned
 * before lake hashes have no `lake.hash`; their folder was the cache key. The
 * `key=value` levels follow the dataset's `partition_by` (hive style, which
 * DuckDB's `hive_partitioning` reads); values are percent-encoded outside
 * letters, digits, `_`, `.` and `-`. Staging lives under the same root so the
 * publish is one rename on one file system. Its name is derived, not random,
 * so an engine that adopts an attempt after a restart finds it again; the
 * home tag keeps two homes that share a project (and reuse run ids) apart.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { LakeConfig } from '../../../shared/config-model.js';
import type { Partition, TaskLake } from '../../../shared/run-model.js';

/** The file each published partition holds next to its data. */
export const MANIFEST_FILE = '_manifest.json';

/** The directory, under the lake root, of attempts' output directories. */
export const STAGING_DIR = '.staging';

/** The folder of a lake without a `range:`. */
export const WHOLE_RANGE_FOLDER = 'all';

/** The date-range folder of a lake: `<start>_<end>`, or `all` for the whole history. */
export function rangeFolder(range: LakeConfig['range']): string {
  return range === null ? WHOLE_RANGE_FOLDER : `${range.start}_${range.end}`;
}

/** `<root>/<name>/<range>/<dataset>`: every hash of one dataset. */
export function datasetDir(lake: Pick<TaskLake, 'root' | 'name' | 'range'>, dataset: string): string {
  return path.join(lake.root, lake.name, lake.range, dataset);
}

/** The whole hive-partitioned dataset one hash produced (TICKWORK_INPUT_<NAME>_ROOT). */
export function hashDir(lake: Pick<TaskLake, 'root' | 'name' | 'range'>, dataset: string, hash: string): string {
  return path.join(datasetDir(lake, dataset), hash);
}

/** The `key=value` levels of `partition` for `partitionBy` (`date` is the run date). */
export function partitionLevels(partitionBy: readonly string[], partition: Partition): string[] {
  return partitionBy.map((key) => `${key}=${encodeValue(partition[key] ?? '')}`);
}

/** A published partition's directory (TICKWORK_INPUT_<NAME>). */
export function partitionDir(lake: Pick<TaskLake, 'root' | 'name' | 'range'>, where: { readonly dataset: string; readonly hash: string; readonly partitionBy: readonly string[]; readonly partition: Partition }): string {
  return path.join(hashDir(lake, where.dataset, where.hash), ...partitionLevels(where.partitionBy, where.partition));
}

/** Which attempt a staging directory belongs to. */
export interface StagingOwner {
  readonly runId: number;
  readonly taskRunId: number;
  readonly attempt: number;
  readonly dataset: string;
  /** homeTag() of the home whose engine ran the attempt. */
  readonly tag: string;
}

/** One attempt's output directory for one dataset (TICKWORK_OUTPUT_<NAME>). */
export function stagingDir(root: string, owner: StagingOwner): string {
  return path.join(root, STAGING_DIR, `${owner.runId}-${owner.taskRunId}-${owner.attempt}-${owner.dataset}-${owner.tag}`);
}

/** Where an attempt's publish moves the partition it replaces, until the new one is in place and the old removed. */
export function replacedDir(root: string, owner: StagingOwner): string {
  return `${stagingDir(root, owner)}.replaced`;
}

/** The owner named by a staging (or replaced) directory's name, or null for a name this layout never makes. */
export function parseStagingName(name: string): StagingOwner | null {
  const match = /^(\d+)-(\d+)-(\d+)-(.+)-([0-9a-f]{8})(?:\.replaced)?$/.exec(name);
  if (!match) return null;
  return { runId: Number(match[1]), taskRunId: Number(match[2]), attempt: Number(match[3]), dataset: match[4]!, tag: match[5]! };
}

/** 8 hex characters naming a home (its root path), for staging names. */
export function homeTag(homeRoot: string): string {
  return crypto.createHash('sha256').update(path.resolve(homeRoot)).digest('hex').slice(0, 8);
}

/** A name as part of an environment variable: upper case, anything but letters and digits as `_`. */
export function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function encodeValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.-]/g, (c) => [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}
