/**
 * The one place that talks to DuckDB (@duckdb/node-api): reads a list of
 * data files of one format (parquet, csv, JSON / JSON lines) as one table,
 * hive-partitioned (the `key=value` folders in their paths become columns),
 * and answers its schema, its row count and its first rows as JSON-safe
 * values. Each call opens an in-memory instance and closes it: nothing is
 * written anywhere, nothing is kept between calls.
 *
 * DuckDB is loaded on the first call (a dynamic import, a require() in the
 * bundle), so commands that never preview a dataset do not pay for loading
 * its native library.
 */
import type { DuckDBResultReader } from '@duckdb/node-api';
import type { DatasetFormat } from '../../../shared/config-model.js';
import type { LakeColumn, LakeValue } from '../../../shared/lake-model.js';

type DuckDb = typeof import('@duckdb/node-api');

/** What one read found. */
export interface TableRead {
  readonly columns: readonly LakeColumn[];
  readonly rowCount: number;
  readonly rows: ReadonlyArray<Readonly<Record<string, LakeValue>>>;
  /** Milliseconds from opening DuckDB to the last row converted (module load left out). */
  readonly readMs: number;
}

/** The formats DuckDB reads here. */
export type TabularFormat = Exclude<DatasetFormat, 'dir'>;

let loading: Promise<DuckDb> | null = null;

/** DuckDB's module, loaded once. */
export function loadDuckDb(): Promise<DuckDb> {
  loading ??= import('@duckdb/node-api');
  return loading;
}

/** Reads `files` (absolute paths, all of `format`) as one table: schema, row count, first `limit` rows. */
export async function readTable(format: TabularFormat, files: readonly string[], limit: number): Promise<TableRead> {
  const duckdb = await loadDuckDb();
  const started = performance.now();
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      const source = sourceOf(format, files);
      const head = await connection.runAndReadUntil(`SELECT * FROM ${source} LIMIT ${Math.max(0, Math.floor(limit))}`, limit);
      const count = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${source}`);
      const columns = head.columnNames().map((name, i) => ({ name, type: String(head.columnType(i)) }));
      const rows = jsonRows(duckdb, head);
      const n = count.getRowsJS()[0]?.[0];
      return { columns, rowCount: Number(n ?? 0), rows, readMs: performance.now() - started };
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** The table function reading `files`: union by name, so files whose columns differ in order still line up. */
function sourceOf(format: TabularFormat, files: readonly string[]): string {
  const list = `[${files.map(sqlString).join(', ')}]`;
  switch (format) {
    case 'parquet':
      return `read_parquet(${list}, hive_partitioning = true, union_by_name = true)`;
    case 'csv':
      return `read_csv(${list}, hive_partitioning = true, union_by_name = true)`;
    case 'json':
      return `read_json_auto(${list}, hive_partitioning = true, union_by_name = true)`;
  }
}

/** A SQL string literal (quotes doubled). */
function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The rows as JSON values: DuckDB's JSON conversion, except that top-level
 * 64/128-bit integers are numbers while they fit in 2^53 (text beyond),
 * decimals are numbers (a chart wants them; a preview may round the last
 * digit of a wide one) and timestamps are ISO-8601
 * (`2025-01-02T10:00:00.000Z`). Dates stay `YYYY-MM-DD`; nested values keep
 * DuckDB's JSON form.
 */
function jsonRows(duckdb: DuckDb, reader: DuckDBResultReader): Array<Record<string, LakeValue>> {
  const { DuckDBTypeId: T } = duckdb;
  const names = reader.deduplicatedColumnNames();
  const json = reader.getRowsJson() as LakeValue[][];
  const js = reader.getRowsJS();
  const integers = new Set<number>([T.BIGINT, T.UBIGINT, T.HUGEINT, T.UHUGEINT]);
  const timestamps = new Set<number>([T.TIMESTAMP, T.TIMESTAMP_S, T.TIMESTAMP_MS, T.TIMESTAMP_NS, T.TIMESTAMP_TZ]);
  const kinds = names.map((_, i) => {
    const id = reader.columnTypeId(i);
    return integers.has(id) ? 'integer' : timestamps.has(id) ? 'timestamp' : id === T.DECIMAL ? 'decimal' : 'json';
  });
  return json.map((row, r) => {
    const out: Record<string, LakeValue> = {};
    names.forEach((name, c) => {
      const raw = js[r]?.[c];
      const kind = kinds[c];
      if (kind === 'integer' && typeof raw === 'bigint') out[name] = raw >= BigInt(Number.MIN_SAFE_INTEGER) && raw <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(raw) : raw.toString();
      else if (kind === 'decimal' && typeof raw === 'number' && Number.isFinite(raw)) out[name] = raw;
      else if (kind === 'timestamp' && raw instanceof Date && !Number.isNaN(raw.getTime())) out[name] = raw.toISOString();
      else out[name] = row[c] ?? null;
    });
    return out;
  });
}
