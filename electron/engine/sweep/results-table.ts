/**
 * A sweep's results table: one row per trial — its params, the collected
 * metrics, state, duration, run and task — sorted by the sweep's `sort`, as
 * CSV, as parquet (DuckDB reads the CSV and writes it, loaded only here), and
 * as text for the terminal. Both files are written beside each other under
 * `<lake root>/<lake name>/sweeps/<sweep>/` through a temp file and a rename,
 * so a reader never sees half a table.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LakeConfig } from '../../../shared/config-model.js';
import type { SweepMetricValue, SweepTrialRecord } from '../../../shared/sweep-model.js';

/** The folder, under the lake's name, holding every sweep's results. */
export const SWEEPS_DIR = 'sweeps';

/** What the table is made of. */
export interface ResultsTable {
  readonly paramKeys: readonly string[];
  readonly metrics: readonly string[];
  readonly rows: readonly SweepTrialRecord[];
}

/** `<lake root>/<lake name>/sweeps/<sweep>`. */
export function resultsDirOf(lake: Pick<LakeConfig, 'root' | 'name'>, sweep: string): string {
  return path.join(lake.root, lake.name, SWEEPS_DIR, sweep);
}

/** Rows sorted by a metric (numbers compared as numbers; trials without it last), else in grid order. */
export function sortedRows(rows: readonly SweepTrialRecord[], sort: { readonly metric: string; readonly descending: boolean } | null): SweepTrialRecord[] {
  const out = [...rows];
  if (!sort) return out.sort((a, b) => a.position - b.position);
  const valueOf = (row: SweepTrialRecord): number | null => {
    const v = row.metrics[sort.metric];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  return out.sort((a, b) => {
    const x = valueOf(a);
    const y = valueOf(b);
    if (x === null || y === null) return x === y ? a.position - b.position : x === null ? 1 : -1;
    return (sort.descending ? y - x : x - y) || a.position - b.position;
  });
}

/** The column names, in order. */
export function columnsOf(table: ResultsTable): string[] {
  return ['trial', ...table.paramKeys, ...table.metrics, 'state', 'reused', 'duration_ms', 'run_id', 'task_run_id', 'reason'];
}

/** One row's cells, by columnsOf. */
function cellsOf(table: ResultsTable, row: SweepTrialRecord): Array<SweepMetricValue | undefined> {
  return [
    row.position + 1,
    ...table.paramKeys.map((key) => row.params[key]),
    ...table.metrics.map((metric) => row.metrics[metric]),
    row.state,
    row.reused,
    row.durationMs,
    row.runId,
    row.taskRunId,
    row.reason,
  ];
}

/** The table as CSV (RFC 4180 quoting; an absent value is an empty cell). */
export function resultsCsv(table: ResultsTable): string {
  const lines = [columnsOf(table).map(csvCell).join(',')];
  for (const row of table.rows) lines.push(cellsOf(table, row).map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

/** Writes results.csv and results.parquet into `dir`; returns their paths. */
export async function writeResults(dir: string, table: ResultsTable): Promise<{ readonly csv: string; readonly parquet: string }> {
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, 'results.csv');
  const parquet = path.join(dir, 'results.parquet');
  const tempCsv = `${csv}.${process.pid}.tmp`;
  const tempParquet = `${parquet}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tempCsv, resultsCsv(table));
    await csvToParquet(tempCsv, tempParquet, columnsOf(table));
    fs.renameSync(tempParquet, parquet);
    fs.renameSync(tempCsv, csv);
  } finally {
    fs.rmSync(tempCsv, { force: true });
    fs.rmSync(tempParquet, { force: true });
  }
  return { csv, parquet };
}

/** The table as aligned text for a terminal, `widths` capped so a long reason does not wrap every line. */
export function resultsText(table: ResultsTable): string {
  const header = ['#', ...table.paramKeys, ...table.metrics, 'state', 'duration', 'run'];
  const body = table.rows.map((row) => [
    String(row.position + 1),
    ...table.paramKeys.map((key) => row.params[key] ?? ''),
    ...table.metrics.map((metric) => shown(row.metrics[metric])),
    row.reused ? `${row.state} (reused)` : row.state,
    row.durationMs === null ? '' : `${(row.durationMs / 1000).toFixed(2)}s`,
    row.runId === null ? '' : String(row.runId),
  ]);
  const widths = header.map((h, i) => Math.min(40, Math.max(h.length, ...body.map((cells) => cells[i]!.length))));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.slice(0, 40).padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n') + '\n';
}

function shown(value: SweepMetricValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}

function csvCell(value: SweepMetricValue | undefined): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** DuckDB, loaded on first use: the CLI starts without its native binding. */
async function csvToParquet(csvFile: string, parquetFile: string, columns: readonly string[]): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    // Types as DuckDB detects them (params and metrics become numbers where they are); the text columns stay text.
    const text = ['state', 'reason'].map((c) => `'${c}': 'VARCHAR'`).join(', ');
    const select = columns.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
    await connection.run(`COPY (SELECT ${select} FROM read_csv(${sqlText(csvFile)}, header = true, types = {${text}})) TO ${sqlText(parquetFile)} (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
