/**
 * What a project's lake holds: its declared datasets and every published
 * partition of them, for `lake ls`, `lake show`, `lake gc` and the API.
 *
 * Two sources, joined by directory: the `_manifest.json` of each partition
 * found under `<lake root>/<lake name>/` (the truth, and the only record of
 * what another home or a local-mode run published), and this home's
 * lake_partitions rows whose path is under it (a row whose directory is gone
 * shows as not present). Nothing here assumes which folder holds the hash or
 * how deep the partitions sit: a directory with a manifest is a partition,
 * and its manifest says of which dataset, hash and values.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/open-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { LakeDatasetInfo, LakeListing, LakePartitionInfo } from '../../../shared/lake-model.js';
import { lakePartitions, type LakePartitionRow } from '../store/lake-store.js';
import { MANIFEST_FILE, partitionLevels } from './lake-layout.js';
import { readManifest, type Manifest } from './manifest.js';

/** `<lake root>/<lake name>` of a project (every one of its datasets lives under it). */
export function projectLakeDir(project: ProjectConfig): string | null {
  return project.lake ? path.join(project.lake.root, project.lake.name) : null;
}

/** The project's datasets (declared first, in file order; then any only found in the lake), each with its partitions newest first. */
export function lakeCatalog(db: Db, project: ProjectConfig): LakeListing {
  const dir = projectLakeDir(project);
  const found = new Map<string, LakePartitionInfo>();
  if (dir !== null) {
    for (const [where, manifest] of scanManifests(dir)) found.set(where, fromManifest(where, manifest));
    const prefix = dir + path.sep;
    for (const row of lakePartitions(db)) {
      const where = path.resolve(row.path);
      if (!where.startsWith(prefix)) continue;
      const there = found.get(where);
      // The same directory published again under a later row (another hash cannot share a directory): the manifest wins.
      found.set(where, there ? { ...there, recorded: true } : fromRow(where, row));
    }
  }
  const byDataset = new Map<string, LakePartitionInfo[]>();
  for (const partition of found.values()) {
    const list = byDataset.get(partition.dataset) ?? [];
    list.push(partition);
    byDataset.set(partition.dataset, list);
  }
  const producers = new Map<string, string>();
  for (const pipeline of project.pipelines.values()) for (const name of pipeline.provides) if (!producers.has(name)) producers.set(name, pipeline.name);
  const datasets: LakeDatasetInfo[] = [];
  for (const dataset of project.datasets?.values() ?? []) {
    datasets.push({
      name: dataset.name,
      format: dataset.format,
      partitionBy: dataset.partitionBy,
      description: dataset.description ?? null,
      producer: producers.get(dataset.name) ?? null,
      declared: true,
      partitions: newestFirst(byDataset.get(dataset.name) ?? []),
    });
  }
  for (const [name, partitions] of [...byDataset].sort(([a], [b]) => a.localeCompare(b))) {
    if (project.datasets?.has(name)) continue;
    datasets.push({ name, format: null, partitionBy: Object.keys(partitions[0]!.partition), description: null, producer: null, declared: false, partitions: newestFirst(partitions) });
  }
  return { project: project.name, dir: dir ?? '', datasets };
}

/** The values of a partition key (`date=2025-01-02/region=US`), percent-decoded. */
export function parsePartitionKey(key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const level of key === '' ? [] : key.split('/')) {
    const eq = level.indexOf('=');
    if (eq <= 0) continue;
    try {
      out[level.slice(0, eq)] = decodeURIComponent(level.slice(eq + 1));
    } catch {
      out[level.slice(0, eq)] = level.slice(eq + 1);
    }
  }
  return out;
}

/** Every directory under `root` holding a manifest, with the manifest (a partition's own subfolders are not searched). */
function scanManifests(root: string): Array<[string, Manifest]> {
  const out: Array<[string, Manifest]> = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // gone meanwhile (a gc), or not a directory we may read
    }
    if (entries.some((e) => e.isFile() && e.name === MANIFEST_FILE)) {
      const manifest = readManifest(dir);
      if (manifest) out.push([dir, manifest]);
      return;
    }
    for (const entry of entries) if (entry.isDirectory()) walk(path.join(dir, entry.name));
  };
  walk(root);
  return out;
}

function fromManifest(where: string, m: Manifest): LakePartitionInfo {
  const publishedAt = Date.parse(m.publishedAt);
  return {
    dataset: m.dataset,
    partitionKey: partitionLevels(Object.keys(m.partition), { date: '', ...m.partition }).join('/'),
    partition: m.partition,
    hash: m.hash,
    path: where,
    contentHash: m.contentHash,
    files: m.files,
    bytes: m.bytes,
    rows: m.rows,
    runId: m.runId,
    taskRunId: m.taskRunId,
    attempt: m.attempt,
    publishedAt: Number.isNaN(publishedAt) ? 0 : publishedAt,
    present: true,
    recorded: false,
  };
}

function fromRow(where: string, row: LakePartitionRow): LakePartitionInfo {
  return {
    dataset: row.dataset,
    partitionKey: row.partitionKey,
    partition: parsePartitionKey(row.partitionKey),
    hash: row.hash,
    path: where,
    contentHash: row.contentHash,
    files: null,
    bytes: row.bytes,
    rows: row.rows,
    runId: row.runId,
    taskRunId: row.taskRunId,
    attempt: row.attempt,
    publishedAt: row.publishedAt,
    present: false,
    recorded: true,
  };
}

function newestFirst(partitions: LakePartitionInfo[]): LakePartitionInfo[] {
  return partitions.sort((a, b) => b.publishedAt - a.publishedAt || a.partitionKey.localeCompare(b.partitionKey) || a.path.localeCompare(b.path));
}
