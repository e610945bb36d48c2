/**
 * `lake show` and lake.preview: which partitions of a dataset a request
 * names, and their rows read together through DuckDB (lake-query.ts).
 *
 * No selector: the latest published partition. `date` and `partition`
 * narrow by the dataset's partition_by values; of each matching partition
 * the newest version (hash) is read, so a selector that fixes only some keys
 * (`--date` of a dataset partitioned by date and region) reads every
 * matching partition as one hive-partitioned table.
 */
import path from 'node:path';
import type { Db } from '../store/open-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { LakeDatasetInfo, LakePartitionInfo, LakePreview, LakePreviewRequest } from '../../../shared/lake-model.js';
import { didYouMean } from '../plan/did-you-mean.js';
import { MANIFEST_FILE } from './lake-layout.js';
import { listFiles } from './manifest.js';
import { lakeCatalog } from './lake-catalog.js';
import { readTable, type TabularFormat } from './lake-query.js';

/** The rows shown when a request names no limit. */
export const DEFAULT_PREVIEW_LIMIT = 20;

/** Why a preview cannot be made: an unknown dataset (`not_found`), a selector it has no key for (`bad_request`), or nothing published that matches (`no_partition`). */
export interface PreviewProblem {
  readonly kind: 'not_found' | 'bad_request' | 'no_partition';
  readonly message: string;
}

/** The preview a request asks for, or why there is none. */
export async function previewDataset(db: Db, project: ProjectConfig, request: LakePreviewRequest): Promise<LakePreview | PreviewProblem> {
  const listing = lakeCatalog(db, project);
  const dataset = listing.datasets.find((d) => d.name === request.dataset);
  if (!dataset) return { kind: 'not_found', message: unknownDataset(request.dataset, listing.datasets.map((d) => d.name), project.name) };
  if (dataset.format === null) return { kind: 'not_found', message: `dataset ${dataset.name} is in the lake but not declared in ${project.name}'s datasets: (its format is unknown)` };
  const chosen = choosePartitions(dataset, request);
  if ('kind' in chosen) return chosen;
  const limit = request.limit ?? DEFAULT_PREVIEW_LIMIT;
  const files = chosen.flatMap((p) => dataFiles(p.path, dataset.format!));
  const base = { dataset: dataset.name, format: dataset.format, partitions: chosen, files, limit };
  if (dataset.format === 'dir' || files.length === 0) return { ...base, columns: [], rowCount: null, rows: [], readMs: 0 };
  const read = await readTable(dataset.format, files, limit);
  return { ...base, columns: read.columns, rowCount: read.rowCount, rows: read.rows, readMs: read.readMs };
}

/** The message for a dataset name the project does not have, with the closest name. */
export function unknownDataset(name: string, names: readonly string[], project: string): string {
  if (names.length === 0) return `no dataset ${name}: project ${project} declares no datasets (a top-level datasets: map in tickwork.yaml)`;
  const close = didYouMean(name, names);
  return `no dataset ${name} in project ${project}${close ? `; did you mean ${close}?` : ''} (datasets: ${names.join(', ')})`;
}

/** The partitions a request selects: the newest version of each match, by partition key. */
function choosePartitions(dataset: LakeDatasetInfo, request: LakePreviewRequest): LakePartitionInfo[] | PreviewProblem {
  const wanted: Record<string, string> = { ...(request.partition ?? {}) };
  if (request.date !== undefined) {
    if (wanted.date !== undefined && wanted.date !== request.date) return { kind: 'bad_request', message: `date given twice: ${request.date} and date=${wanted.date}` };
    wanted.date = request.date;
  }
  const keys = Object.keys(wanted);
  const by = dataset.partitionBy.length ? `partition_by: [${dataset.partitionBy.join(', ')}]` : 'it has no partition_by';
  for (const key of keys) {
    if (!dataset.partitionBy.includes(key)) return { kind: 'bad_request', message: `dataset ${dataset.name} is not partitioned by ${key} (${by})` };
  }
  const present = dataset.partitions.filter((p) => p.present);
  if (present.length === 0) return { kind: 'no_partition', message: `dataset ${dataset.name} has no published partition yet${dataset.producer ? ` (tickwork run ${dataset.producer} publishes one)` : ''}` };
  if (keys.length === 0) return [present[0]!];
  const matching = present.filter((p) => keys.every((key) => p.partition[key] === wanted[key]));
  if (matching.length === 0) {
    const asked = keys.map((key) => `${key}=${wanted[key]}`).join(' ');
    const known = [...new Set(present.map((p) => p.partitionKey))].sort();
    const shown = known.slice(-5).join(', ');
    return { kind: 'no_partition', message: `no published partition of ${dataset.name} matches ${asked} (published: ${known.length > 5 ? `…, ${shown}` : shown})` };
  }
  const newest = new Map<string, LakePartitionInfo>();
  for (const p of matching) if (!newest.has(p.partitionKey)) newest.set(p.partitionKey, p); // newest first already
  return [...newest.values()].sort((a, b) => a.partitionKey.localeCompare(b.partitionKey));
}

/** The files of a partition DuckDB reads for its format (absolute paths; the manifest left out). */
function dataFiles(dir: string, format: LakeDatasetInfo['format']): string[] {
  if (format === null || format === 'dir') return [];
  let files: string[];
  try {
    files = listFiles(dir);
  } catch {
    return []; // removed since the catalog looked (a gc)
  }
  return files.filter((rel) => rel !== MANIFEST_FILE && FORMAT_FILES[format].test(rel)).map((rel) => path.join(dir, rel));
}

const FORMAT_FILES: Readonly<Record<TabularFormat, RegExp>> = {
  parquet: /\.parquet$/i,
  csv: /\.(csv|tsv)(\.gz)?$/i,
  json: /\.(json|jsonl|ndjson)(\.gz)?$/i,
};
