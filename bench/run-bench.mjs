// Tickwork overhead benchmark: a 1000-task layered DAG of no-op commands, run
// by Tickwork, make (phony and stamp files), Snakemake and a bare Node
// spawner, all at concurrency 2. Prints median wall times, the ratios, and a
// PASS/FAIL line against the targets below.
//
//   node bench/run-bench.mjs [--only tickwork,make,snakemake,node,node-sh] [--iter N]
//   env: BENCH_ITER (default 5), BENCH_SNAKEMAKE_ITER (default 2)
//
// Exit codes: 0 done (PASS or targets not measured), 1 a contender failed
// (Tickwork's stderr is printed), 2 bad usage, 3 a target missed (FAIL) or
// Tickwork was implausibly fast (INVALID).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDag, writeWorkspace, DEFAULT_SHAPE } from './dag.mjs';
import { makeContenders, selectContenders } from './peers.mjs';
import { timeRun, versionOf, median, formatTable, secs } from './measure.mjs';

/** Targets from the project brief. */
const TARGETS = { tickworkOverStamp: 1.3, snakemakeOverTickwork: 15 };
const JOBS = 2;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const workDir = path.join(root, 'bench', '.work');

/** Parses --only a,b and --iter N. */
function parseCli(argv) {
  const opts = { only: null, iter: Number(process.env.BENCH_ITER ?? 5) };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--only') opts.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (flag === '--iter') opts.iter = Number(value());
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: node bench/run-bench.mjs [--only tickwork,make,make-stamp,make-phony,snakemake,node,node-sh] [--iter N]\n');
      process.exit(0);
    } else usage(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(opts.iter) || opts.iter < 1) usage('iterations (BENCH_ITER / --iter) must be a positive integer');
  opts.snakemakeIter = Number(process.env.BENCH_SNAKEMAKE_ITER ?? Math.min(2, opts.iter));
  if (!Number.isInteger(opts.snakemakeIter) || opts.snakemakeIter < 1) usage('BENCH_SNAKEMAKE_ITER must be a positive integer');
  return opts;
}

function usage(message) {
  process.stderr.write(`run-bench: ${message}\n`);
  process.exit(2);
}

/** Prints a failed run and exits 1 (a failed Tickwork run keeps its TICKWORK_HOME for `tickwork logs`). */
function reportFailure(contender, run, what, ctx = {}) {
  process.stderr.write(`\n${contender.label}: ${what}\n`);
  if (ctx.home) process.stderr.write(`TICKWORK_HOME kept for inspection: ${ctx.home}\n`);
  if (run.stderr.trim()) process.stderr.write(`--- stderr ---\n${run.stderr.trimEnd()}\n`);
  if (run.stdout.trim()) process.stderr.write(`--- stdout (last 2000 chars) ---\n${run.stdout.slice(-2000).trimEnd()}\n`);
  process.exit(1);
}

/** Checks the generated project loads before timing anything. */
async function validateTickwork(work) {
  const run = await timeRun({ cmd: process.execPath, args: [path.join(root, 'bin', 'tickwork.cjs'), 'validate', '--project', work.tickworkDir], cwd: root });
  if (run.code !== 0) reportFailure({ label: 'tickwork validate' }, run, `exited ${run.code}`);
}

/** One untimed-setup, timed-command, untimed-check cycle. */
async function runOnce(contender) {
  const ctx = contender.prepare();
  const run = await timeRun(contender.command(ctx));
  if (run.code !== 0) reportFailure(contender, run, `exited ${run.code}`, ctx);
  const problem = contender.verify(ctx, run);
  if (problem) reportFailure(contender, run, problem, ctx);
  contender.cleanup(ctx);
  return run.ms;
}

/**
 * Runs every contender's warm-ups, then the timed iterations round-robin
 * (round i runs each contender once), so load from other processes on the
 * machine drifts over all contenders alike instead of skewing one of them.
 * Returns contender id → wall times (ms).
 */
async function measureAll(contenders) {
  for (const c of contenders) for (let i = 0; i < c.warmup; i++) await runOnce(c);
  const times = Object.fromEntries(contenders.map((c) => [c.id, []]));
  const rounds = Math.max(...contenders.map((c) => c.iterations));
  for (let round = 0; round < rounds; round++) {
    for (const c of contenders.filter((x) => round < x.iterations)) {
      const ms = await runOnce(c);
      times[c.id].push(ms);
      process.stdout.write(`  round ${round + 1}/${rounds}  ${c.id.padEnd(10)} ${secs(ms)} s\n`);
    }
  }
  return times;
}

/**
 * The ratios and the PASS/FAIL verdict. Each ratio is the median of the
 * per-round ratios (a and b timed back to back in the same round): this VM's
 * speed drifts by ±30% over minutes, and pairing cancels the drift that a
 * ratio of medians taken minutes apart would keep.
 */
function verdict(med, raw) {
  const ratio = (a, b) => {
    const xs = raw[a] ?? [];
    const ys = raw[b] ?? [];
    const pairs = xs.slice(0, ys.length).map((x, i) => x / ys[i]);
    return pairs.length ? median(pairs) : med[a] && med[b] ? med[a] / med[b] : null;
  };
  const ratios = [
    ['Tickwork ÷ make(stamp)', ratio('tickwork', 'make-stamp'), `≤ ${TARGETS.tickworkOverStamp}`, (r) => r <= TARGETS.tickworkOverStamp],
    ['Tickwork ÷ make(phony)', ratio('tickwork', 'make-phony'), '', null],
    ['Snakemake ÷ Tickwork', ratio('snakemake', 'tickwork'), `≥ ${TARGETS.snakemakeOverTickwork}`, (r) => r >= TARGETS.snakemakeOverTickwork],
    ['Tickwork ÷ bare Node spawn', ratio('tickwork', 'node'), '', null],
    ['Tickwork ÷ bare Node via sh', ratio('tickwork', 'node-sh'), '', null],
  ];
  const checks = ratios.filter(([, , , ok]) => ok).map(([name, r, target, ok]) => ({ name, target, ratio: r, pass: r === null ? null : ok(r) }));
  const measured = checks.filter((c) => c.pass !== null);
  let result;
  if (measured.some((c) => !c.pass)) result = 'FAIL';
  else if (measured.length === checks.length) result = 'PASS';
  else result = 'INCOMPLETE';
  return { ratios, checks, result };
}

async function main() {
  const opts = parseCli(process.argv.slice(2));
  const dag = buildDag(DEFAULT_SHAPE);
  fs.rmSync(path.join(workDir, 'homes'), { recursive: true, force: true }); // kept homes of earlier failed runs
  const work = writeWorkspace(dag, workDir);
  const all = makeContenders({ root, work, taskCount: dag.tasks.length, iterations: opts.iter, snakemakeIterations: opts.snakemakeIter, jobs: JOBS });
  let selected;
  try {
    selected = selectContenders(all, opts.only);
  } catch (err) {
    usage(err.message);
  }

  const edges = dag.tasks.reduce((n, t) => n + t.deps.length, 0);
  process.stdout.write(
    `Tickwork bench: ${dag.tasks.length} tasks (${DEFAULT_SHAPE.layers} layers × ${DEFAULT_SHAPE.width}, ${edges} edges, seed ${DEFAULT_SHAPE.seed}), concurrency ${JOBS}\n` +
      `host: ${os.cpus().length} CPU ${os.cpus()[0]?.model ?? ''} · node ${process.version} · ${versionOf('make') ?? 'no make'} · snakemake ${versionOf('snakemake') ?? 'n/a'}\n` +
      `iterations: ${opts.iter} (snakemake ${opts.snakemakeIter}); workspace ${path.relative(root, workDir)}/\n\n`,
  );

  const runnable = [];
  for (const contender of selected) {
    const missing = contender.available();
    if (missing) process.stdout.write(`  ${contender.id.padEnd(10)} skipped: ${missing}\n`);
    else runnable.push(contender);
  }
  if (runnable.some((c) => c.id === 'tickwork')) await validateTickwork(work);
  const raw = runnable.length ? await measureAll(runnable) : {};
  const medians = {};
  const rows = selected.map((c) => {
    const times = raw[c.id];
    if (!times) return [c.label, '0', 'n/a', 'n/a', 'n/a', 'n/a'];
    medians[c.id] = median(times);
    return [c.label, String(times.length), secs(medians[c.id]), secs(Math.min(...times)), secs(Math.max(...times)), (medians[c.id] / dag.tasks.length).toFixed(2)];
  });

  process.stdout.write(`\n${formatTable(['contender', 'runs', 'median s', 'min s', 'max s', 'ms/task'], rows)}\n\n`);
  const { ratios, checks, result } = verdict(medians, raw);
  const ofMedians = (name) => {
    const [a, b] = { 'Tickwork ÷ make(stamp)': ['tickwork', 'make-stamp'], 'Tickwork ÷ make(phony)': ['tickwork', 'make-phony'], 'Snakemake ÷ Tickwork': ['snakemake', 'tickwork'], 'Tickwork ÷ bare Node spawn': ['tickwork', 'node'], 'Tickwork ÷ bare Node via sh': ['tickwork', 'node-sh'] }[name];
    return medians[a] && medians[b] ? `${(medians[a] / medians[b]).toFixed(2)}×` : 'n/a';
  };
  process.stdout.write(
    `${formatTable(['ratio', 'paired (median of per-round)', 'of medians', 'target'], ratios.map(([name, r, target]) => [name, r === null ? 'n/a' : `${r.toFixed(2)}×`, ofMedians(name), target || '-']))}\n\n`,
  );

  // Nothing spawns 1000 processes in under 0.1 ms each, or in half a bare spawner's time.
  const implausible = medians.tickwork && (medians.tickwork < dag.tasks.length * 0.1 || (medians.node && medians.tickwork < medians.node * 0.5));
  if (implausible) process.stdout.write('WARNING: Tickwork finished faster than its tasks can even be spawned; is the CLI a stub? Result marked INVALID.\n');
  const detail = checks.map((c) => `${c.name} ${c.ratio === null ? 'n/a' : c.ratio.toFixed(2)} (target ${c.target}) ${c.pass === null ? 'not measured' : c.pass ? 'ok' : 'MISSED'}`).join('; ');
  const finalResult = implausible ? 'INVALID' : result;
  process.stdout.write(`${finalResult}: ${detail}\n`);

  fs.writeFileSync(path.join(workDir, 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, shape: DEFAULT_SHAPE, medians_ms: medians, runs_ms: raw, result: finalResult }, null, 2));
  if (finalResult === 'FAIL' || finalResult === 'INVALID') process.exitCode = 3;
}

await main();
