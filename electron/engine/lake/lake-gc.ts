/**
 * `lake gc`: which published partitions of a project's lake can go, and
 * removing them.
 *
 * Of every partition of a dataset (one `key=value` set) the `keep` most
 * recently published versions (hashes) stay; an older version goes unless
 * - the latest successful result (succeeded or cached task) of the pipeline
 *   that provides it, for that partition, uses it: its folder hash or cache
 *   key names the version, or the task that published it is that result or
 *   the one it reused (cached_from). When none of the versions matches (a
 *   layout this code does not know) every version of that partition stays:
 *   gc never guesses which one a result reads;
 * - this home's store has no row for it (another home, or a local-mode run,
 *   published it: only that store knows whether it is in use).
 * Keeping per partition rather than per dataset means the only copy of a
 * date is never lost because a newer definition has not yet re-run it.
 * Rows whose directory is gone go too, and so do the stale staging
 * directories of this home's attempts (stale-staging.ts).
 *
 * Removal order, per partition: the directory is first renamed out of the
 * lake (into `<root>/.trash/`, on the same file system: one atomic step, so
 * a reader sees the whole partition or nothing), then its row is deleted,
 * then the renamed directory is removed. The reverse order would leave, after
 * a crash between the steps, a partition in the lake with no row, which gc
 * then keeps for ever as "not recorded here"; this order leaves at worst a
 * row pointing at nothing, which `lake show` never reads (it reads only
 * partitions whose manifest is there) and the next gc deletes, with whatever
 * the crash left in `.trash/`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/open-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { LakePartitionInfo } from '../../../shared/lake-model.js';
import { deleteLakePartitionRow, latestLakeResults } from '../store/lake-usage-store.js';
import { listFiles, readManifest } from './manifest.js';
import { partitionLevels } from './lake-layout.js';
import { lakeCatalog } from './lake-catalog.js';
import { staleStagingDirs } from './stale-staging.js';

/** Versions of each partition kept when `--keep` is not given. */
export const DEFAULT_GC_KEEP = 1;

/** The folder under the lake root that removed partitions pass through. */
export const TRASH_DIR = '.trash';

/** What gc would remove now, and how much it keeps and why. */
export interface LakeGcPlan {
  readonly keep: number;
  /** When the plan was made (UTC ms). */
  readonly at: number;
  /** Partitions to remove (directory and row). */
  readonly remove: readonly LakePartitionInfo[];
  /** Rows whose directory is already gone. */
  readonly forget: readonly LakePartitionInfo[];
  /** Stale staging directories of this home's attempts, and leftovers in `.trash/`. */
  readonly leftovers: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
  /** Bytes the removal frees. */
  readonly bytes: number;
  /** Older versions that stay: in use by a latest result, or not recorded in this home's store. */
  readonly kept: { readonly inUse: number; readonly unrecorded: number };
}

/** What applying a plan did; `skipped` names partitions published again (or gone) since the plan. */
export interface LakeGcResult {
  readonly removed: number;
  readonly forgotten: number;
  readonly leftovers: number;
  readonly bytes: number;
  readonly skipped: ReadonlyArray<{ readonly path: string; readonly why: string }>;
}

/** What gc would remove from `project`'s lake now, keeping `keep` (≥ 1) versions of each partition. */
export function planLakeGc(db: Db, project: ProjectConfig, options: { readonly keep: number; readonly homeRoot: string; readonly now: number }): LakeGcPlan {
  const keep = Math.max(1, Math.floor(options.keep));
  const listing = lakeCatalog(db, project);
  const uses = usesByPartition(db);
  const remove: LakePartitionInfo[] = [];
  const forget: LakePartitionInfo[] = [];
  let inUse = 0;
  let unrecorded = 0;
  for (const dataset of listing.datasets) {
    const groups = new Map<string, LakePartitionInfo[]>();
    for (const p of dataset.partitions) groups.set(p.partitionKey, [...(groups.get(p.partitionKey) ?? []), p]);
    for (const [key, versions] of groups) {
      forget.push(...versions.filter((v) => !v.present && v.recorded));
      const present = versions.filter((v) => v.present); // newest first, as the catalog lists them
      const used = usedVersions(present, uses.get(`${dataset.name}\0${key}`) ?? []);
      for (const version of present.slice(keep)) {
        if (used.has(version)) inUse++;
        else if (!version.recorded) unrecorded++;
        else remove.push(version);
      }
    }
  }
  const leftovers = project.lake ? [...staleStagingDirs(db, project.lake.root, options.homeRoot), ...trashEntries(project.lake.root)].map((p) => ({ path: p, bytes: dirBytes(p) })) : [];
  const bytes = remove.reduce((sum, p) => sum + p.bytes, 0) + leftovers.reduce((sum, l) => sum + l.bytes, 0);
  return { keep, at: options.now, remove, forget, leftovers, bytes, kept: { inUse, unrecorded } };
}

/** Removes what `plan` lists (see the top of this file for the order); a partition published again since the plan stays. */
export function applyLakeGc(db: Db, project: ProjectConfig, plan: LakeGcPlan): LakeGcResult {
  const skipped: Array<{ path: string; why: string }> = [];
  let removed = 0;
  let bytes = 0;
  const trash = project.lake ? path.join(project.lake.root, TRASH_DIR) : null;
  for (const partition of plan.remove) {
    const there = readManifest(partition.path);
    if (!there) {
      skipped.push({ path: partition.path, why: 'gone already' });
      continue;
    }
    if (there.contentHash !== partition.contentHash || there.taskRunId !== partition.taskRunId || there.attempt !== partition.attempt) {
      skipped.push({ path: partition.path, why: 'published again since the plan' });
      continue;
    }
    const aside = path.join(trash!, `${Date.now()}-${crypto.randomBytes(4).toString('hex')}`);
    fs.mkdirSync(trash!, { recursive: true });
    try {
      fs.renameSync(partition.path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      skipped.push({ path: partition.path, why: 'gone already' });
      continue;
    }
    deleteLakePartitionRow(db, { ...partition, seenAt: plan.at });
    fs.rmSync(aside, { recursive: true, force: true });
    removed++;
    bytes += partition.bytes;
  }
  let forgotten = 0;
  for (const partition of plan.forget) {
    if (readManifest(partition.path)) continue; // published again at that path since the plan
    if (deleteLakePartitionRow(db, { ...partition, seenAt: plan.at })) forgotten++;
  }
  let leftovers = 0;
  for (const leftover of plan.leftovers) {
    fs.rmSync(leftover.path, { recursive: true, force: true });
    leftovers++;
    bytes += leftover.bytes;
  }
  return { removed, forgotten, leftovers, bytes, skipped };
}

/** What the latest results use: per `dataset\0partitionKey`, the hashes and publishing tasks of each result. */
function usesByPartition(db: Db): Map<string, Array<{ readonly hashes: readonly string[]; readonly taskRunIds: readonly number[] }>> {
  const out = new Map<string, Array<{ hashes: readonly string[]; taskRunIds: readonly number[] }>>();
  for (const result of latestLakeResults(db)) {
    for (const output of result.outputs) {
      const key = `${output.name}\0${partitionLevels(output.partitionBy, result.partition).join('/')}`;
      out.set(key, [...(out.get(key) ?? []), { hashes: result.hashes, taskRunIds: result.taskRunIds }]);
    }
  }
  return out;
}

/** The versions of one partition the latest results use: those they name, or all of them when one names none. */
function usedVersions(present: readonly LakePartitionInfo[], uses: ReadonlyArray<{ readonly hashes: readonly string[]; readonly taskRunIds: readonly number[] }>): Set<LakePartitionInfo> {
  const used = new Set<LakePartitionInfo>();
  for (const use of uses) {
    const named = present.filter((v) => use.hashes.includes(v.hash) || use.taskRunIds.includes(v.taskRunId));
    for (const v of named.length > 0 ? named : present) used.add(v);
  }
  return used;
}

/** What a crashed gc left in `<root>/.trash/`. */
function trashEntries(root: string): string[] {
  try {
    return fs.readdirSync(path.join(root, TRASH_DIR)).map((name) => path.join(root, TRASH_DIR, name));
  } catch {
    return [];
  }
}

/** Bytes of the files under a directory (0 when it is gone). */
function dirBytes(dir: string): number {
  try {
    return listFiles(dir).reduce((sum, rel) => sum + fs.statSync(path.join(dir, rel)).size, 0);
  } catch {
    return 0;
  }
}
