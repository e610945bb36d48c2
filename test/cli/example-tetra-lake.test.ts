/**
 * The bundled example (examples/tetra) end to end: `run full` publishes every
 * declared dataset as parquet into the project's lake, a second home's run of
 * the same inputs finds the same bytes there, an edited step (its `code:`)
 * re-runs it and its downstream only, and the strategy step writes its sweep
 * metrics to TICKWORK_METRICS_FILE, also as trials of `tickwork sweep`. The example is copied into a
 * temp project (so nothing lands in the checkout) with node_modules linked,
 * which is how its steps find @duckdb/node-api when run from the repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

const REPO = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(REPO, 'examples', 'tetra');
const DATE = '2024-06-28';

/** The example's tickwork.yaml and steps/ in w.project, with the repository's node_modules linked in. */
function copyExample(w: TempWorld): void {
  fs.copyFileSync(path.join(EXAMPLE, 'tickwork.yaml'), w.file('tickwork.yaml'));
  fs.cpSync(path.join(EXAMPLE, 'steps'), w.file('steps'), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'node_modules'), w.file('node_modules'), 'dir');
}

/** The published partitions of `dataset` for DATE, one per hash directory (whatever the hashes are). */
function partitionsOf(w: TempWorld, dataset: string): string[] {
  const dir = w.file(path.join('.tickwork', 'lake', 'tetra', 'all', dataset));
  return fs.readdirSync(dir).map((h) => path.join(dir, h, `date=${DATE}`)).filter((p) => fs.existsSync(p));
}

/** The one published partition of `dataset` for DATE. */
function partitionOf(w: TempWorld, dataset: string): string {
  const found = partitionsOf(w, dataset);
  expect(found, dataset).toHaveLength(1);
  return found[0]!;
}

interface ManifestSeen {
  readonly contentHash: string;
  readonly rows: number | null;
}

const manifestOf = (dir: string): ManifestSeen => JSON.parse(fs.readFileSync(path.join(dir, '_manifest.json'), 'utf8')) as ManifestSeen;

async function query(sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

const PARQUET = ['market_data', 'economic_data', 'scenario_definitions', 'scenario_timeseries', 'technical_indicators', 'statistical_metrics', 'backtest_results', 'strategy_rankings'];

describe('examples/tetra', () => {
  it('publishes its datasets as parquet into the lake, the same bytes from a second home', async () => {
    const w = tempWorld();
    copyExample(w);
    const first = await tickwork(w.home, ['run', 'full', '--project', w.project, '--wait', '--date', DATE]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);

    const market = partitionOf(w, 'market_data');
    expect(fs.readdirSync(market).sort()).toEqual(['_manifest.json', 'prices.parquet']);
    expect(manifestOf(market).rows).toBe(5040);
    const prices = await query(`SELECT count(*)::INTEGER AS n, count(DISTINCT ticker)::INTEGER AS tickers, max(trade_date)::VARCHAR AS last FROM read_parquet('${market}/prices.parquet')`);
    expect(prices).toEqual([{ n: 5040, tickers: 10, last: DATE }]);
    // The hive level is the run's date, read back as a column of the whole dataset.
    const root = path.dirname(market);
    const hive = await query(`SELECT DISTINCT date::VARCHAR AS date FROM read_parquet('${root}/*/prices.parquet', hive_partitioning = true)`);
    expect(hive).toEqual([{ date: DATE }]);

    const manifests = new Map(PARQUET.map((name) => [name, manifestOf(partitionOf(w, name))]));
    for (const [name, m] of manifests) expect(m.rows, name).toBeGreaterThan(0);
    const ranks = await query(`SELECT rank, strategy FROM read_parquet('${partitionOf(w, 'strategy_rankings')}/rankings.parquet') ORDER BY rank`);
    expect(ranks.map((r) => r.strategy).sort()).toEqual(['buy_and_hold', 'mean_reversion', 'momentum']);
    expect(fs.readFileSync(path.join(partitionOf(w, 'reports'), 'report.md'), 'utf8')).toContain(`# Tetra assessment — ${DATE}`);

    // Another home runs the same inputs (its cache key may differ: the passed-through TETRA_FLAKY enters it keyed per home) and writes the same bytes.
    const home2 = path.join(w.root, 'home2');
    const second = await tickwork(home2, ['run', 'full', '--project', w.project, '--wait', '--date', DATE]);
    expect(second.code).toBe(0);
    for (const [name, m] of manifests) {
      for (const dir of partitionsOf(w, name)) expect({ ...manifestOf(dir), name }).toMatchObject({ name, contentHash: m.contentHash, rows: m.rows });
    }

    // code: an edited scenarios.mjs re-runs scenarios and what reads it; data, untouched, is reused (from the home that published last).
    fs.appendFileSync(w.file('steps/scenarios.mjs'), '// edited\n');
    const edited = await tickwork(home2, ['run', 'assessment', '--project', w.project, '--wait', '--date', DATE]);
    expect(edited.code).toBe(0);
    expect(edited.stdout).toMatch(/= data reused: same inputs as run 1/);
    expect(edited.stdout).toMatch(/scenarios: runs: code file steps\/scenarios\.mjs changed/);
    expect(edited.stdout).toMatch(/✓ metrics/);
  }, 120_000);

  it('writes the strategy metrics to TICKWORK_METRICS_FILE, and names the producer of a missing input', async () => {
    const w = tempWorld();
    copyExample(w);
    const data = await tickwork(w.home, ['run', 'data', '--project', w.project, '--wait', '--date', DATE]);
    expect(data.code).toBe(0);
    const metricsFile = path.join(w.root, 'metrics.json');
    const env = { ...process.env, TICKWORK_RUN_ID: '1', TICKWORK_INPUT_MARKET_DATA: partitionOf(w, 'market_data'), TICKWORK_METRICS_FILE: metricsFile };
    const args = ['steps/strategy.mjs', '--date', DATE, '--window', '20', '--threshold', '0.01'];
    const trial = spawnSync(process.execPath, args, { cwd: w.project, env, encoding: 'utf8' });
    expect(trial.stderr).toBe('');
    expect(trial.status).toBe(0);
    const metrics = JSON.parse(fs.readFileSync(metricsFile, 'utf8')) as Record<string, number>;
    const metricsOfWindow20 = (): number => metrics.sharpe!;
    expect(Number.isFinite(metrics.sharpe)).toBe(true);
    expect(Number.isFinite(metrics.total_return)).toBe(true);
    // Another window trades differently.
    const other = spawnSync(process.execPath, ['steps/strategy.mjs', '--date', DATE, '--window', '100', '--threshold', '0'], { cwd: w.project, env, encoding: 'utf8' });
    expect(other.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(metricsFile, 'utf8'))).not.toEqual(metrics);

    // The same step as sweep trials: data is reused, each trial's metrics land in the results table.
    const sweep = await tickwork(w.home, ['sweep', 'strategy', '--grid', 'window=20,100', '--collect', 'sharpe,total_return', '--sort=-sharpe', '--project', w.project, '--date', DATE]);
    expect(sweep.code).toBe(0);
    const table = await query(`SELECT "window"::VARCHAR AS "window", sharpe, state FROM read_parquet('${w.file('.tickwork/lake/tetra/sweeps/strategy/results.parquet')}') ORDER BY "window"`);
    expect(table.map((r) => [r.window, r.state])).toEqual([['100', 'succeeded'], ['20', 'succeeded']]);
    expect(table.find((r) => r.window === '20')!.sharpe).toBeCloseTo(metricsOfWindow20(), 9);

    const { TICKWORK_INPUT_MARKET_DATA: _published, ...without } = env;
    const missing = spawnSync(process.execPath, args, { cwd: w.project, env: without, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`MissingUpstreamError: strategy requires market_data for ${DATE}, but TICKWORK_INPUT_MARKET_DATA is not set (nothing published yet); run the "data" pipeline for ${DATE} first\n`);
  }, 60_000);
});
