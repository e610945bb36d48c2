// Reading and writing the tetra datasets as parquet with DuckDB.
//
// Under Tickwork each dataset a step provides is written into
// $TICKWORK_OUTPUT_<NAME> (a fresh staging directory the engine publishes
// into the lake, with its _manifest.json, once the step exits 0), and each
// dataset it requires is read from $TICKWORK_INPUT_<NAME> (the published
// partition). Run by hand (no TICKWORK_RUN_ID), a step writes
// <data>/<date>/<dataset>/ instead: into a temp directory that
// finishOutputs() renames into place, so a killed step never leaves half a
// dataset there either.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataRoot, fail } from './lib.mjs';

/** A dataset name as part of an environment variable (as the engine spells it). */
const envName = (name) => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** True when Tickwork runs this step (the engine sets TICKWORK_RUN_ID). */
const underTickwork = () => process.env.TICKWORK_RUN_ID !== undefined;

/** Hand-run outputs: temp directory → final directory, renamed by finishOutputs(). */
const pending = new Map();

/**
 * Opens an in-memory DuckDB with one thread: the data here is small, and one
 * thread writes the same parquet bytes on every run, so a re-run for the same
 * inputs publishes the same content hash.
 */
export async function openDuck() {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  return {
    conn,
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** The directory this step writes dataset `name` into (created, empty). */
export function outputDir(name, date) {
  const staged = process.env[`TICKWORK_OUTPUT_${envName(name)}`];
  if (staged) return staged;
  if (underTickwork()) fail(`ValueError: TICKWORK_OUTPUT_${envName(name)} is not set; is "${name}" declared under datasets: and listed in this pipeline's provides?`);
  const final = path.join(dataRoot(), date, name);
  const tmp = `${final}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  pending.set(tmp, final);
  return tmp;
}

/**
 * The directory this step reads dataset `name` from, or a MissingUpstreamError
 * naming the pipeline that produces it (a fail-at-once rule in tickwork.yaml).
 */
export function inputDir({ stage, name, date, producer }) {
  const published = process.env[`TICKWORK_INPUT_${envName(name)}`];
  const dir = published ?? (underTickwork() ? undefined : path.join(dataRoot(), date, name));
  if (dir !== undefined && fs.existsSync(dir)) return dir;
  const where = dir === undefined ? `TICKWORK_INPUT_${envName(name)} is not set (nothing published yet)` : `${dir} does not exist`;
  return fail(`MissingUpstreamError: ${stage} requires ${name} for ${date}, but ${where}; run the "${producer}" pipeline for ${date} first`);
}

const sqlString = (text) => `'${text.replaceAll("'", "''")}'`;
const ident = (name) => `"${name.replaceAll('"', '""')}"`;

/** Appender calls per column type; DATE is appended as text and cast when written. */
const APPEND = {
  VARCHAR: (a, v) => a.appendVarchar(String(v)),
  DATE: (a, v) => a.appendVarchar(String(v)),
  DOUBLE: (a, v) => a.appendDouble(v),
  INTEGER: (a, v) => a.appendInteger(v),
  BOOLEAN: (a, v) => a.appendBoolean(v),
};

/**
 * Writes `rows` (arrays in `columns` order; null or undefined for missing,
 * non-finite numbers too) as `<dir>/<table>.parquet`. `columns` is a list of
 * [name, type] with type one of VARCHAR, DATE, DOUBLE, INTEGER, BOOLEAN.
 */
export async function writeTable(conn, dir, table, columns, rows) {
  for (const [column, type] of columns) if (!APPEND[type]) throw new Error(`writeTable ${table}: column ${column} has unknown type ${type}`);
  const staged = `${table}_rows`;
  await conn.run(`CREATE OR REPLACE TABLE ${ident(staged)} (${columns.map(([c, t]) => `${ident(c)} ${t === 'DATE' ? 'VARCHAR' : t}`).join(', ')})`);
  const appender = await conn.createAppender(staged);
  for (const row of rows) {
    columns.forEach(([, type], i) => {
      const value = row[i];
      if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) appender.appendNull();
      else APPEND[type](appender, value);
    });
    appender.endRow();
  }
  appender.closeSync();
  const select = columns.map(([c, t]) => (t === 'DATE' ? `CAST(${ident(c)} AS DATE) AS ${ident(c)}` : ident(c))).join(', ');
  await conn.run(`COPY (SELECT ${select} FROM ${ident(staged)}) TO ${sqlString(path.join(dir, `${table}.parquet`))} (FORMAT parquet)`);
  await conn.run(`DROP TABLE ${ident(staged)}`);
}

/** Reads `<dir>/<table>.parquet` into plain row objects (dates as YYYY-MM-DD), in file order unless `orderBy` is given. */
export async function readTable(conn, dir, table, { orderBy } = {}) {
  const file = path.join(dir, `${table}.parquet`);
  if (!fs.existsSync(file)) fail(`ValueError: ${file} is missing from the published dataset`);
  const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(file)})${orderBy ? ` ORDER BY ${orderBy}` : ''}`);
  return reader.getRowObjectsJson();
}

/** Run by hand: renames each finished output into <data>/<date>/<dataset>/. Under Tickwork the engine publishes. */
export function finishOutputs() {
  for (const [tmp, final] of pending) {
    fs.rmSync(final, { recursive: true, force: true });
    fs.renameSync(tmp, final);
  }
  pending.clear();
}

/**
 * The market_data dataset in the shape the steps compute on: tickers sorted,
 * trading dates oldest first, one close series per ticker and the universe
 * (sector, beta) by ticker.
 */
export async function readMarketData(conn, dir) {
  const rows = await readTable(conn, dir, 'prices', { orderBy: 'trade_date, ticker' });
  const universe = new Map();
  for (const { ticker, sector, beta } of rows) if (!universe.has(ticker)) universe.set(ticker, { ticker, sector, beta });
  const tickers = [...universe.keys()].sort();
  const column = new Map(tickers.map((t, i) => [t, i]));
  const dates = [];
  const series = tickers.map(() => []);
  for (const row of rows) {
    if (dates[dates.length - 1] !== row.trade_date) dates.push(row.trade_date);
    series[column.get(row.ticker)].push(row.close);
  }
  if (series.some((s) => s.length !== dates.length)) fail('ValueError: prices.parquet does not hold one close per ticker and trading date');
  return { tickers, dates, series, universe };
}

/** scenario_definitions as written by scenarios.mjs: {id, kind, description, horizon_days, parameters}. */
export async function readScenarioDefinitions(conn, dir) {
  const rows = await readTable(conn, dir, 'definitions');
  return rows.map((r) => ({ id: r.scenario, kind: r.kind, description: r.description, horizon_days: r.horizon_days, parameters: JSON.parse(r.parameters) }));
}

/** scenario_timeseries: the tickers (sorted) and, per scenario, one price path per ticker. */
export async function readScenarioPaths(conn, dir) {
  const rows = await readTable(conn, dir, 'paths', { orderBy: 'scenario, day, ticker' });
  const tickers = [...new Set(rows.map((r) => r.ticker))];
  const column = new Map(tickers.map((t, i) => [t, i]));
  const paths = new Map();
  for (const row of rows) {
    if (!paths.has(row.scenario)) paths.set(row.scenario, tickers.map(() => []));
    paths.get(row.scenario)[column.get(row.ticker)].push(row.price);
  }
  return { tickers, paths };
}
