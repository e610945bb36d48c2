/**
 * `tickwork lake ls [DATASET] [--project DIR] [--json]`: the project's
 * datasets and every published partition of each (hash, bytes, rows, the run
 * and task that produced it, when); DATASET narrows to one.
 * `tickwork lake show …`: lake-show.ts; `tickwork lake gc …`: lake-gc.ts.
 * Exit 2 for an unknown dataset or subcommand.
 */
import { flag, parse, str, UsageError } from '../args.js';
import { CliExit, loadProjectOrExit, openHomeStore } from '../context.js';
import { lakeCatalog } from '../../engine/lake/lake-catalog.js';
import { unknownDataset } from '../../engine/lake/lake-preview.js';
import type { LakeDatasetInfo, LakeListing, LakePartitionInfo } from '../../../shared/lake-model.js';
import { formatSize } from '../../../shared/sizes.js';
import { table, time } from '../format.js';
import { lakeShowCommand } from './lake-show.js';
import { lakeGcCommand } from './lake-gc.js';
import { partitionJson, shortHash } from '../lake-format.js';

/** Options of `lake ls` (help.ts describes each). */
export const lakeLsOptions = { project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** The subcommands of `tickwork lake`. */
const SUBCOMMANDS = ['ls', 'show', 'gc'] as const;

/** Runs `tickwork lake SUBCOMMAND …`; resolves to the exit code. */
export async function lakeCommand(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'ls') return lakeLsCommand(rest);
  if (sub === 'show') return lakeShowCommand(rest);
  if (sub === 'gc') return lakeGcCommand(rest);
  throw new UsageError(`tickwork lake: ${sub === undefined ? 'say what to do' : `unknown subcommand "${sub}"`}: ${SUBCOMMANDS.join(', ')} (tickwork lake --help)`);
}

async function lakeLsCommand(argv: readonly string[]): Promise<number> {
  const args = parse('lake ls', argv, lakeLsOptions);
  if (args.positionals.length > 1) throw new UsageError(`tickwork lake ls: name at most one dataset (got ${args.positionals.join(', ')})`);
  const project = loadProjectOrExit(str(args, 'project'));
  const store = openHomeStore();
  const full = lakeCatalog(store.db, project);
  store.db.close();
  const only = args.positionals[0];
  const listing: LakeListing = only === undefined ? full : { ...full, datasets: full.datasets.filter((d) => d.name === only) };
  if (only !== undefined && listing.datasets.length === 0) throw new CliExit(2, [`tickwork lake ls: ${unknownDataset(only, full.datasets.map((d) => d.name), project.name)}`]);
  if (flag(args, 'json')) {
    process.stdout.write(JSON.stringify(listingJson(listing)) + '\n');
    return 0;
  }
  process.stdout.write(`${formatListing(listing)}\n`);
  return 0;
}

/** The listing as `--json` prints it: times as ISO text. */
export function listingJson(listing: LakeListing): unknown {
  return { ...listing, datasets: listing.datasets.map((d) => ({ ...d, partitions: d.partitions.map(partitionJson) })) };
}

function formatListing(listing: LakeListing): string {
  if (listing.datasets.length === 0) return `project ${listing.project} declares no datasets (a top-level datasets: map in tickwork.yaml); lake ${listing.dir}`;
  const rows = listing.datasets.flatMap((d) => (d.partitions.length === 0 ? [[d.name, '-', '-', '-', '-', '-', '-', unpublished(d)]] : d.partitions.map((p) => partitionCells(d, p))));
  return [`project ${listing.project}: lake ${listing.dir}`, table(['DATASET', 'PARTITION', 'HASH', 'BYTES', 'ROWS', 'RUN', 'TASK', 'PUBLISHED'], rows)].join('\n');
}

function partitionCells(d: LakeDatasetInfo, p: LakePartitionInfo): string[] {
  const notes = [!d.declared && 'not declared', !p.present && 'directory gone', !p.recorded && 'not in this home\'s store'].filter(Boolean);
  return [d.name, p.partitionKey || '(whole)', shortHash(p.hash), formatSize(p.bytes), p.rows === null ? '-' : String(p.rows), String(p.runId), String(p.taskRunId), `${time(p.publishedAt)}${notes.length ? ` (${notes.join(', ')})` : ''}`];
}

function unpublished(d: LakeDatasetInfo): string {
  return `never (${d.format ?? 'unknown format'}${d.producer ? `; tickwork run ${d.producer} publishes it` : '; no pipeline provides it'})`;
}
