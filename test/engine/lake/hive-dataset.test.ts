import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../../helpers/temp-home.js';
import { harness, type Harness } from '../../helpers/engine-harness.js';
import { lakePartitions } from '../../../electron/engine/store/lake-store.js';
import { notesOfRun } from '../../../electron/engine/store/run-notes.js';

const open: Harness[] = [];
const readers: Worker[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) h.close();
  for (const reader of readers.splice(0)) await reader.terminate();
});

function start(w: TempWorld): Harness {
  const h = harness(w.home, path.join(w.project, 'tickwork.yaml'));
  open.push(h);
  return h;
}

const DUCKDB = pathToFileURL(createRequire(import.meta.url).resolve('@duckdb/node-api')).href;

function datasetDir(w: TempWorld, project: string, dataset: string): string {
  return path.join(w.project, '.tickwork', 'lake', project, 'all', dataset);
}

/** `<hash>/date=…` directories under a dataset. */
function partitions(w: TempWorld, project: string, dataset: string): string[] {
  const root = datasetDir(w, project, dataset);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory() && e.name.startsWith('date=')).map((e) => path.relative(root, path.join(e.parentPath, e.name))).sort();
}

describe('the lake hash folder is a whole hive-partitioned dataset', () => {
  it('puts two dates of one pipeline under one hash folder, which a downstream reads with DuckDB through TICKWORK_INPUT_<NAME>_ROOT; another param value gets its own folder', async () => {
    const w = tempWorld();
    // load writes a real parquet file per date; score reads every date of the folder with hive_partitioning.
    fs.writeFileSync(w.file('load.mjs'), `
import { DuckDBInstance } from ${JSON.stringify(DUCKDB)};
const conn = await (await DuckDBInstance.create(':memory:')).connect();
await conn.run(\`COPY (SELECT range AS i, \${Number(process.argv[2])} AS w FROM range(3)) TO '\${process.env.TICKWORK_OUTPUT_PRICES}/part-0.parquet' (FORMAT parquet)\`);
`);
    fs.writeFileSync(w.file('score.mjs'), `
import fs from 'node:fs';
import { DuckDBInstance } from ${JSON.stringify(DUCKDB)};
const conn = await (await DuckDBInstance.create(':memory:')).connect();
const root = process.env.TICKWORK_INPUT_PRICES_ROOT;
const reader = await conn.runAndReadAll(\`SELECT CAST(date AS VARCHAR) AS date, CAST(count(*) AS INTEGER) AS n, CAST(max(w) AS INTEGER) AS w FROM read_parquet('\${root}/**/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY 1\`);
fs.writeFileSync('seen-' + process.env.TICKWORK_DATE + '.json', JSON.stringify({ root, partition: process.env.TICKWORK_INPUT_PRICES, rows: reader.getRowObjectsJson() }));
`);
    w.writeProject(`
name: hiveproj
params: {window: '20'}
datasets:
  prices: {format: parquet, partition_by: [date]}
pipelines:
  load:
    command: [${JSON.stringify(process.execPath)}, load.mjs, '{{ params.window }}']
    provides: [prices]
  score:
    depends_on: [load]
    requires: [prices]
    command: [${JSON.stringify(process.execPath)}, score.mjs]
`);
    const h = start(w);
    const first = await h.run({ targets: ['score'], date: '2025-03-04' });
    const second = await h.run({ targets: ['score'], date: '2025-03-05' });
    const [load1, load2] = [first.tasks.get('load')!, second.tasks.get('load')!];
    expect([load1.state, load2.state, second.tasks.get('score')!.state]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(load2.specHash).not.toBe(load1.specHash);
    const hash = load1.spec.lake!.hash!;
    expect(load2.spec.lake!.hash).toBe(hash);
    expect(partitions(w, 'hiveproj', 'prices')).toEqual([`${hash}/date=2025-03-04`, `${hash}/date=2025-03-05`]);

    const seen = JSON.parse(fs.readFileSync(w.file('seen-2025-03-05.json'), 'utf8'));
    expect(seen.root).toBe(path.join(datasetDir(w, 'hiveproj', 'prices'), hash));
    expect(seen.partition).toBe(path.join(seen.root, 'date=2025-03-05'));
    expect(seen.rows).toEqual([
      { date: '2025-03-04', n: 3, w: 20 },
      { date: '2025-03-05', n: 3, w: 20 },
    ]);
    expect(lakePartitions(h.db, 'prices').map((r) => [r.hash, r.cacheKey])).toEqual([
      [hash, load2.specHash],
      [hash, load1.specHash],
    ]);

    // A sweep trial with another window: its own folder, holding only its own partitions.
    const trial = await h.run({ targets: ['score'], date: '2025-03-05', params: { window: '60' } });
    const trialHash = trial.tasks.get('load')!.spec.lake!.hash!;
    expect(trialHash).not.toBe(hash);
    expect(partitions(w, 'hiveproj', 'prices')).toEqual([`${hash}/date=2025-03-04`, `${hash}/date=2025-03-05`, `${trialHash}/date=2025-03-05`].sort());
    expect(JSON.parse(fs.readFileSync(w.file('seen-2025-03-05.json'), 'utf8')).rows).toEqual([{ date: '2025-03-05', n: 3, w: 60 }]);
  });

  it('replaces a re-published partition whole: a reader in another thread only ever sees one run’s complete partition (or, between two renames, none)', async () => {
    const w = tempWorld();
    // Every file says which run wrote it.
    w.writeProject(`
name: republish
datasets:
  prices: {format: csv, partition_by: [date]}
pipelines:
  load:
    provides: [prices]
    command: 'i=0; while [ $i -lt 100 ]; do echo "$TICKWORK_RUN_ID" > "$TICKWORK_OUTPUT_PRICES/part-$i.csv"; i=$((i+1)); done'
`);
    const h = start(w);
    const request = { targets: ['load'], date: '2025-03-04' };
    const first = await h.run(request);
    const hash = first.tasks.get('load')!.spec.lake!.hash!;
    const dir = path.join(datasetDir(w, 'republish', 'prices'), hash, 'date=2025-03-04');
    const reader = new Worker(READER, { eval: true, workerData: { dir } });
    readers.push(reader);
    const seenRuns = new Set<number>();
    const waiters: Array<() => void> = [];
    let report: ReaderReport | null = null;
    const ended = new Promise<void>((resolve, reject) => {
      reader.on('message', (m: { seen: number } | ReaderReport) => {
        if ('seen' in m) seenRuns.add(m.seen);
        else report = m;
        for (const wake of waiters.splice(0)) wake();
        if (report) resolve();
      });
      reader.once('error', reject);
    });
    /** Resolves once the reader has seen a whole partition of run `id`. */
    const readerSaw = (id: number): Promise<void> => (seenRuns.has(id) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)).then(() => readerSaw(id)));
    await readerSaw(first.run.id);
    // A target always runs: each run re-publishes the same partition (same folder, same cache key) with other bytes.
    const runs = [first];
    for (let i = 0; i < 5; i++) {
      const next = await h.run(request);
      runs.push(next);
      await readerSaw(next.run.id);
    }
    reader.postMessage('stop');
    await ended;
    const seen = report as ReaderReport | null;
    expect(seen!.bad).toEqual([]);
    expect(seen!.runIds).toEqual(runs.map((r) => r.run.id));
    for (const run of runs) expect(run.tasks.get('load')!.state).toBe('succeeded');

    const last = runs.at(-1)!;
    expect(partitions(w, 'republish', 'prices')).toEqual([`${hash}/date=2025-03-04`]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, '_manifest.json'), 'utf8'))).toMatchObject({ runId: last.run.id, hash, cacheKey: last.tasks.get('load')!.specHash, files: 100 });
    expect(fs.readFileSync(path.join(dir, 'part-7.csv'), 'utf8')).toBe(`${last.run.id}\n`);
    // One current row per partition, naming the latest publish; nothing left aside in .staging.
    expect(lakePartitions(h.db, 'prices').map((r) => [r.path, r.runId])).toEqual([[dir, last.run.id]]);
    expect(fs.readdirSync(path.join(w.project, '.tickwork', 'lake', '.staging'))).toEqual([]);
  });

  it('runs a cached producer again when its partition was replaced since by another cache key', async () => {
    const w = tempWorld();
    w.writeProject(`
name: replaced
datasets:
  prices: {format: csv, partition_by: [date]}
pipelines:
  load:
    provides: [prices]
    command: 'echo 1 > "$TICKWORK_OUTPUT_PRICES/p.csv"'
  score:
    depends_on: [load]
    requires: [prices]
    command: 'cat "$TICKWORK_INPUT_PRICES/p.csv"'
`);
    const h = start(w);
    const request = { targets: ['score'], date: '2025-03-04' };
    const first = await h.run(request);
    expect((await h.run(request)).tasks.get('load')!.state).toBe('cached');
    const [dir] = partitions(w, 'replaced', 'prices');
    const manifestFile = path.join(datasetDir(w, 'replaced', 'prices'), dir!, '_manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, cacheKey: 'another-cache-key', runId: 99 }));
    const third = await h.run(request);
    expect(third.tasks.get('load')!.state).toBe('succeeded');
    const note = notesOfRun(h.db, third.run.id).find((n) => n.note === 'outputs_missing');
    expect(note && note.message).toMatch(new RegExp(`^not reused from run ${first.run.id}: .*dataset prices \\(.*date=2025-03-04, replaced by run 99\\)`));
    expect(JSON.parse(fs.readFileSync(manifestFile, 'utf8'))).toMatchObject({ runId: third.run.id, cacheKey: first.tasks.get('load')!.specHash });
  });
});

interface ReaderReport {
  readonly whole: number;
  readonly none: number;
  readonly changed: number;
  readonly runIds: readonly number[];
  readonly bad: readonly string[];
}

/**
 * The reader thread: loops until told to stop, each look reading the
 * manifest, the names, every file, then the manifest again. A look whose two
 * manifests agree must find exactly the manifest's files, each written by the
 * manifest's run; a look that raced a swap (manifests differ) or found no
 * partition (between the renames) counts as such.
 */
const READER = `
const fs = require('node:fs');
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const dir = workerData.dir;
let stop = false;
parentPort.on('message', () => { stop = true; });
const counts = { whole: 0, none: 0, changed: 0, runIds: new Set(), bad: [] };
const manifest = () => JSON.parse(fs.readFileSync(path.join(dir, '_manifest.json'), 'utf8'));
function look() {
  let m1, names, contents, m2;
  try {
    m1 = manifest();
    names = fs.readdirSync(dir).sort();
    contents = names.filter((n) => n !== '_manifest.json').map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
    m2 = manifest();
  } catch (error) {
    if (error.code === 'ENOENT') return void counts.none++;
    throw error;
  }
  if (m1.runId !== m2.runId || m1.contentHash !== m2.contentHash) return void counts.changed++;
  counts.whole++;
  if (!counts.runIds.has(m1.runId)) parentPort.postMessage({ seen: m1.runId });
  counts.runIds.add(m1.runId);
  if (!names.includes('_manifest.json') || names.length !== m1.files + 1) counts.bad.push('run ' + m1.runId + ': ' + names.length + ' names for ' + m1.files + ' files');
  const strangers = contents.filter((c) => c !== m1.runId + '\\n');
  if (strangers.length > 0) counts.bad.push('run ' + m1.runId + ': files of other runs ' + [...new Set(strangers)].join(','));
}
(function loop() {
  const until = Date.now() + 20;
  while (Date.now() < until) look();
  if (stop) parentPort.postMessage({ whole: counts.whole, none: counts.none, changed: counts.changed, runIds: [...counts.runIds], bad: counts.bad.slice(0, 5) });
  else setImmediate(loop);
})();
`;
