/**
 * `tickwork sweep` end to end with real processes, a real store and real
 * DuckDB: the shared upstream runs once across every trial, a re-run after a
 * grid value was added runs only that trial, a failing trial leaves the
 * others complete (exit 1), the results table is CSV and parquet under the
 * lake, ad-hoc sweeps take --grid lists and ranges, usage errors exit 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { readLines, tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

// prices ignores the swept params (one cache key for all trials); backtest uses both and writes its metrics.
const TRIAL = `#!/bin/sh
echo "$1 $2" >> trials.log
[ "$1" = 99 ] && { echo "window 99 is rejected" >&2; exit 1; }
printf '{"sharpe": %s, "total_return": %s, "note": "w%s"}\\n' "$(( $1 * $2 ))" "$2" "$1" > "$TICKWORK_METRICS_FILE"
`;

function project(w: TempWorld, windows: string): void {
  fs.writeFileSync(w.file('trial.sh'), TRIAL);
  w.writeProject(`
name: sweepy
params: {window: 20, alpha: 1, unused: x}
pipelines:
  prices:
    command: ["sh", "-c", "echo ran >> upstream.count"]
  backtest:
    depends_on: [prices]
    command: ["sh", "trial.sh", "{{ params.window }}", "{{ params.alpha }}"]
sweeps:
  ma:
    pipeline: backtest
    grid: {window: [${windows}], alpha: {range: [1, 3, 1]}}
    collect: [sharpe, total_return]
    sort: -sharpe
    parallel: 3
`);
}

const resultsDir = (w: TempWorld, name: string): string => path.join(w.project, '.tickwork', 'lake', 'sweepy', 'sweeps', name);

async function parquetRows(file: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}') ORDER BY trial`);
    // Numbers stay numbers in the parquet file (BIGINT arrives as bigint here).
    return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  } finally {
    connection.closeSync();
  }
}

describe('tickwork sweep', () => {
  it('runs the shared upstream once, every trial with its params, and writes the sorted results table as CSV and parquet', async () => {
    const w = tempWorld();
    project(w, '10, 20, 99');
    const out = await tickwork(w.home, ['sweep', 'ma', '--date', '2025-03-03', '--project', w.project]);
    // One trial failing (window 99) leaves the other four complete, and the command exits 1.
    expect(out.code).toBe(1);
    expect(readLines(w.file('upstream.count'))).toEqual(['ran']);
    expect(readLines(w.file('trials.log')).sort()).toEqual(['10 1', '10 2', '20 1', '20 2', '99 1', '99 2']);
    expect(out.stdout).toContain('sweep ma: 6 trials: 4 succeeded, 0 reused, 2 failed; results in ');

    const csv = fs.readFileSync(path.join(resultsDir(w, 'ma'), 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('trial,window,alpha,sharpe,total_return,state,reused,duration_ms,run_id,task_run_id,reason');
    // Sorted by -sharpe; the failed trials (no sharpe) last, in grid order.
    const cells = csv.slice(1).map((line) => line.split(','));
    expect(cells.map((c) => [c[1], c[2], c[3], c[4], c[5]])).toEqual([
      ['20', '2', '40', '2', 'succeeded'],
      ['10', '2', '20', '2', 'succeeded'], // a tie keeps grid order
      ['20', '1', '20', '1', 'succeeded'],
      ['10', '1', '10', '1', 'succeeded'],
      ['99', '1', '', '', 'failed'],
      ['99', '2', '', '', 'failed'],
    ]);
    expect(cells[4]![10]).toBe('backtest: exit code 1');
    // Each trial is its own run (trigger sweep), and the table names it.
    const runs = JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout) as Array<{ id: number; trigger: string; params: Record<string, string>; state: string }>;
    expect(runs).toHaveLength(6);
    expect(new Set(runs.map((r) => r.trigger))).toEqual(new Set(['sweep']));
    for (const c of cells) {
      const run = runs.find((r) => r.id === Number(c[8]))!;
      expect([run.params.window, run.params.alpha, run.state]).toEqual([c[1], c[2], c[5]]);
    }

    const rows = await parquetRows(path.join(resultsDir(w, 'ma'), 'results.parquet'));
    expect(rows.map((r) => [r.trial, r.window, r.alpha, r.sharpe, r.state])).toEqual([
      [1, 10, 1, 10, 'succeeded'],
      [2, 10, 2, 20, 'succeeded'],
      [3, 20, 1, 20, 'succeeded'],
      [4, 20, 2, 40, 'succeeded'],
      [5, 99, 1, null, 'failed'],
      [6, 99, 2, null, 'failed'],
    ]);
    // The printed table is sorted like the files.
    const table = out.stdout.split('\n').filter((line) => /^\d+ /.test(line));
    expect(table.map((line) => line.split(/\s+/).slice(1, 4))).toEqual([
      ['20', '2', '40'],
      ['10', '2', '20'],
      ['20', '1', '20'],
      ['10', '1', '10'],
      ['99', '1', 'failed'],
      ['99', '2', 'failed'],
    ]);
  });

  it('runs only the trial a re-run adds, keeping the earlier rows with their metrics', async () => {
    const w = tempWorld();
    project(w, '10, 20');
    const first = await tickwork(w.home, ['sweep', 'ma', '--date', '2025-03-03', '--project', w.project]);
    expect(first.code).toBe(0);
    expect(readLines(w.file('trials.log'))).toHaveLength(4);
    project(w, '10, 20, 30');
    const second = await tickwork(w.home, ['sweep', 'ma', '--date', '2025-03-03', '--project', w.project]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('sweep ma: 6 trials: 2 succeeded, 4 reused; results in ');
    // Only window 30's two trials ran; the upstream ran once in all.
    expect(readLines(w.file('trials.log')).slice(4).sort()).toEqual(['30 1', '30 2']);
    expect(readLines(w.file('upstream.count'))).toEqual(['ran']);
    const csv = fs.readFileSync(path.join(resultsDir(w, 'ma'), 'results.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(csv.map((c) => [c[1], c[2], c[3], c[5], c[6]])).toEqual([
      ['30', '2', '60', 'succeeded', 'false'],
      ['20', '2', '40', 'succeeded', 'true'],
      ['30', '1', '30', 'succeeded', 'false'],
      ['10', '2', '20', 'succeeded', 'true'],
      ['20', '1', '20', 'succeeded', 'true'],
      ['10', '1', '10', 'succeeded', 'true'],
    ]);
    const runs = JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout) as unknown[];
    expect(runs).toHaveLength(6); // 4 + 2: nothing ran again for the unchanged trials
  });

  it('sweeps a pipeline ad hoc from --grid lists and ranges, with --collect and --sort', async () => {
    const w = tempWorld();
    project(w, '1');
    const out = await tickwork(w.home, ['sweep', 'backtest', '--grid', 'window=3,5', '--grid', 'alpha=1:4:2', '--collect', 'sharpe,note', '--sort', 'sharpe', '--name', 'quick', '--date', '2025-03-03', '--json', '--project', w.project]);
    expect(out.code).toBe(0);
    const answer = JSON.parse(out.stdout) as { name: string; state: string; trials: Array<{ params: Record<string, string>; metrics: Record<string, unknown> }> };
    expect(answer.name).toBe('quick');
    expect(answer.state).toBe('succeeded');
    expect(answer.trials.map((t) => [t.params.window, t.params.alpha, t.metrics.sharpe, t.metrics.note])).toEqual([
      ['3', '1', 3, 'w3'],
      ['5', '1', 5, 'w5'],
      ['3', '3', 9, 'w3'],
      ['5', '3', 15, 'w5'],
    ]);
    expect(fs.readFileSync(path.join(resultsDir(w, 'quick'), 'results.csv'), 'utf8').split('\n')[0]).toBe('trial,window,alpha,sharpe,note,state,reused,duration_ms,run_id,task_run_id,reason');
  });

  it('exits 2 for a sweep or param it does not know and for a sort it does not collect', async () => {
    const w = tempWorld();
    project(w, '1');
    const args = ['--project', w.project];
    const unknownSweep = await tickwork(w.home, ['sweep', 'mb', ...args]);
    expect([unknownSweep.code, unknownSweep.stderr]).toEqual([2, 'tickwork sweep: no sweep named mb; the declared sweeps are: ma\n']);
    const unknownParam = await tickwork(w.home, ['sweep', 'backtest', '--grid', 'windw=1,2', ...args]);
    expect(unknownParam.code).toBe(2);
    expect(unknownParam.stderr).toContain('tickwork sweep: --grid windw: unknown param; did you mean "window"?');
    const badSort = await tickwork(w.home, ['sweep', 'backtest', '--grid', 'window=1,2', '--sort=-sharpe', ...args]);
    expect(badSort.code).toBe(2);
    expect(badSort.stderr).toContain('tickwork sweep: --sort -sharpe: sharpe is not collected; add --collect sharpe');
    const badRange = await tickwork(w.home, ['sweep', 'backtest', '--grid', 'window=5:1', ...args]);
    expect(badRange.code).toBe(2);
    expect(badRange.stderr).toContain('--grid window: range 5 to 1 by 1 is empty');
    expect(fs.existsSync(w.file('trials.log'))).toBe(false);
  });

  it('exits 2 with file:line:col for an invalid sweeps: section', async () => {
    const w = tempWorld();
    project(w, '1');
    fs.appendFileSync(w.file('tickwork.yaml'), '  bad:\n    pipeline: backtset\n    grid: {alpha: {range: [1, 1, 1]}}\n');
    const out = await tickwork(w.home, ['sweep', 'ma', '--project', w.project], { cwd: w.project });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('tickwork.yaml:17:15: sweeps.bad.pipeline: unknown pipeline "backtset"; did you mean "backtest"?');
    expect(out.stderr).toContain('tickwork.yaml:18:27: sweeps.bad.grid.alpha.range: range 1 to 1 by 1 is empty (stop is excluded; a step toward stop is needed)');
  });
});
