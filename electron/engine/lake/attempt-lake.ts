/**
 * The lake as one attempt sees it, for the attempt runner:
 * - before launch: a fresh staging directory per provided dataset
 *   (TICKWORK_OUTPUT_<NAME>) and, per required dataset, the published
 *   partition of the producer's result this run uses (TICKWORK_INPUT_<NAME>,
 *   under the producing task's lake hash) and that hash's folder, the whole
 *   hive-partitioned dataset of every partition its definition published
 *   (…_ROOT = <dataset>/<lake hash>);
 * - when it ends: publish (exit 0) or discard (anything else). The runner
 *   calls this in whichever engine settles the attempt, an adopting one too.
 * Stale staging directories (an attempt whose engine died and that nobody
 * settled) go when a later run in the same lake starts, once their attempt
 * is over in this home's store.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/open-store.js';
import type { Partition, RunRecord, TaskLake, TaskSpec } from '../../../shared/run-model.js';
import { attemptIsOver, attemptStartedAt, taskHashesInRun, taskHashesOf, type LakePartitionRow } from '../store/lake-store.js';
import { latestUpstreamResult } from '../store/upstream-results.js';
import { notesOfRun } from '../store/run-notes.js';
import { envName, hashDir, homeTag, parseStagingName, partitionDir, STAGING_DIR, stagingDir, type StagingOwner } from './lake-layout.js';
import { discardStaging, partitionRow, publishStaged, stageOutput, type StagedOutput } from './publish.js';

/** The task and attempt the lake is asked about. */
export interface LakeAttempt {
  readonly db: Db;
  readonly run: RunRecord;
  readonly task: { readonly id: number; readonly pipeline: string; readonly spec: TaskSpec };
  readonly attempt: number;
  readonly homeRoot: string;
}

/** What settling an ended attempt did to the lake: rows to record, or why the success does not count. */
export type LakeSettlement = { readonly ok: true; readonly rows: readonly LakePartitionRow[] } | { readonly ok: false; readonly reason: string };

/** TICKWORK_OUTPUT_* (staging made fresh now) and TICKWORK_INPUT_* of one attempt; {} without datasets. */
export function prepareLakeVariables(at: LakeAttempt): Record<string, string> {
  const lake = at.task.spec.lake;
  if (!lake) return {};
  const vars: Record<string, string> = {};
  for (const dataset of lake.outputs) {
    const dir = stagingDir(lake.root, ownerOf(at, dataset.name));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    vars[`TICKWORK_OUTPUT_${envName(dataset.name)}`] = dir;
  }
  for (const dataset of lake.inputs) {
    const result = producerResult(at, dataset.producer);
    if (!result) continue; // nothing produced yet: the step finds the variable unset
    vars[`TICKWORK_INPUT_${envName(dataset.name)}`] = partitionDir(lake, { dataset: dataset.name, hash: result.hash, partitionBy: dataset.partitionBy, partition: result.partition });
    vars[`TICKWORK_INPUT_${envName(dataset.name)}_ROOT`] = hashDir(lake, dataset.name, result.hash);
  }
  return vars;
}

/** Publishes every provided dataset of an attempt that exited 0 (all checked before any is renamed). */
export function publishAttempt(at: LakeAttempt, now: number): LakeSettlement {
  const lake = at.task.spec.lake;
  if (!lake || lake.outputs.length === 0) return { ok: true, rows: [] };
  const hashes = taskHashesOf(at.db, at.task.id);
  if (hashes === undefined) return { ok: false, reason: 'the task is gone from the store' };
  const startedAt = attemptStartedAt(at.db, at.task.id, at.attempt) ?? now;
  const staged: StagedOutput[] = lake.outputs.map((dataset) =>
    stageOutput({ lake, dataset, hash: hashes.folderHash, cacheKey: hashes.cacheKey, partition: at.run.partition, owner: ownerOf(at, dataset.name), now, startedAt }),
  );
  const bad = staged.find((s): s is Extract<StagedOutput, { ok: false }> => !s.ok);
  if (bad) {
    discardAttempt(at);
    return { ok: false, reason: bad.reason };
  }
  const rows: LakePartitionRow[] = [];
  for (const item of staged as Array<Extract<StagedOutput, { ok: true }>>) {
    const published = publishStaged(item);
    if (!published.ok) {
      discardAttempt(at);
      return { ok: false, reason: published.reason };
    }
    rows.push(partitionRow(item, published.manifest, now));
  }
  return { ok: true, rows };
}

/** Removes an attempt's staging directories: it failed, timed out, was cancelled or lost. */
export function discardAttempt(at: LakeAttempt): void {
  const lake = at.task.spec.lake;
  if (!lake) return;
  for (const dataset of lake.outputs) discardStaging(lake.root, ownerOf(at, dataset.name));
}

/** Removes staging directories this home's attempts left behind once those attempts are over. */
export function cleanStaleStaging(db: Db, lake: Pick<TaskLake, 'root'>, homeRoot: string): number {
  const tag = homeTag(homeRoot);
  let entries: string[];
  try {
    entries = fs.readdirSync(path.join(lake.root, STAGING_DIR));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of entries) {
    const owner = parseStagingName(name);
    // Another home's attempt: only that home's store knows whether it still runs.
    if (!owner || owner.tag !== tag || !attemptIsOver(db, owner.runId, owner.taskRunId, owner.attempt)) continue;
    fs.rmSync(path.join(lake.root, STAGING_DIR, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** The staging owner of one dataset of an attempt. */
function ownerOf(at: LakeAttempt, dataset: string): StagingOwner {
  return { runId: at.run.id, taskRunId: at.task.id, attempt: at.attempt, dataset, tag: homeTag(at.homeRoot) };
}

/**
 * The result of `producer` this run uses, as the folder hash of the task that
 * made it (its lake hash) and the partition: its task in the run (ran or
 * reused: a reused task published, or checked it still finds, its partition
 * under its own lake hash), else the upstream result chosen for it
 * (--no-upstream), else its latest result for the run's static keys dated on
 * or before the run's date.
 */
function producerResult(at: LakeAttempt, producer: string): { readonly hash: string; readonly partition: Partition } | null {
  const inRun = taskHashesInRun(at.db, at.run.id, producer);
  if (inRun !== undefined) return { hash: inRun.folderHash, partition: at.run.partition };
  const chosen = notesOfRun(at.db, at.run.id).filter((n) => n.note === 'upstream' && n.taskRunId === at.task.id && n.upstream === producer).at(-1);
  if (chosen && chosen.note === 'upstream') {
    const hashes = taskHashesOf(at.db, chosen.upstreamTaskRunId);
    if (hashes !== undefined) return { hash: hashes.folderHash, partition: chosen.partition as Partition };
  }
  const { date, ...staticKeys } = at.run.partition;
  const latest = latestUpstreamResult(at.db, { project: at.run.project, pipeline: producer, date, staticKeys });
  const hashes = latest && taskHashesOf(at.db, latest.taskRunId);
  return latest && hashes ? { hash: hashes.folderHash, partition: latest.partition } : null;
}
