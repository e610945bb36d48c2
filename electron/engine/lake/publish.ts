/**
 * Publishing one attempt's output directory as a dataset partition.
 *
 *   staging dir ──(exit 0: manifest written, one rename)──► <hash>/<key>=<value>/
 *        └──(failure, timeout, cancel, lost; or a failed publish)──► removed
 *
 * The rename is the only step a reader can see, so a partition appears whole,
 * manifest included, or not at all; the data is never copied. A partition
 * already there (another run produced it first: the rename fails with
 * EEXIST/ENOTEMPTY) is kept: the same content hash means this attempt made
 * the same data, and its staging goes; another hash fails this attempt and
 * touches nothing. An engine that died between the rename and the store
 * update finds the staging gone and its own manifest in place: published.
 * A declared dataset left empty fails the attempt, as `outputs:` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Partition, TaskDataset, TaskLake } from '../../../shared/run-model.js';
import { describeContent, readManifest, writeManifest, type Manifest } from './manifest.js';
import { MANIFEST_FILE, envName, partitionDir, partitionLevels, stagingDir, type StagingOwner } from './lake-layout.js';
import type { LakePartitionRow } from '../store/lake-store.js';

/** What is published, by whom. */
export interface PublishRequest {
  readonly lake: TaskLake;
  readonly dataset: TaskDataset;
  /** The producing task's cache key. */
  readonly hash: string;
  readonly partition: Partition;
  readonly owner: StagingOwner;
  readonly now: number;
}

/** A staged output checked and described, ready to rename (or already in place). */
export type StagedOutput =
  | { readonly ok: true; readonly request: PublishRequest; readonly staging: string; readonly target: string; readonly manifest: Manifest; readonly already: boolean }
  | { readonly ok: false; readonly reason: string };

/** Checks one staged output and writes its manifest; nothing is visible to readers yet. */
export function stageOutput(request: PublishRequest): StagedOutput {
  const { lake, dataset, hash, partition, owner } = request;
  const staging = stagingDir(lake.root, owner);
  const target = partitionDir(lake, { dataset: dataset.name, hash, partitionBy: dataset.partitionBy, partition });
  const values = Object.fromEntries(dataset.partitionBy.map((key) => [key, partition[key] ?? '']));
  if (!fs.existsSync(staging)) {
    // Renamed by an engine that died before recording it: ours if the manifest there names this attempt.
    const there = readManifest(target);
    if (there && there.runId === owner.runId && there.taskRunId === owner.taskRunId && there.attempt === owner.attempt) {
      return { ok: true, request, staging, target, manifest: there, already: true };
    }
    return { ok: false, reason: `dataset ${dataset.name}: its output directory ${staging} is gone` };
  }
  const content = describeContent(staging, dataset.format);
  if (content.files === 0) return { ok: false, reason: `dataset ${dataset.name}: nothing written to TICKWORK_OUTPUT_${envName(dataset.name)}` };
  const manifest: Manifest = {
    dataset: dataset.name,
    partition: values,
    hash,
    contentHash: content.contentHash,
    files: content.files,
    bytes: content.bytes,
    rows: content.rows,
    runId: owner.runId,
    taskRunId: owner.taskRunId,
    attempt: owner.attempt,
    publishedAt: new Date(request.now).toISOString(),
  };
  writeManifest(staging, manifest);
  return { ok: true, request, staging, target, manifest, already: false };
}

/** Renames a staged output into place; the existing partition wins a race when its content is the same. */
export function publishStaged(staged: Extract<StagedOutput, { ok: true }>): { readonly ok: true; readonly manifest: Manifest } | { readonly ok: false; readonly reason: string } {
  if (staged.already) return { ok: true, manifest: staged.manifest };
  fs.mkdirSync(path.dirname(staged.target), { recursive: true });
  try {
    fs.renameSync(staged.staging, staged.target);
    return { ok: true, manifest: staged.manifest };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
  }
  const there = readManifest(staged.target);
  fs.rmSync(staged.staging, { recursive: true, force: true });
  if (there && there.contentHash === staged.manifest.contentHash) return { ok: true, manifest: there };
  const who = there ? `run ${there.runId} (task ${there.taskRunId}, attempt ${there.attempt})` : 'another writer (no manifest)';
  return {
    ok: false,
    reason: `dataset ${staged.request.dataset.name}: ${staged.target} was already published by ${who} with other content (${there?.contentHash.slice(0, 12) ?? 'unknown'}, this attempt wrote ${staged.manifest.contentHash.slice(0, 12)}); the output is not deterministic, or ${MANIFEST_FILE} was edited`,
  };
}

/** The store row of a published partition. */
export function partitionRow(staged: Extract<StagedOutput, { ok: true }>, manifest: Manifest, publishedAt: number): LakePartitionRow {
  const { dataset, partition } = staged.request;
  return {
    dataset: dataset.name,
    hash: manifest.hash,
    partitionKey: partitionLevels(dataset.partitionBy, partition).join('/'),
    path: staged.target,
    contentHash: manifest.contentHash,
    bytes: manifest.bytes,
    rows: manifest.rows,
    runId: manifest.runId,
    taskRunId: manifest.taskRunId,
    attempt: manifest.attempt,
    publishedAt,
  };
}

/** Removes an attempt's staging directory (nothing of it is published). */
export function discardStaging(root: string, owner: StagingOwner): void {
  fs.rmSync(stagingDir(root, owner), { recursive: true, force: true });
}
