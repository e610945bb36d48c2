// Lake section, preview: a 1M-row parquet partition published by a real
// Tickwork run (one pipeline whose step writes it with DuckDB into
// $TICKWORK_OUTPUT_TICKS), then read the way a preview does: schema, row
// count and the first 20 rows. Three figures:
//   cli        `tickwork lake show ticks --date D --limit 20`, wall time of the
//              whole command (n/a until the command exists)
//   process    a fresh Node process that loads @duckdb/node-api and runs the
//              three queries: what any CLI preview pays at least
//   in-process a fresh DuckDB instance in this process, the queries only
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { BenchError } from './daemon.mjs';
import { contenderEnv, median, timeRun } from './measure.mjs';

export const SHOW_ROWS = 1_000_000;
const DATE = '2024-06-28';

/** The three preview queries against the parquet files of `dir`. */
export function previewQueries(dir) {
  const files = `'${path.join(dir, '*.parquet').replaceAll("'", "''")}'`;
  return [`DESCRIBE SELECT * FROM read_parquet(${files})`, `SELECT count(*) AS n FROM read_parquet(${files})`, `SELECT * FROM read_parquet(${files}) LIMIT 20`];
}

/** The project: one dataset, one pipeline writing SHOW_ROWS rows of ticks. */
function writeProject(dir, duckdbUrl) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'tickwork.yaml'),
    [
      'name: lakeshow',
      'timezone: UTC',
      'defaults: {retries: 0}',
      'datasets:',
      '  ticks: {format: parquet, partition_by: [date]}',
      'pipelines:',
      '  ticks:',
      '    command: [node, make-ticks.mjs]',
      '    provides: [ticks]',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'make-ticks.mjs'),
    `import path from 'node:path';
import { DuckDBInstance } from ${JSON.stringify(duckdbUrl)};
const out = path.join(process.env.TICKWORK_OUTPUT_TICKS, 'ticks.parquet');
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
await conn.run(\`COPY (SELECT TIMESTAMP '2024-06-28 09:30:00' + to_milliseconds(i * 20) AS ts,
  ['ALPH', 'BRVO', 'CHRL', 'DELT', 'ECHO'][1 + i % 5] AS ticker, 100 + (hash(i) % 10000) / 100.0 AS price,
  (1 + hash(i * 7) % 500)::INTEGER AS volume FROM range(${SHOW_ROWS}) t(i)) TO '\${out.replaceAll("'", "''")}' (FORMAT parquet)\`);
`,
  );
  fs.writeFileSync(
    path.join(dir, 'show.mjs'),
    `import { DuckDBInstance } from ${JSON.stringify(duckdbUrl)};
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const out = [];
for (const sql of JSON.parse(process.argv[2])) out.push((await conn.runAndReadAll(sql)).getRowObjectsJson());
process.stdout.write(JSON.stringify({ columns: out[0].length, rows: Number(out[1][0].n), first: out[2].length }) + '\\n');
`,
  );
}

/** Runs the queries on a fresh in-process DuckDB; resolves with {ms, columns, rows, first}. */
async function inProcess(dir) {
  const t0 = performance.now();
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const answers = [];
  for (const sql of previewQueries(dir)) answers.push((await conn.runAndReadAll(sql)).getRowObjectsJson());
  const ms = performance.now() - t0;
  conn.closeSync();
  db.closeSync();
  return { ms, columns: answers[0].length, rows: Number(answers[1][0].n), first: answers[2].length };
}

/** True when the built CLI knows `tickwork lake show`. */
async function hasLakeShow(cli, home) {
  const run = await timeRun({ cmd: process.execPath, args: [cli, 'lake', 'show', '--help'], env: contenderEnv({ TICKWORK_HOME: home }) });
  return run.code === 0 && !/unknown command/.test(run.stderr);
}

/** Publishes the 1M-row partition and times the previews; `iterations` of each. */
export async function measureShow({ root, workDir, iterations, trash, log }) {
  const dir = path.join(workDir, 'lake-show');
  trash.move(dir);
  const project = path.join(dir, 'project');
  const home = path.join(dir, 'home');
  const cli = path.join(root, 'bin', 'tickwork.cjs');
  writeProject(project, pathToFileURL(createRequire(import.meta.url).resolve('@duckdb/node-api')).href);
  const run = await timeRun({ cmd: process.execPath, args: [cli, 'run', 'ticks', '--project', project, '--wait', '--date', DATE], cwd: root, env: contenderEnv({ TICKWORK_HOME: home }) });
  if (run.code !== 0) throw new BenchError(`lake show: the run that writes the 1M-row partition exited ${run.code}\n${run.stderr}${run.stdout.slice(-2000)}`);
  const datasetDir = path.join(project, '.tickwork', 'lake', 'lakeshow', 'all', 'ticks');
  const partition = fs.readdirSync(datasetDir).map((hash) => path.join(datasetDir, hash, `date=${DATE}`)).find((p) => fs.existsSync(p));
  if (!partition) throw new BenchError(`lake show: no published partition date=${DATE} under ${datasetDir}`);
  const bytes = fs.statSync(path.join(partition, 'ticks.parquet')).size;
  log(`  show: published ${SHOW_ROWS.toLocaleString('en')} rows (${(bytes / 1e6).toFixed(1)} MB parquet) in ${(run.ms / 1000).toFixed(1)} s (untimed)\n`);

  const expectAnswer = (what, answer) => {
    // 4 columns written, plus `date` that DuckDB reads off the partition's date= folder.
    if (answer.rows !== SHOW_ROWS || answer.first !== 20 || answer.columns !== 5) throw new BenchError(`lake show (${what}): read ${JSON.stringify(answer)}; expected 5 columns, ${SHOW_ROWS} rows, 20 first rows`);
  };
  const cliAvailable = await hasLakeShow(cli, home);
  const times = { inProcess: [], process: [], cli: [] };
  for (let i = 0; i < iterations; i++) {
    const local = await inProcess(partition);
    expectAnswer('in-process', local);
    times.inProcess.push(local.ms);
    const child = await timeRun({ cmd: process.execPath, args: [path.join(project, 'show.mjs'), JSON.stringify(previewQueries(partition))], cwd: project });
    if (child.code !== 0) throw new BenchError(`lake show (process): exited ${child.code}\n${child.stderr}`);
    expectAnswer('process', JSON.parse(child.stdout));
    times.process.push(child.ms);
    if (cliAvailable) {
      const shown = await timeRun({ cmd: process.execPath, args: [cli, 'lake', 'show', 'ticks', '--date', DATE, '--limit', '20', '--project', project], cwd: root, env: contenderEnv({ TICKWORK_HOME: home }) });
      if (shown.code !== 0) throw new BenchError(`tickwork lake show exited ${shown.code}\n${shown.stderr}${shown.stdout.slice(-2000)}`);
      if (!/1,?000,?000/.test(shown.stdout)) throw new BenchError(`tickwork lake show did not print the row count ${SHOW_ROWS}:\n${shown.stdout.slice(0, 2000)}`);
      times.cli.push(shown.ms);
    }
    log(`  show ${i + 1}/${iterations}: in-process ${local.ms.toFixed(0)} ms, fresh process ${child.ms.toFixed(0)} ms${cliAvailable ? `, tickwork lake show ${times.cli.at(-1).toFixed(0)} ms` : ''}\n`);
  }
  trash.move(dir);
  return {
    inProcessMs: median(times.inProcess),
    processMs: median(times.process),
    cliMs: cliAvailable ? median(times.cli) : null,
    times,
    bytes,
  };
}
