// The lake section (issue #14's targets), median of several runs each:
//   publish  a 1 GB output: publishStaged (the rename) ≤ 50 ms; stageOutput
//            (hashing the gigabyte, writing the manifest) shown beside it
//   show     `tickwork lake show` of a 1M-row parquet partition ≤ 200 ms,
//            beside a fresh process and an in-process DuckDB reading the same
//   sweep    100 trials over one shared upstream: `tickwork sweep` (live, the
//            default mode) ≤ 1.3× a bare `xargs -P 2`, Snakemake's Paramspace
//            ≥ 10× Tickwork; `--mode local` shown beside; and how each grows
//            from 10 to 100 trials
//   modes    the engine's own CPU on the 1000-task DAG, --mode local ≤ 60% of live
// A part whose command is not built yet prints n/a and why, and the
// section's verdict is then INCOMPLETE rather than a failure.
//
//   node bench/run-bench.mjs --only lake[,publish,show,sweep,modes]
//   env: BENCH_LAKE_ITER (rounds of the sweep and modes parts, default 3)
import fs from 'node:fs';
import path from 'node:path';
import { measurePublish } from './lake-publish.mjs';
import { measureShow, SHOW_ROWS } from './lake-show.mjs';
import { measureSweep, pairedRatio, SWEEP_SIZES } from './lake-sweep.mjs';
import { measureModes } from './lake-modes.mjs';
import { BenchError } from './daemon.mjs';
import { formatTable, median } from './measure.mjs';

/** Targets from issue #14. */
export const LAKE_TARGETS = { publishMs: 50, showMs: 200, sweepOverXargs: 1.3, snakemakeOverSweep: 10, localOverLiveCpu: 0.6 };

/** The parts, in the order they run. */
export const LAKE_PARTS = ['publish', 'show', 'sweep', 'modes'];

/** Iterations per part for a full and a --quick run. */
function lakeConfig(quick) {
  const rounds = Number(process.env.BENCH_LAKE_ITER ?? (quick ? 1 : 3));
  if (!Number.isInteger(rounds) || rounds < 1) throw new BenchError('BENCH_LAKE_ITER must be a positive integer');
  return { publish: quick ? 3 : 5, show: quick ? 3 : 5, sweep: rounds, modes: rounds };
}

const out = (text) => process.stdout.write(text);
const msText = (x, digits = 0) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(digits)} ms`);
const sText = (x) => (x === null || x === undefined ? 'n/a' : `${(x / 1000).toFixed(3)} s`);
const times = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(2)}×`);

/** One target row: [figure, measured, target, verdict], and whether it was measured / met. */
function check(figure, value, text, target, ok, why) {
  if (value === null || value === undefined) return { row: [figure, why ? `n/a (${why})` : 'n/a', target, 'not measured'], measured: false, pass: null };
  const pass = ok(value);
  return { row: [figure, text, target, pass ? 'ok' : 'MISSED'], measured: true, pass };
}

/**
 * Runs the lake section's `parts` and prints its tables. Resolves with
 * {result: PASS | MISS | INCOMPLETE}; throws BenchError when a contender fails.
 */
export async function runLake({ root, workDir, quick, trash, parts = LAKE_PARTS }) {
  const config = lakeConfig(quick);
  out(`Lake section: ${parts.join(', ')} (publish ×${config.publish}, show ×${config.show}, sweep and modes ${config.sweep} round${config.sweep === 1 ? '' : 's'}); workspace ${workDir}/\n`);
  const ctx = { root, workDir, trash, log: out };
  const publish = parts.includes('publish') ? await measurePublish({ ...ctx, iterations: config.publish }) : null;
  const show = parts.includes('show') ? await measureShow({ ...ctx, iterations: config.show }) : null;
  const sweep = parts.includes('sweep') ? await measureSweep({ ...ctx, iterations: config.sweep }) : null;
  const modes = parts.includes('modes') ? await measureModes({ ...ctx, iterations: config.modes }) : null;

  const checks = [];
  const info = [];
  if (publish) {
    checks.push(check('publish 1 GB: publishStaged (the rename)', publish.renameMs, msText(publish.renameMs, 2), `≤ ${LAKE_TARGETS.publishMs} ms`, (x) => x <= LAKE_TARGETS.publishMs));
    info.push(['publish 1 GB: stageOutput (SHA-256 of 1 GB + manifest)', msText(publish.stageMs), `${((publish.bytes / 2 ** 20 / publish.stageMs) * 1000).toFixed(0)} MB/s`]);
  }
  if (show) {
    checks.push(check(`lake show, ${SHOW_ROWS.toLocaleString('en')}-row parquet partition (wall)`, show.cliMs, msText(show.cliMs), `≤ ${LAKE_TARGETS.showMs} ms`, (x) => x <= LAKE_TARGETS.showMs, 'tickwork lake show not built yet'));
    info.push(['  a fresh Node process: load DuckDB, schema + count + 20 rows', msText(show.processMs), '']);
    info.push(['  in-process: new DuckDB instance, schema + count + 20 rows', msText(show.inProcessMs), `${(show.bytes / 1e6).toFixed(1)} MB parquet`]);
  }
  if (sweep) {
    const big = SWEEP_SIZES.at(-1);
    const med = (id, n = big) => sweep.medians[id]?.[n] ?? null;
    const tickwork = med('tickwork');
    const snakemake = med('snakemake');
    checks.push(check(`sweep ${big} trials: tickwork sweep (live) ÷ xargs -P 2 (paired)`, pairedRatio(sweep.times, 'tickwork', 'xargs', big), times(pairedRatio(sweep.times, 'tickwork', 'xargs', big)), `≤ ${LAKE_TARGETS.sweepOverXargs}×`, (x) => x <= LAKE_TARGETS.sweepOverXargs, sweep.skipped.tickwork));
    const snakeRatio = tickwork && snakemake ? snakemake / tickwork : null;
    checks.push(check(`sweep ${big} trials: Snakemake Paramspace ÷ tickwork sweep (live)`, snakeRatio, times(snakeRatio), `≥ ${LAKE_TARGETS.snakemakeOverSweep}×`, (x) => x >= LAKE_TARGETS.snakemakeOverSweep, sweep.skipped.snakemake ?? sweep.skipped.tickwork));
    const local = pairedRatio(sweep.times, 'tickwork-local', 'xargs', big);
    info.push([`sweep ${big} trials: tickwork sweep --mode local ÷ xargs -P 2 (paired)`, sweep.skipped['tickwork-local'] ? `n/a (${sweep.skipped['tickwork-local']})` : times(local), '']);
    for (const id of ['tickwork', 'tickwork-local', 'xargs', 'snakemake']) {
      const label = { tickwork: 'tickwork sweep (live)', 'tickwork-local': 'tickwork sweep --mode local', xargs: 'xargs -P 2', snakemake: 'snakemake -j2 Paramspace' }[id];
      if (sweep.skipped[id]) {
        info.push([`sweep: ${label}`, `n/a (${sweep.skipped[id]})`, '']);
        continue;
      }
      const [small, large] = SWEEP_SIZES.map((n) => med(id, n));
      const growth = (large - small) / (SWEEP_SIZES[1] - SWEEP_SIZES[0]);
      info.push([`sweep: ${label}, ${SWEEP_SIZES[0]} → ${big} trials`, `${sText(small)} → ${sText(large)}`, `+${growth.toFixed(1)} ms per added trial`]);
    }
    if (!sweep.skipped.snakemake && !sweep.skipped.tickwork) info.push(['  (Snakemake runs after the others: it deletes its marker files; ratio of medians)', '', '']);
  }
  if (modes) {
    const ratio = modes.skipped ? null : pairedCpu(modes.cpu);
    checks.push(check('engine CPU, 1000-task DAG: --mode local ÷ live (paired)', ratio, ratio === null ? 'n/a' : `${(ratio * 100).toFixed(0)}%`, `≤ ${LAKE_TARGETS.localOverLiveCpu * 100}%`, (x) => x <= LAKE_TARGETS.localOverLiveCpu, modes.skipped));
    if (!modes.skipped) {
      info.push(['engine CPU, 1000-task DAG: live / local', `${msText(modes.cpuMs.live)} / ${msText(modes.cpuMs.local)}`, `wall ${sText(median(modes.wall.live))} / ${sText(median(modes.wall.local))}`]);
    }
  }

  out(`\n${formatTable(['target', 'measured (median)', 'target', 'verdict'], checks.map((c) => c.row))}\n\n`);
  if (info.length) out(`${formatTable(['figure', 'measured (median)', 'note'], info)}\n\n`);
  const measured = checks.filter((c) => c.measured);
  const result = measured.some((c) => !c.pass) ? 'MISS' : measured.length === checks.length ? 'PASS' : 'INCOMPLETE';
  out(`lake: ${result} (${measured.filter((c) => c.pass).length} of ${checks.length} targets met${checks.length > measured.length ? `, ${checks.length - measured.length} not measured` : ''})\n`);
  fs.writeFileSync(path.join(workDir, 'lake-results.json'), JSON.stringify({ date: new Date().toISOString(), targets: LAKE_TARGETS, publish, show, sweep, modes, result }, null, 2));
  return { result };
}

/** Median of per-round local ÷ live CPU (each round runs live, then local). */
function pairedCpu(cpu) {
  const pairs = cpu.local.map((local, i) => local / cpu.live[i]).filter(Number.isFinite);
  return pairs.length ? median(pairs) : null;
}
