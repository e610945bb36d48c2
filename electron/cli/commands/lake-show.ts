/**
 * `tickwork lake show DATASET [--date D] [--partition k=v]… [--limit N]
 * [--project DIR] [--json]`: the schema, the row count and the first rows
 * (20 unless --limit) of the dataset's latest published partition, or of
 * every partition the selectors match, read together by DuckDB
 * (engine/lake/lake-preview.ts). Exit 2 for an unknown dataset, a selector
 * the dataset has no key for, or no published partition that matches.
 */
import { flag, int, keyValues, list, parse, str, UsageError } from '../args.js';
import { CliExit, loadProjectOrExit, openHomeStore } from '../context.js';
import { DEFAULT_PREVIEW_LIMIT, previewDataset } from '../../engine/lake/lake-preview.js';
import type { LakePreview } from '../../../shared/lake-model.js';
import { formatSize } from '../../../shared/sizes.js';
import { plural } from '../../../shared/plural.js';
import { table, time } from '../format.js';
import { cellText, partitionJson, shortHash } from '../lake-format.js';
import { resolveDateFlag } from '../../engine/run/partition-flags.js';
import type { ProjectConfig } from '../../../shared/config-model.js';

/** Options of `lake show` (help.ts describes each). */
export const lakeShowOptions = {
  date: { type: 'string' },
  partition: { type: 'string', multiple: true },
  limit: { type: 'string' },
  project: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Runs `tickwork lake show …`; resolves to the exit code. */
export async function lakeShowCommand(argv: readonly string[]): Promise<number> {
  const args = parse('lake show', argv, lakeShowOptions);
  const [dataset, ...extra] = args.positionals;
  if (dataset === undefined || extra.length > 0) throw new UsageError('tickwork lake show: name one dataset, e.g. tickwork lake show prices --date 2025-01-02 (tickwork lake ls lists them)');
  const project = loadProjectOrExit(str(args, 'project'));
  const date = dateOption(project, dataset, str(args, 'date'));
  const partition = keyValues(list(args, 'partition'), 'partition', 'lake show');
  const limit = int(args, 'limit', DEFAULT_PREVIEW_LIMIT, 'lake show');
  const store = openHomeStore();
  let preview: Awaited<ReturnType<typeof previewDataset>>;
  try {
    preview = await previewDataset(store.db, project, { dataset, ...(date !== undefined ? { date } : {}), partition, limit });
  } catch (error) {
    // DuckDB could not read the files (not the format declared, a torn file written outside Tickwork): the user's data, not our bug.
    throw new CliExit(2, [`tickwork lake show: ${dataset}: DuckDB cannot read it: ${(error as Error).message.split('\n')[0]}`]);
  } finally {
    store.db.close();
  }
  if ('kind' in preview) throw new CliExit(2, [`tickwork lake show: ${preview.message}`]);
  if (flag(args, 'json')) {
    process.stdout.write(JSON.stringify({ ...preview, partitions: preview.partitions.map(partitionJson) }) + '\n');
    return 0;
  }
  process.stdout.write(`${formatPreview(preview)}\n`);
  return 0;
}

/** --date as YYYY-MM-DD, or a word (today, yesterday, last-trading-day) read as `tickwork run` reads it for the dataset's producer. */
function dateOption(project: ProjectConfig, dataset: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const producer = [...project.pipelines.values()].find((p) => p.provides.includes(dataset));
  const resolved = resolveDateFlag('--date', value, { project, targets: producer ? [producer.name] : [], now: Date.now() });
  if (!resolved.ok) throw new UsageError(`tickwork lake show: ${resolved.message}`);
  return resolved.date;
}

function formatPreview(p: LakePreview): string {
  const lines = [heading(p)];
  if (p.format === 'dir') {
    lines.push(`format dir: not a table; its files are in ${p.partitions.map((x) => x.path).join(', ')}`);
    return lines.join('\n');
  }
  if (p.rowCount === null) {
    lines.push(`no ${p.format} files in it (${p.partitions.map((x) => x.path).join(', ')})`);
    return lines.join('\n');
  }
  lines.push('schema:', ...table(['COLUMN', 'TYPE'], p.columns.map((c) => [c.name, c.type])).split('\n').map((l) => `  ${l}`));
  const shown = p.rows.length;
  lines.push(`${plural(p.rowCount, 'row')}${shown < p.rowCount ? ` (the first ${shown})` : ''}:`);
  if (shown > 0) {
    const names = Object.keys(p.rows[0]!);
    lines.push(table(names, p.rows.map((row) => names.map((n) => cellText(row[n])))));
  }
  return lines.join('\n');
}

function heading(p: LakePreview): string {
  const files = p.files.length;
  const bytes = p.partitions.reduce((sum, x) => sum + x.bytes, 0);
  if (p.partitions.length === 1) {
    const x = p.partitions[0]!;
    return `${p.dataset} ${x.partitionKey || '(whole dataset)'} · ${p.format} · hash ${shortHash(x.hash)} · run ${x.runId} (task ${x.taskRunId}) · published ${time(x.publishedAt)} · ${plural(files, 'file')}, ${formatSize(bytes)}`;
  }
  return `${p.dataset} · ${p.format} · ${plural(p.partitions.length, 'partition')} (${p.partitions.map((x) => x.partitionKey).join(', ')}) · ${plural(files, 'file')}, ${formatSize(bytes)}`;
}
