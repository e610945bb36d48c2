// Tickwork benchmark, two sections:
// - DAG: a 1000-task layered DAG of no-op commands, run by Tickwork, make
//   (phony and stamp files), Snakemake and a bare Node spawner, all at
//   concurrency 2. Prints median wall times, the ratios, and a PASS/FAIL line
//   against the targets below.
// - always-on (always-on.mjs): the daemon's trigger latency, chain latency,
//   idle RSS and wake-ups, and runs.list latency with 100k task runs.
// - ui (ui.mjs): the dashboard in headless Chromium against the real daemon:
//   Runs view, Gantt, timeline and log times, event → DOM latency, JS heap
//   and initial JS, each at a small and a big size.
// - lake (lake-bench.mjs): publishing a 1 GB output, lake show of a 1M-row
//   partition, a 100-trial sweep against xargs -P 2 and Snakemake, and the
//   engine's CPU in --mode local against live.
//
//   node bench/run-bench.mjs [--only dag,tickwork,tickwork-env,make,snakemake,node,node-sh,always-on,trigger,chain,idle,list,ui,lake,publish,show,sweep,modes] [--iter N] [--quick]
//   env: BENCH_ITER (default 5), BENCH_SNAKEMAKE_ITER (default 2), BENCH_UI_REPS (default 5), BENCH_LAKE_ITER (default 3)
//
// Exit codes: 0 done (PASS or targets not measured), 1 a contender failed
// (Tickwork's stderr is printed) or a daemon/run of the always-on section
// failed, 2 bad usage, 3 a target missed (FAIL) or Tickwork was implausibly
// fast (INVALID).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDag, writeWorkspace, DEFAULT_SHAPE } from './dag.mjs';
import { makeContenders, selectContenders } from './peers.mjs';
import { timeRun, versionOf, median, formatTable, secs, withheldStartupVariables } from './measure.mjs';
import { ALWAYS_ON_PARTS, runAlwaysOn } from './always-on.mjs';
import { runUi } from './ui.mjs';
import { LAKE_PARTS, runLake } from './lake-bench.mjs';
import { BenchError } from './daemon.mjs';
import { createTrash, probeFileCreation } from './trash.mjs';

/** Targets from the project brief. */
const TARGETS = { tickworkOverStamp: 1.3, snakemakeOverTickwork: 15 };
const JOBS = 2;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/**
 * Every contender's files live in one scratch workspace: BENCH_WORKDIR, else
 * the OS temp dir. Not inside the checkout: on the VM this was tuned on,
 * creating a file under the project tree cost 5–8× what it costs in /tmp
 * (137–206 µs vs 25 µs), which taxes whoever creates the most files. All
 * contenders share the same place, so the ratios stay like for like.
 */
const workDir = path.resolve(process.env.BENCH_WORKDIR ?? path.join(os.tmpdir(), 'tickwork-bench'));

/** Parses --only a,b, --iter N and --quick. */
function parseCli(argv) {
  const opts = { only: null, iter: Number(process.env.BENCH_ITER ?? 5), quick: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--only') opts.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (flag === '--iter') opts.iter = Number(value());
    else if (flag === '--quick') opts.quick = true;
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(
        'usage: node bench/run-bench.mjs [--only SECTIONS] [--iter N] [--quick]\n' +
          '  --only   comma-separated: dag (the whole DAG section) or its contenders tickwork,tickwork-env,make,make-stamp,make-phony,snakemake,node,node-sh;\n' +
          `           always-on (the whole always-on section) or its parts ${ALWAYS_ON_PARTS.join(',')}; ui (the dashboard in headless Chromium);\n` +
          `           lake (the whole lake section) or its parts ${LAKE_PARTS.join(',')}\n` +
          '  --iter   DAG iterations per contender (default BENCH_ITER or 5)\n' +
          '  --quick  short always-on section (40 fires, 5 chain runs, 15 s idle window, 100 list calls per filter); ui: 10 live runs instead of 30\n' +
          '  env: BENCH_ITER, BENCH_SNAKEMAKE_ITER (DAG); BENCH_TRIGGER_PER_SLOT (always-on: schedules sharing each cron slot, default 4); BENCH_UI_REPS (ui: repetitions per figure, default 5); BENCH_LAKE_ITER (lake: sweep and modes rounds, default 3)\n',
      );
      process.exit(0);
    } else usage(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(opts.iter) || opts.iter < 1) usage('iterations (BENCH_ITER / --iter) must be a positive integer');
  opts.snakemakeIter = Number(process.env.BENCH_SNAKEMAKE_ITER ?? Math.min(2, opts.iter));
  if (!Number.isInteger(opts.snakemakeIter) || opts.snakemakeIter < 1) usage('BENCH_SNAKEMAKE_ITER must be a positive integer');
  // Sections: without --only, both in full; else the DAG contenders and always-on parts named.
  const alwaysOnNames = new Set(['always-on', ...ALWAYS_ON_PARTS, 'ui', 'lake', ...LAKE_PARTS]);
  opts.runUi = opts.only === null || opts.only.includes('ui');
  opts.lakeParts = opts.only === null || opts.only.includes('lake') ? [...LAKE_PARTS] : LAKE_PARTS.filter((part) => opts.only.includes(part));
  if (opts.only === null) {
    opts.dagOnly = null;
    opts.alwaysOnParts = [...ALWAYS_ON_PARTS];
  } else {
    const dagNames = opts.only.filter((name) => !alwaysOnNames.has(name));
    opts.dagOnly = dagNames.includes('dag') ? null : dagNames.length ? dagNames : [];
    opts.runDag = dagNames.length > 0;
    opts.alwaysOnParts = opts.only.includes('always-on') ? [...ALWAYS_ON_PARTS] : ALWAYS_ON_PARTS.filter((part) => opts.only.includes(part));
  }
  if (opts.only === null) opts.runDag = true;
  const uiReps = process.env.BENCH_UI_REPS;
  if (uiReps !== undefined && !/^[1-9]\d*$/.test(uiReps)) usage('BENCH_UI_REPS must be a positive integer');
  const perSlot = process.env.BENCH_TRIGGER_PER_SLOT;
  if (perSlot !== undefined && !/^[1-9]\d*$/.test(perSlot)) usage('BENCH_TRIGGER_PER_SLOT must be a positive integer');
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

/** Key of Tickwork's runs timed next to a file-deleting contender (see measureAll). */
const partnerKey = (id) => `tickwork~${id}`;

/**
 * Tickwork runs before each iteration of a file-deleting contender; the pair
 * takes their median. One 1-second run is at the mercy of a single hiccup of
 * the VM (±15% here), where a 15-second Snakemake run averages them out.
 */
const PARTNER_RUNS = 3;

/** The runs of `b` to compare `a` with: Tickwork's partner runs of a file-deleting `a` when there are any. */
const comparedTimes = (raw, a, b) => (b === 'tickwork' && raw[partnerKey(a)]) || raw[b];

/**
 * Runs every contender's warm-ups, then the timed iterations round-robin
 * (round i runs each contender once), so load from other processes on the
 * machine drifts over all contenders alike instead of skewing one of them.
 * Contenders that delete files while they run (Snakemake) go after all the
 * others' rounds: their deletions would slow file creation for whoever runs
 * in the next minutes (trash.mjs). So that their ratio to Tickwork is still
 * taken in one phase of the VM, each of their iterations is preceded by
 * Tickwork runs of its own (once file creation is quick again), and their
 * median is paired with it. Returns contender id → wall times (ms), with the
 * partner medians under `tickwork~<id>`.
 */
async function measureAll(contenders, trash) {
  const times = Object.fromEntries(contenders.map((c) => [c.id, []]));
  const quiet = contenders.filter((c) => !c.deletesFiles);
  const partner = contenders.find((c) => c.id === 'tickwork');
  for (const group of [quiet, contenders.filter((c) => c.deletesFiles)]) {
    for (const c of group) for (let i = 0; i < c.warmup; i++) await runOnce(c);
    const rounds = Math.max(0, ...group.map((c) => c.iterations));
    for (let round = 0; round < rounds; round++) {
      for (const c of group.filter((x) => round < x.iterations)) {
        if (c.deletesFiles && partner) {
          if (round > 0) await waitForQuietFileSystem(trash); // the previous iteration's deletions
          const partnerRuns = [];
          for (let i = 0; i < PARTNER_RUNS; i++) partnerRuns.push(await runOnce(partner));
          const partnerMs = median(partnerRuns);
          (times[partnerKey(c.id)] ??= []).push(partnerMs);
          process.stdout.write(`  round ${round + 1}/${rounds}  ${'tickwork'.padEnd(10)} ${secs(partnerMs)} s  (median of ${partnerRuns.map(secs).join(', ')}; paired with ${c.id})\n`);
        }
        const ms = await runOnce(c);
        times[c.id].push(ms);
        process.stdout.write(`  round ${round + 1}/${rounds}  ${c.id.padEnd(10)} ${secs(ms)} s\n`);
      }
    }
  }
  return times;
}

/** Above this, file creation is being slowed by recent deletions (~20–50 µs when quiet on the reference VM). */
const SLOW_CREATE_US = 100;

/** How often, and for how long at most, to re-probe a slowed file system (ext4 keeps a deleted inode "recent" for about a minute, longer while unwritten). */
const QUIET_POLL_MS = 10_000;
const QUIET_MAX_WAIT_MS = 400_000;

/**
 * Prints how fast files are created in the workspace and, while recent
 * deletions (an earlier bench's cleanup, Snakemake's markers, a test run)
 * slow it down, waits and probes again: timing then would measure the file
 * system's bookkeeping, not the contenders (see bench/trash.mjs).
 */
async function waitForQuietFileSystem(trash) {
  fs.mkdirSync(workDir, { recursive: true });
  const started = Date.now();
  // Two probes 2 s apart: an inode deleted in the current second does not count as recent yet.
  const probe = async () => {
    const first = probeFileCreation(workDir, trash);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return Math.max(first, probeFileCreation(workDir, trash));
  };
  let us = await probe();
  while (us > SLOW_CREATE_US && Date.now() - started < QUIET_MAX_WAIT_MS) {
    process.stdout.write(`file creation in ${workDir}: ${us.toFixed(0)} µs per file, slowed by recent deletions; probing again in ${QUIET_POLL_MS / 1000} s (see bench/trash.mjs)\n`);
    await new Promise((resolve) => setTimeout(resolve, QUIET_POLL_MS));
    us = await probe();
  }
  const note = us > SLOW_CREATE_US ? ` — still slow after ${Math.round((Date.now() - started) / 1000)} s; figures that create files are inflated` : '';
  process.stdout.write(`file creation in ${workDir}: ${us.toFixed(0)} µs per file${note}\n`);
}

/**
 * The ratios and the PASS/FAIL verdict. Each ratio is the median of the
 * per-round ratios (a and b timed back to back in the same round; Snakemake
 * with its partner Tickwork runs): this VM's speed drifts by ±30% over
 * minutes, and pairing cancels the drift that a ratio of medians taken
 * minutes apart would keep.
 */
function verdict(med, raw) {
  const ratio = (a, b) => {
    const xs = raw[a] ?? [];
    const ys = comparedTimes(raw, a, b) ?? [];
    const pairs = xs.slice(0, ys.length).map((x, i) => x / ys[i]);
    return pairs.length ? median(pairs) : med[a] && med[b] ? med[a] / med[b] : null;
  };
  // In the bench's own environment: the paired Snakemake ratio times the paired cost of that environment.
  const envCost = ratio('tickwork-env', 'tickwork');
  const snakemake = ratio('snakemake', 'tickwork');
  const ratios = [
    ['Tickwork ÷ make(stamp)', ratio('tickwork', 'make-stamp'), `≤ ${TARGETS.tickworkOverStamp}`, (r) => r <= TARGETS.tickworkOverStamp, ['tickwork', 'make-stamp']],
    ['Tickwork ÷ make(phony)', ratio('tickwork', 'make-phony'), '', null, ['tickwork', 'make-phony']],
    ['Snakemake ÷ Tickwork', snakemake, `≥ ${TARGETS.snakemakeOverTickwork}`, (r) => r >= TARGETS.snakemakeOverTickwork, ['snakemake', 'tickwork']],
    ['Tickwork ÷ bare Node spawn', ratio('tickwork', 'node'), '', null, ['tickwork', 'node']],
    ['Tickwork ÷ bare Node via sh', ratio('tickwork', 'node-sh'), '', null, ['tickwork', 'node-sh']],
    ["Tickwork in the bench's environment ÷ Tickwork", envCost, '', null, ['tickwork-env', 'tickwork']],
    ["Snakemake ÷ Tickwork in the bench's environment", snakemake !== null && envCost !== null ? snakemake / envCost : null, '', null, ['snakemake', 'tickwork-env']],
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
  const trash = createTrash(workDir);
  await waitForQuietFileSystem(trash);
  let exitCode = 0;
  if (opts.runDag) exitCode = await dagSection(opts, trash);
  if (opts.alwaysOnParts.length) {
    if (opts.runDag) process.stdout.write('\n');
    await waitForQuietFileSystem(trash); // Snakemake's deletions (the DAG section's last contender)
    try {
      const { result } = await runAlwaysOn({ root, workDir, quick: opts.quick, parts: opts.alwaysOnParts, trash });
      if (result === 'FAIL' && exitCode === 0) exitCode = 3;
    } catch (err) {
      if (!(err instanceof BenchError)) throw err;
      process.stderr.write(`\nalways-on: ${err.message}\n`);
      exitCode = 1;
    }
  }
  if (opts.runUi) {
    if (opts.runDag || opts.alwaysOnParts.length) {
      process.stdout.write('\n');
      await waitForQuietFileSystem(trash); // the earlier sections' deletions
    }
    try {
      const { result } = await runUi({ root, workDir, quick: opts.quick, trash });
      if (result === 'MISS' && exitCode === 0) exitCode = 3;
    } catch (err) {
      if (!(err instanceof BenchError)) throw err;
      process.stderr.write(`\nui: ${err.message}\n`);
      exitCode = 1;
    }
  }
  if (opts.lakeParts.length) {
    if (opts.runDag || opts.alwaysOnParts.length || opts.runUi) {
      process.stdout.write('\n');
      await waitForQuietFileSystem(trash); // the earlier sections' deletions
    }
    try {
      const { result } = await runLake({ root, workDir, quick: opts.quick, trash, parts: opts.lakeParts });
      if (result === 'MISS' && exitCode === 0) exitCode = 3;
    } catch (err) {
      if (!(err instanceof BenchError)) throw err;
      process.stderr.write(`\nlake: ${err.message}\n`);
      exitCode = 1;
    }
  }
  trash.empty(); // after the last measurement: deleting files slows the next creations (trash.mjs)
  process.exitCode = exitCode;
}

/** The DAG section; resolves with its exit code (0 or 3; a failed contender exits 1 at once). */
async function dagSection(opts, trash) {
  const dag = buildDag(DEFAULT_SHAPE);
  trash.move(path.join(workDir, 'homes')); // kept homes of earlier failed runs
  const work = writeWorkspace(dag, workDir);
  const all = makeContenders({ root, work, taskCount: dag.tasks.length, iterations: opts.iter, snakemakeIterations: opts.snakemakeIter, jobs: JOBS, trash });
  let selected;
  try {
    selected = selectContenders(all, opts.dagOnly);
  } catch (err) {
    usage(`${err.message}; sections: dag, always-on, ${ALWAYS_ON_PARTS.join(', ')}, ui, lake, ${LAKE_PARTS.join(', ')}`);
  }

  const edges = dag.tasks.reduce((n, t) => n + t.deps.length, 0);
  const withheld = withheldStartupVariables();
  process.stdout.write(
    `Tickwork bench: ${dag.tasks.length} tasks (${DEFAULT_SHAPE.layers} layers × ${DEFAULT_SHAPE.width}, ${edges} edges, seed ${DEFAULT_SHAPE.seed}), concurrency ${JOBS}\n` +
      `host: ${os.cpus().length} CPU ${os.cpus()[0]?.model ?? ''} · node ${process.version} · ${versionOf('make') ?? 'no make'} · snakemake ${versionOf('snakemake') ?? 'n/a'}\n` +
      `iterations: ${opts.iter} (snakemake ${opts.snakemakeIter}); workspace ${workDir}/\n` +
      `environment: every contender gets only PATH, HOME, LANG and the like (contenderEnv in measure.mjs)${withheld.length ? `; not passed from this shell: ${withheld.join(', ')} (see tickwork-env)` : ''}\n\n`,
  );

  const runnable = [];
  for (const contender of selected) {
    const missing = contender.available();
    if (missing) process.stdout.write(`  ${contender.id.padEnd(10)} skipped: ${missing}\n`);
    else runnable.push(contender);
  }
  if (runnable.some((c) => c.id === 'tickwork')) await validateTickwork(work);
  const raw = runnable.length ? await measureAll(runnable, trash) : {};
  const medians = {};
  const rows = selected.map((c) => {
    const times = raw[c.id];
    if (!times) return [c.label, '0', 'n/a', 'n/a', 'n/a', 'n/a'];
    medians[c.id] = median(times);
    return [c.label, String(times.length), secs(medians[c.id]), secs(Math.min(...times)), secs(Math.max(...times)), (medians[c.id] / dag.tasks.length).toFixed(2)];
  });

  for (const c of selected.filter((x) => raw[partnerKey(x.id)])) {
    const times = raw[partnerKey(c.id)];
    rows.push([`tickwork, median of ${PARTNER_RUNS} runs before each ${c.id}`, String(times.length), secs(median(times)), secs(Math.min(...times)), secs(Math.max(...times)), (median(times) / dag.tasks.length).toFixed(2)]);
  }
  process.stdout.write(`\n${formatTable(['contender', 'runs', 'median s', 'min s', 'max s', 'ms/task'], rows)}\n\n`);
  const { ratios, checks, result } = verdict(medians, raw);
  const ofMedians = ([a, b]) => {
    const times = comparedTimes(raw, a, b);
    const of = times?.length ? median(times) : undefined;
    return medians[a] && of ? `${(medians[a] / of).toFixed(2)}×` : 'n/a';
  };
  process.stdout.write(
    `${formatTable(['ratio', 'paired (median of per-round)', 'of medians', 'target'], ratios.map(([name, r, target, , pair]) => [name, r === null ? 'n/a' : `${r.toFixed(2)}×`, ofMedians(pair), target || '-']))}\n\n`,
  );

  // Nothing spawns 1000 processes in under 0.1 ms each, or in half a bare spawner's time.
  const implausible = medians.tickwork && (medians.tickwork < dag.tasks.length * 0.1 || (medians.node && medians.tickwork < medians.node * 0.5));
  if (implausible) process.stdout.write('WARNING: Tickwork finished faster than its tasks can even be spawned; is the CLI a stub? Result marked INVALID.\n');
  const detail = checks.map((c) => `${c.name} ${c.ratio === null ? 'n/a' : c.ratio.toFixed(2)} (target ${c.target}) ${c.pass === null ? 'not measured' : c.pass ? 'ok' : 'MISSED'}`).join('; ');
  const finalResult = implausible ? 'INVALID' : result;
  process.stdout.write(`${finalResult}: ${detail}\n`);

  fs.writeFileSync(path.join(workDir, 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, shape: DEFAULT_SHAPE, medians_ms: medians, runs_ms: raw, result: finalResult }, null, 2));
  return finalResult === 'FAIL' || finalResult === 'INVALID' ? 3 : 0;
}

await main();
