import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetRows } from '../../../electron/engine/lake/parquet-rows.js';
import { describeContent } from '../../../electron/engine/lake/manifest.js';

describe('a manifest’s row counts and content hash', () => {
  it('reads num_rows from the footers of parquet files DuckDB wrote, and sums them over a partition', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-parquet-'));
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`COPY (SELECT range AS i, 'x' || range AS s, range * 1.5 AS f FROM range(123457)) TO '${path.join(dir, 'a.parquet')}' (FORMAT parquet)`);
    await conn.run(`COPY (SELECT 1 AS only) TO '${path.join(dir, 'b.parquet')}' (FORMAT parquet)`);
    conn.closeSync();
    expect(parquetRows(path.join(dir, 'a.parquet'))).toBe(123457);
    expect(parquetRows(path.join(dir, 'b.parquet'))).toBe(1);
    expect(describeContent(dir, 'parquet')).toMatchObject({ files: 2, rows: 123458 });
    fs.writeFileSync(path.join(dir, 'not.parquet'), 'hello world, not PAR1');
    expect(parquetRows(path.join(dir, 'not.parquet'))).toBeNull();
  });

  it('counts csv rows without the header and JSON lines without blank lines; the hash changes with any byte or name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-rows-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'a.csv'), 'h\n1\n2\n');
    fs.writeFileSync(path.join(dir, 'sub', 'b.csv'), 'h\n3'); // no final newline
    expect(describeContent(dir, 'csv')).toMatchObject({ files: 2, bytes: 9, rows: 3 });
    const before = describeContent(dir, 'csv').contentHash;
    fs.writeFileSync(path.join(dir, 'sub', 'b.csv'), 'h\n4');
    expect(describeContent(dir, 'csv').contentHash).not.toBe(before);
    fs.renameSync(path.join(dir, 'sub', 'b.csv'), path.join(dir, 'sub', 'c.csv'));
    expect(describeContent(dir, 'csv').contentHash).not.toBe(before);

    const json = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-jsonl-'));
    fs.writeFileSync(path.join(json, 'x.jsonl'), '{"a":1}\n\n{"a":2}\n{"a":3}');
    expect(describeContent(json, 'json').rows).toBe(3);
    expect(describeContent(json, 'dir').rows).toBeNull();
  });
});
