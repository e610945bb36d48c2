/**
 * `tickwork lake ls / show / gc` on datasets that real runs published: a
 * parquet dataset written by a Node step through DuckDB, a csv dataset
 * partitioned by date and region written by hand; DuckDB reads them back
 * (real files, real CLI, real store).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

/** The checkout's package.json: the step loads DuckDB through it. */
const REPO_PACKAGE = path.resolve(__dirname, '..', '..', 'package.json');

/** Writes ROWS rows of prices for the run's date as parquet into TICKWORK_OUTPUT_PRICES. */
const WRITE_PRICES = `
import { createRequire } from 'node:module';
const { DuckDBInstance } = createRequire(${JSON.stringify(REPO_PACKAGE)})('@duckdb/node-api');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const file = process.env.TICKWORK_OUTPUT_PRICES + '/part.parquet';
await connection.run(\`COPY (SELECT i AS id, 100 + i * 0.25 AS close, i::BIGINT * 10000000000 AS volume, TIMESTAMP '\${process.env.TICKWORK_DATE} 14:30:00' + INTERVAL (i) MINUTE AS at
  FROM range(\${Number(process.env.ROWS)}) t(i)) TO '\${file}' (FORMAT parquet)\`);
connection.closeSync();
instance.closeSync();
`;

/** A project with a parquet dataset and a csv one (`bid` is the value the quotes step writes, so editing it makes a new version). */
function lakeProject(w: TempWorld, bid = '1.5'): void {
  fs.writeFileSync(w.file('write-prices.mjs'), WRITE_PRICES);
  w.writeProject(`
name: lakecli
partitions:
  region: [US, EU]
datasets:
  prices: {format: parquet, partition_by: [date], description: daily bars}
  quotes: {format: csv, partition_by: [date, region]}
pipelines:
  prices:
    provides: [prices]
    command: [node, write-prices.mjs]
    env: {ROWS: '1000'}
  quotes:
    provides: [quotes]
    command: 'printf "sym,bid\\nA,${bid}\\nB,2.25\\n" > "$TICKWORK_OUTPUT_QUOTES/quotes-{{ partition.region }}.csv"'
`);
}

async function ok(w: TempWorld, args: readonly string[]): Promise<string> {
  const result = await tickwork(w.home, [...args, '--project', w.project]);
  if (result.code !== 0) throw new Error(`tickwork ${args.join(' ')} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

async function json<T>(w: TempWorld, args: readonly string[]): Promise<T> {
  return JSON.parse(await ok(w, [...args, '--json'])) as T;
}

interface Partition {
  dataset: string;
  partitionKey: string;
  partition: Record<string, string>;
  hash: string;
  path: string;
  bytes: number;
  rows: number | null;
  runId: number;
  taskRunId: number;
  present: boolean;
  recorded: boolean;
}
interface Listing {
  project: string;
  datasets: Array<{ name: string; format: string; partitionBy: string[]; producer: string | null; partitions: Partition[] }>;
}
interface Preview {
  partitions: Partition[];
  columns: Array<{ name: string; type: string }>;
  rowCount: number | null;
  rows: Array<Record<string, unknown>>;
}

describe('tickwork lake show', () => {
  it('reads a parquet partition a run published: schema, row count, the first rows as JSON-safe values', async () => {
    const w = tempWorld();
    lakeProject(w);
    await ok(w, ['run', 'prices', '--date', '2025-01-02', '--wait']);
    await ok(w, ['run', 'prices', '--date', '2025-01-03', '--wait']);

    const latest = await json<Preview>(w, ['lake', 'show', 'prices', '--limit', '3']);
    expect(latest.partitions.map((p) => p.partitionKey)).toEqual(['date=2025-01-03']);
    expect(latest.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'close', type: 'DECIMAL(23,2)' },
      { name: 'volume', type: 'BIGINT' },
      { name: 'at', type: 'TIMESTAMP' },
      { name: 'date', type: 'DATE' },
    ]);
    expect(latest.rowCount).toBe(1000);
    expect(latest.rows).toEqual([
      { id: 0, close: 100, volume: 0, at: '2025-01-03T14:30:00.000Z', date: '2025-01-03' },
      { id: 1, close: 100.25, volume: 10000000000, at: '2025-01-03T14:31:00.000Z', date: '2025-01-03' },
      { id: 2, close: 100.5, volume: 20000000000, at: '2025-01-03T14:32:00.000Z', date: '2025-01-03' },
    ]);

    const text = await ok(w, ['lake', 'show', 'prices', '--date', '2025-01-02']);
    expect(text).toMatch(/^prices date=2025-01-02 · parquet · hash [0-9a-f]{12} · run 1 \(task 1\)/);
    expect(text).toContain('schema:\n  COLUMN  TYPE\n  id      BIGINT\n');
    expect(text).toContain('1000 rows (the first 20):\nid  close   volume');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^19\s+104\.75\s+190000000000\s+2025-01-02T14:49:00\.000Z\s+2025-01-02$/);
  });

  it('reads csv partitions hive-partitioned: a date alone reads every region of it, a region narrows to one', async () => {
    const w = tempWorld();
    lakeProject(w);
    await ok(w, ['run', 'quotes', '--date', '2025-01-02', '--wait']); // fans out to US and EU

    const both = await json<Preview>(w, ['lake', 'show', 'quotes', '--date', '2025-01-02']);
    expect(both.partitions.map((p) => p.partitionKey)).toEqual(['date=2025-01-02/region=EU', 'date=2025-01-02/region=US']);
    expect(both.columns.map((c) => `${c.name} ${c.type}`)).toEqual(['sym VARCHAR', 'bid DOUBLE', 'date DATE', 'region VARCHAR']);
    expect(both.rowCount).toBe(4);
    expect(new Set(both.rows.map((r) => `${r.region} ${r.sym} ${r.bid}`))).toEqual(new Set(['US A 1.5', 'US B 2.25', 'EU A 1.5', 'EU B 2.25']));

    const eu = await json<Preview>(w, ['lake', 'show', 'quotes', '--partition', 'region=EU', '--date', '2025-01-02']);
    expect(eu.rowCount).toBe(2);
    expect(eu.rows.every((r) => r.region === 'EU' && r.date === '2025-01-02')).toBe(true);
  });

  it('exits 2 with a clear message for an unknown dataset, a key it is not partitioned by, and no matching partition', async () => {
    const w = tempWorld();
    lakeProject(w);
    await ok(w, ['run', 'prices', '--date', '2025-01-02', '--wait']);
    const run = (args: string[]) => tickwork(w.home, ['lake', ...args, '--project', w.project]);

    const typo = await run(['show', 'pricez']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('tickwork lake show: no dataset pricez in project lakecli; did you mean prices? (datasets: prices, quotes)\n');

    const noKey = await run(['show', 'prices', '--partition', 'region=US']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toBe('tickwork lake show: dataset prices is not partitioned by region (partition_by: [date])\n');

    const noDate = await run(['show', 'prices', '--date', '2030-01-01']);
    expect(noDate.code).toBe(2);
    expect(noDate.stderr).toBe('tickwork lake show: no published partition of prices matches date=2030-01-01 (published: date=2025-01-02)\n');

    const never = await run(['show', 'quotes']);
    expect(never.code).toBe(2);
    expect(never.stderr).toBe('tickwork lake show: dataset quotes has no published partition yet (tickwork run quotes publishes one)\n');

    const lsTypo = await run(['ls', 'quote']);
    expect(lsTypo.code).toBe(2);
    expect(lsTypo.stderr).toContain('no dataset quote in project lakecli; did you mean quotes?');
  });
});

describe('tickwork lake ls', () => {
  it('lists every dataset with its partitions: hash, bytes, rows, producing run and task', async () => {
    const w = tempWorld();
    lakeProject(w);
    await ok(w, ['run', 'prices', '--date', '2025-01-02', '--wait']);

    const listing = await json<Listing>(w, ['lake', 'ls']);
    expect(listing.project).toBe('lakecli');
    expect(listing.datasets.map((d) => [d.name, d.format, d.partitionBy, d.producer, d.partitions.length])).toEqual([
      ['prices', 'parquet', ['date'], 'prices', 1],
      ['quotes', 'csv', ['date', 'region'], 'quotes', 0],
    ]);
    const [prices] = listing.datasets[0]!.partitions;
    const manifest = JSON.parse(fs.readFileSync(path.join(prices!.path, '_manifest.json'), 'utf8')) as { hash: string; bytes: number; rows: number };
    expect(prices).toMatchObject({ dataset: 'prices', partitionKey: 'date=2025-01-02', partition: { date: '2025-01-02' }, hash: manifest.hash, bytes: manifest.bytes, rows: 1000, runId: 1, taskRunId: 1, present: true, recorded: true });
    expect(prices!.path.startsWith(path.join(w.project, '.tickwork', 'lake', 'lakecli') + path.sep)).toBe(true);

    const only = await json<Listing>(w, ['lake', 'ls', 'quotes']);
    expect(only.datasets.map((d) => d.name)).toEqual(['quotes']);

    const text = await ok(w, ['lake', 'ls']);
    expect(text).toContain('DATASET  PARTITION        HASH          BYTES');
    expect(text).toMatch(new RegExp(`prices\\s+date=2025-01-02\\s+${manifest.hash.slice(0, 12)}\\s+\\S+ KB\\s+1000\\s+1\\s+1\\s+\\d{4}-`));
    expect(text).toMatch(/quotes\s+-.*never \(csv; tickwork run quotes publishes it\)/);
  });
});

describe('tickwork lake gc', () => {
  it('lists what it would remove and removes it only with --apply, never a version the latest success of a partition uses', async () => {
    const w = tempWorld();
    const D1 = '2025-01-02';
    const D2 = '2025-01-03';
    // Version A of both dates, then B and C of D1, then A again for D1: its latest success uses A, the oldest version.
    lakeProject(w, '1');
    await ok(w, ['run', 'quotes', '--date', D1, '--partition', 'region=US', '--wait']);
    await ok(w, ['run', 'quotes', '--date', D2, '--partition', 'region=US', '--wait']);
    lakeProject(w, '2');
    await ok(w, ['run', 'quotes', '--date', D1, '--partition', 'region=US', '--wait']);
    lakeProject(w, '3');
    await ok(w, ['run', 'quotes', '--date', D1, '--partition', 'region=US', '--wait']);
    lakeProject(w, '1');
    await ok(w, ['run', 'quotes', '--date', D1, '--partition', 'region=US', '--wait']);

    const before = (await json<Listing>(w, ['lake', 'ls', 'quotes'])).datasets[0]!.partitions;
    const d1 = before.filter((p) => p.partition.date === D1);
    expect(d1).toHaveLength(3);
    const [versionC, versionB, versionA] = d1; // newest first
    expect(before.filter((p) => p.partition.date === D2).map((p) => p.hash)).toEqual([versionA!.hash]);

    // A stale staging directory of an attempt of this home that is over (run 1's, which succeeded).
    const tag = crypto.createHash('sha256').update(path.resolve(w.home)).digest('hex').slice(0, 8);
    const stale = path.join(w.project, '.tickwork', 'lake', '.staging', `1-1-1-quotes-${tag}`);
    fs.mkdirSync(stale, { recursive: true });
    fs.writeFileSync(path.join(stale, 'half.csv'), 'sym,bid\n');

    interface Gc { remove: Partition[]; forget: Partition[]; leftovers: Array<{ path: string }>; kept: { inUse: number; unrecorded: number }; result: { removed: number } | null }
    const dry = await json<Gc>(w, ['lake', 'gc']);
    expect(dry.remove.map((p) => p.path)).toEqual([versionB!.path]);
    expect(dry.kept).toEqual({ inUse: 1, unrecorded: 0 });
    expect(dry.leftovers.map((l) => l.path)).toEqual([stale]);
    expect(dry.result).toBeNull();
    const dryText = await ok(w, ['lake', 'gc']);
    expect(dryText).toContain(`would remove 1 partition (`);
    expect(dryText).toContain(versionB!.path);
    expect(dryText).toContain('kept: 1 older version in use by a latest result');
    expect(dryText).toContain('a dry run: nothing was deleted; tickwork lake gc --apply deletes it');
    expect(fs.existsSync(versionB!.path)).toBe(true);
    expect(fs.existsSync(stale)).toBe(true);

    const keepAll = await json<Gc>(w, ['lake', 'gc', '--keep', '3']);
    expect(keepAll.remove).toEqual([]);

    const applied = await json<Gc>(w, ['lake', 'gc', '--apply']);
    expect(applied.result).toMatchObject({ removed: 1 });
    expect(fs.existsSync(versionB!.path)).toBe(false);
    expect(fs.existsSync(stale)).toBe(false);
    for (const kept of [versionA!, versionC!]) expect(fs.existsSync(path.join(kept.path, '_manifest.json'))).toBe(true);
    const after = (await json<Listing>(w, ['lake', 'ls', 'quotes'])).datasets[0]!.partitions;
    expect(after.map((p) => p.path).sort()).toEqual(before.filter((p) => p.path !== versionB!.path).map((p) => p.path).sort());
    expect(after.every((p) => p.present && p.recorded)).toBe(true);

    // The version the latest success uses is still read by the run that follows.
    expect(await ok(w, ['run', 'quotes', '--date', D1, '--partition', 'region=US', '--wait'])).toContain('succeeded');
    expect((await json<{ remove: unknown[] }>(w, ['lake', 'gc'])).remove).toEqual([]);
  });

  it('forgets a row whose directory went, which lake show never reads, and clears what a crashed gc left in .trash', async () => {
    const w = tempWorld();
    lakeProject(w);
    await ok(w, ['run', 'quotes', '--date', '2025-01-02', '--partition', 'region=US', '--wait']);
    const [published] = (await json<Listing>(w, ['lake', 'ls', 'quotes'])).datasets[0]!.partitions;
    fs.rmSync(published!.path, { recursive: true });
    const trash = path.join(w.project, '.tickwork', 'lake', '.trash', '1700000000000-deadbeef');
    fs.mkdirSync(trash, { recursive: true });
    fs.writeFileSync(path.join(trash, 'quotes-US.csv'), 'sym,bid\n');

    const [gone] = (await json<Listing>(w, ['lake', 'ls', 'quotes'])).datasets[0]!.partitions;
    expect(gone).toMatchObject({ path: published!.path, present: false, recorded: true });
    expect(await ok(w, ['lake', 'ls', 'quotes'])).toContain('(directory gone)');
    const show = await tickwork(w.home, ['lake', 'show', 'quotes', '--project', w.project]);
    expect([show.code, show.stderr]).toEqual([2, 'tickwork lake show: dataset quotes has no published partition yet (tickwork run quotes publishes one)\n']);

    const dry = await json<{ forget: Partition[]; leftovers: Array<{ path: string; bytes: number }> }>(w, ['lake', 'gc']);
    expect(dry.forget.map((p) => p.path)).toEqual([published!.path]);
    expect(dry.leftovers).toEqual([{ path: trash, bytes: 8 }]);
    await ok(w, ['lake', 'gc', '--apply']);
    expect((await json<Listing>(w, ['lake', 'ls', 'quotes'])).datasets[0]!.partitions).toEqual([]);
    expect(fs.existsSync(trash)).toBe(false);
  });
});
