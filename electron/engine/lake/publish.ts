/**
 * Publishing one attempt's output directory as a dataset partition.
 *
 *   staging dir ──(exit 0: manifest written, one rename)──► <hash>/<key>=<value>/
 *        └──(failure, timeout, cancel, lost; or a failed publish)──► removed
 *
 * The renames are the only steps a reader can see, so a partition appears
 * whole, manifest included, or not at all; the data is never copied.
 *
 * A partition already there (the rename fails with EEXIST/ENOTEMPTY) was
 * published earlier under the same folder hash (lake-hash.ts): another date's
 * run never collides, so it is this partition of the same definition, made
 * from other upstream data, by --force, a backfill or an identical run.
 * - Same cache key and same content: kept as it is; this staging goes.
 * - Same cache key, other content, and published after this attempt started:
 *   two concurrent writers of one cache key disagree. The first publish
 *   wins; this attempt fails ("not deterministic") and touches nothing.
 * - Otherwise it is replaced: renamed aside into `.staging/…replaced`, the
 *   new one renamed in, the old removed. A reader sees the old whole
 *   partition or the new whole one (or, between the two renames, none),
 *   never a mix. A writer that moved it aside first makes the rename aside
 *   fail with ENOENT; the loop then looks again.
 * An engine that died between the renames and the store update finds the
 * staging gone and its own manifest in place: published (a partition left
 * aside is removed then, or by cleanStaleStaging). One that died between the
 * two renames finds its staging and renames it in. A declared dataset left
 * empty fails the attempt, as `outputs:` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Partition, TaskDataset, TaskLake } from '../../../shared/run-model.js';
import { describeContent, readManifest, writeManifest, type Manifest } from './manifest.js';
import { MANIFEST_FILE, envName, partitionDir, partitionLevels, replacedDir, stagingDir, type StagingOwner } from './lake-layout.js';
import type { LakePartitionRow } from '../store/lake-store.js';

/** What is published, by whom. */
export interface PublishRequest {
  readonly lake: TaskLake;
  readonly dataset: TaskDataset;
  /** The folder hash: the producer's lake hash. */
  readonly hash: string;
  /** The producing task's cache key (spec hash). */
  readonly cacheKey: string;
  readonly partition: Partition;
  readonly owner: StagingOwner;
  readonly now: number;
  /** When the attempt started: a partition of its cache key published since then is a concurrent writer's. */
  readonly startedAt: number;
}

/** A staged output checked and described, ready to rename (or already in place). */
export type StagedOutput =
  | { readonly ok: true; readonly request: PublishRequest; readonly staging: string; readonly target: string; readonly manifest: Manifest; readonly already: boolean }
  | { readonly ok: false; readonly reason: string };

/** Checks one staged output and writes its manifest; nothing is visible to readers yet. */
export function stageOutput(request: PublishRequest): StagedOutput {
  const { lake, dataset, hash, cacheKey, partition, owner } = request;
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
    cacheKey,
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

/** How often a publish looks again when other writers keep moving the partition. */
const MAX_PUBLISH_TRIES = 8;

/** Renames a staged output into place, keeping or replacing a partition already there (see the top of the file). */
export function publishStaged(staged: Extract<StagedOutput, { ok: true }>): { readonly ok: true; readonly manifest: Manifest } | { readonly ok: false; readonly reason: string } {
  const { request, staging, target, manifest } = staged;
  const aside = replacedDir(request.lake.root, request.owner);
  if (staged.already) {
    fs.rmSync(aside, { recursive: true, force: true });
    return { ok: true, manifest };
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    for (let tries = 1; !renamedInto(staging, target); tries++) {
      const there = readManifest(target);
      if (there && (there.cacheKey ?? there.hash) === request.cacheKey) {
        if (there.contentHash === manifest.contentHash) {
          fs.rmSync(staging, { recursive: true, force: true });
          return { ok: true, manifest: there };
        }
        if (Date.parse(there.publishedAt) >= request.startedAt) {
          fs.rmSync(staging, { recursive: true, force: true });
          return { ok: false, reason: `dataset ${request.dataset.name}: ${target} was already published by run ${there.runId} (task ${there.taskRunId}, attempt ${there.attempt}) with other content (${there.contentHash.slice(0, 12)}, this attempt wrote ${manifest.contentHash.slice(0, 12)}); the output is not deterministic, or ${MANIFEST_FILE} was edited` };
        }
      }
      if (tries >= MAX_PUBLISH_TRIES) throw new Error(`${target} kept changing while it was replaced (${tries} tries)`);
      fs.rmSync(aside, { recursive: true, force: true });
      moveAside(target, aside);
    }
    return { ok: true, manifest };
  } finally {
    // The partition replaced (if any) goes only once the new one is in place.
    fs.rmSync(aside, { recursive: true, force: true });
  }
}

/** Renames `from` to `to`; false when `to` is a directory with something in it. */
function renamedInto(from: string, to: string): boolean {
  try {
    fs.renameSync(from, to);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY') return false;
    throw error;
  }
}

/** Moves the partition at `target` to `aside`; nothing when another writer moved it first. */
function moveAside(target: string, aside: string): void {
  try {
    fs.renameSync(target, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The store row of a published partition. */
export function partitionRow(staged: Extract<StagedOutput, { ok: true }>, manifest: Manifest, publishedAt: number): LakePartitionRow {
  const { dataset, partition } = staged.request;
  return {
    dataset: dataset.name,
    hash: manifest.hash,
    cacheKey: manifest.cacheKey ?? manifest.hash,
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
