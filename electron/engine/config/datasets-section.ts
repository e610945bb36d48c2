/**
 * The top-level `datasets:` and `lake:` sections.
 *
 *   datasets:
 *     prices: {format: parquet, partition_by: [date, region], description: …}
 *   lake: {root: .tickwork/lake, name: research, range: {start: 2020-01-01, end: 2024-12-31}}
 *
 * `partition_by` names the project's static partition keys, plus `date` for
 * the run's date (the as-of date): each becomes one `key=value` directory
 * level under the dataset's hash directory, in the order given. The lake's
 * range only names its date-range folder (`<start>_<end>`, or `all` without
 * a range); it does not restrict which dates run. Who produces and who reads
 * a dataset is checked once every pipeline is known (dataset-links.ts).
 */
import * as path from 'node:path';
import { DATASET_FORMATS, type DatasetConfig, type DatasetFormat, type LakeConfig } from '../../../shared/config-model.js';
import { suggestionSuffix } from '../plan/did-you-mean.js';
import { isCivilDate } from '../calendar/civil-date.js';
import { checkName } from './project-sections.js';
import { checkKeys, describe, entryFor, fail, readMap, readStringList, readText, type MapEntry, type ReadContext, type YamlNode } from './yaml-nodes.js';

/** The partition key that stands for the run's date in `partition_by`. */
export const DATE_PARTITION_KEY = 'date';

/** A dataset as read, with the node to point at from pipelines that name it. */
export interface RawDataset extends DatasetConfig {
  readonly keyNode: YamlNode;
}

const DATASET_KEYS = ['format', 'partition_by', 'description'];
const LAKE_KEYS = ['root', 'name', 'range'];

/** Reads `datasets:`; `partitionKeys` are the project's static keys (`date` is always allowed). */
export function readDatasets(entry: MapEntry | undefined, ctx: ReadContext, partitionKeys: ReadonlySet<string>): Map<string, RawDataset> {
  const datasets = new Map<string, RawDataset>();
  for (const item of entry === undefined ? [] : (readMap(entry.value, entry.field, ctx) ?? [])) {
    if (!checkName(item, ctx)) continue;
    const body = readMap(item.value, item.field, ctx) ?? [];
    checkKeys(body, DATASET_KEYS, ctx);
    const formatEntry = entryFor(body, 'format', { ctx, required: { mapNode: item.value, field: item.field } });
    const format = formatEntry ? readFormat(formatEntry, ctx) : undefined;
    const byEntry = entryFor(body, 'partition_by', { ctx });
    const descriptionEntry = entryFor(body, 'description', { ctx });
    const description = descriptionEntry && readText(descriptionEntry.value, descriptionEntry.field, ctx);
    // Keep the name known even when its body is bad, so pipelines naming it are not flagged as well.
    datasets.set(item.key, {
      name: item.key,
      keyNode: item.keyNode,
      format: format ?? 'dir',
      partitionBy: byEntry ? readPartitionBy(byEntry, ctx, partitionKeys) : [],
      ...(description !== undefined && { description }),
    });
  }
  return datasets;
}

function readFormat(entry: MapEntry, ctx: ReadContext): DatasetFormat | undefined {
  const text = readText(entry.value, entry.field, ctx);
  if (text === undefined) return undefined;
  const format = DATASET_FORMATS.find((f) => f === text);
  if (format === undefined) fail(ctx, entry.value, entry.field, `unknown format "${text}"; expected one of: ${DATASET_FORMATS.join(', ')}${suggestionSuffix(text, DATASET_FORMATS)}`);
  return format;
}

function readPartitionBy(entry: MapEntry, ctx: ReadContext, partitionKeys: ReadonlySet<string>): string[] {
  const known = [DATE_PARTITION_KEY, ...partitionKeys];
  const keys: string[] = [];
  for (const ref of readStringList(entry.value, entry.field, ctx, 'partition keys') ?? []) {
    if (!known.includes(ref.value)) {
      const hint = suggestionSuffix(ref.value, known) || `; the project's partition keys are: ${known.join(', ')} (date is the run date)`;
      ctx.report.at(ref.node, entry.field, `"${ref.value}" is not a partition key of the project${hint}`);
    } else if (keys.includes(ref.value)) {
      ctx.report.at(ref.node, entry.field, `"${ref.value}" is listed more than once`);
    } else {
      keys.push(ref.value);
    }
  }
  return keys;
}

/** Where the project is and what it is called: the lake's defaults. */
export interface LakeDefaults {
  readonly dir: string;
  readonly projectName: string | undefined;
}

/** Reads `lake:`; absent keys take the defaults (root `<dir>/.tickwork/lake`, name = the project's, range = all). */
export function readLake(entry: MapEntry | undefined, ctx: ReadContext, { dir, projectName }: LakeDefaults): LakeConfig {
  const fallback: LakeConfig = { root: path.join(dir, '.tickwork', 'lake'), name: folderName(projectName) ?? 'lake', range: null };
  if (entry === undefined) return fallback;
  const body = readMap(entry.value, entry.field, ctx);
  if (body === undefined) return fallback;
  checkKeys(body, LAKE_KEYS, ctx);
  const rootEntry = entryFor(body, 'root', { ctx });
  const rootText = rootEntry && readText(rootEntry.value, rootEntry.field, ctx, { nonEmpty: true });
  const nameEntry = entryFor(body, 'name', { ctx });
  const name = nameEntry && readFolder(nameEntry, ctx);
  const rangeEntry = entryFor(body, 'range', { ctx });
  return {
    root: rootText === undefined ? fallback.root : path.resolve(dir, rootText),
    name: name ?? fallback.name,
    range: rangeEntry ? readRange(rangeEntry, ctx) : null,
  };
}

/** A lake name becomes one directory: no separators, no dot-names. */
function readFolder(entry: MapEntry, ctx: ReadContext): string | undefined {
  const text = readText(entry.value, entry.field, ctx, { nonEmpty: true });
  if (text === undefined) return undefined;
  if (folderName(text) === text) return text;
  fail(ctx, entry.value, entry.field, `"${text}" cannot be a folder name; use letters, digits, _, . and - (not starting with a dot)`);
  return undefined;
}

function folderName(text: string | undefined): string | undefined {
  return text !== undefined && /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(text) ? text : undefined;
}

function readRange(entry: MapEntry, ctx: ReadContext): LakeConfig['range'] {
  const body = readMap(entry.value, entry.field, ctx);
  if (body === undefined) return null;
  checkKeys(body, ['start', 'end'], ctx);
  const required = { mapNode: entry.value, field: entry.field };
  const read = (key: string): string | undefined => {
    const item = entryFor(body, key, { ctx, required });
    if (item === undefined) return undefined;
    const text = readText(item.value, item.field, ctx);
    if (text === undefined) return undefined;
    if (isCivilDate(text)) return text;
    fail(ctx, item.value, item.field, `expected a date as YYYY-MM-DD, got ${describe(item.value)}`);
    return undefined;
  };
  const start = read('start');
  const end = read('end');
  if (start === undefined || end === undefined) return null;
  if (start > end) {
    fail(ctx, entry.value, entry.field, `start ${start} is after end ${end}`);
    return null;
  }
  return { start, end };
}
