// The always-on engine figures: the real daemon (`tickwork up`) on scratch
// homes, measured from the outside.
//
//   trigger  slot (the scheduled instant) → the task's process reads the clock
//   chain    A's process reads the clock → B's process does (B depends_on A),
//            beside a bare Node spawner doing the same in the same run
//   idle     daemon RSS and context switches per minute while idle
//   list     runs.list over HTTP with 100k task runs in the store
//
// "The task's process" is the task command itself: `date +%s%N` as an argv,
// so the instant recorded is the first thing the task's own process does
// (after exec and dynamic loading, ~0.5 ms on this VM), written to its attempt
// log. Every phase prints its table; `runAlwaysOn` returns the checks against
// the targets below. See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { chainProject, longHorizonProject, triggerProject, typicalProject, TYPICAL_JOBS } from './always-on-projects.mjs';
import {
  BenchError,
  callApi,
  callOk,
  childrenOf,
  memoryOf,
  openStoreReadonly,
  readStamp,
  sleep,
  startDaemon,
  stopDaemon,
  tailOf,
  waitForRuns,
  watchIdle,
} from './daemon.mjs';
import { seedStore } from './seed-store.mjs';
import { formatTable, ms2, percentile, timeRun } from './measure.mjs';

/** Targets from the always-on spec. */
export const ALWAYS_ON_TARGETS = { triggerP99Ms: 50, chainBeyondSpawnP50Ms: 5, idleRssMB: 80, listP99Ms: 50 };

/** The parts of the section, in the order they run (`--only trigger,list`, or `--only always-on` for all). */
export const ALWAYS_ON_PARTS = ['trigger', 'chain', 'idle', 'list'];

/** Sizes of a full and a --quick run. */
export function alwaysOnConfig(quick) {
  const perSlot = Number(process.env.BENCH_TRIGGER_PER_SLOT ?? 4); // checked by run-bench.mjs
  const common = { perSlot, warmSlots: 2, chainLength: 10, seedRuns: 10_000, timerPeriodMs: 100 };
  return quick
    ? { ...common, fires: 40, chainRuns: 5, chainWarm: 1, settleMs: 3_000, afterRunSettleMs: 5_000, idleWindowMs: 15_000, probeWindowMs: 3_000, listSweepMs: 0, listCalls: 100, listWarm: 20, timerSamples: 20 }
    : { ...common, fires: 200, chainRuns: 25, chainWarm: 2, settleMs: 5_000, afterRunSettleMs: 10_000, idleWindowMs: 60_000, probeWindowMs: 5_000, listSweepMs: 32_000, listCalls: 500, listWarm: 50, timerSamples: 50 };
}

const out = (text) => process.stdout.write(text);
const MB = (mib) => (mib * 1024 * 1024) / 1e6;
const stats = (xs) => (xs.length ? { n: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99), max: Math.max(...xs), min: Math.min(...xs) } : { n: 0, p50: null, p99: null, max: null, min: null });
const statRow = (label, s) => [label, String(s.n), ms2(s.p50), ms2(s.p99), ms2(s.max)];
const slotOf = (key) => Date.parse(key.slice(key.lastIndexOf('@') + 1));

// ---------------------------------------------------------------- trigger

async function triggerPhase({ root, dir, cfg }) {
  const base = path.join(dir, 'trigger');
  const project = triggerProject(path.join(base, 'project'), cfg.perSlot);
  const home = path.join(base, 'home');
  const slots = Math.ceil(cfg.fires / cfg.perSlot);
  out(`trigger: ${cfg.perSlot} pipelines on "* * * * * *" (cron slots are whole seconds, so ${cfg.perSlot} fires share each slot), ${slots} slots after ${cfg.warmSlots} warm-up slots\n`);
  const daemon = await startDaemon({ root, home, projectDirs: [project], logFile: path.join(base, 'daemon.log') });
  const windowStart = Math.ceil(Date.now() / 1000) * 1000 + cfg.warmSlots * 1000;
  const windowEnd = windowStart + slots * 1000; // exclusive
  const expected = slots * cfg.perSlot;
  let rows;
  let db;
  try {
    await sleep(windowEnd - Date.now() + 200);
    db = openStoreReadonly(home);
    const query = db.prepare(
      `SELECT r.id, r.idempotency_key AS key, r.created_at AS createdAt, t.pipeline, a.started_at AS attemptAt, a.log_path AS log
       FROM runs r JOIN task_runs t ON t.run_id = r.id LEFT JOIN attempts a ON a.task_run_id = t.id AND a.number = 1
       WHERE r.trigger = 'schedule' ORDER BY r.id`,
    );
    const inWindow = () => query.all().filter((row) => row.key && slotOf(row.key) >= windowStart && slotOf(row.key) < windowEnd);
    // A slot whose tick is late (or lost) shows up as missing after a grace period.
    for (const deadline = Date.now() + 3_000; inWindow().length < expected && Date.now() < deadline; ) await sleep(50);
    rows = inWindow();
    const states = await waitForRuns(db, rows.map((r) => r.id), { timeoutMs: 30_000, daemon });
    const bad = [...states].filter(([, s]) => s !== 'succeeded');
    if (bad.length) throw new BenchError(`trigger: ${bad.length} scheduled runs did not succeed (${bad.slice(0, 5).map(([id, s]) => `run ${id}: ${s}`).join(', ')})\n--- ${daemon.logFile} ---\n${tailOf(daemon.logFile)}`);
    rows = query.all().filter((row) => rows.some((r) => r.id === row.id)); // with their attempts
  } finally {
    db?.close();
    await stopDaemon(daemon);
  }

  const bySlot = new Map();
  for (const row of rows) {
    const slot = slotOf(row.key);
    row.slot = slot;
    row.stamp = readStamp(row.log);
    if (row.stamp === null) throw new BenchError(`trigger: run ${row.id} left no clock stamp in ${row.log}`);
    if (!bySlot.has(slot)) bySlot.set(slot, []);
    bySlot.get(slot).push(row);
  }
  for (const group of bySlot.values()) group.sort((a, b) => a.id - b.id).forEach((row, i) => (row.rank = i + 1));
  const latency = rows.map((r) => r.stamp - r.slot);
  const result = {
    expected,
    fires: rows.length,
    missed: expected - rows.length,
    slots,
    perSlot: cfg.perSlot,
    all: stats(latency),
    byRank: Array.from({ length: cfg.perSlot }, (_, i) => stats(rows.filter((r) => r.rank === i + 1).map((r) => r.stamp - r.slot))),
    tick: stats(rows.map((r) => r.createdAt - r.slot)),
    persisted: stats(rows.map((r) => r.attemptAt - r.slot)),
    launch: stats(rows.map((r) => r.stamp - r.attemptAt)),
  };

  // The peer: a bare Node timer + spawn of the same command, same clock read.
  const stampDir = path.join(base, 'bare-timer');
  const run = await timeRun({ cmd: process.execPath, args: [path.join(root, 'bench', 'bare-timer.mjs'), String(cfg.timerSamples), stampDir, String(cfg.timerPeriodMs)], cwd: root });
  if (run.code !== 0) throw new BenchError(`bare-timer.mjs exited ${run.code}: ${run.stderr}`);
  const { slots: timerSlots } = JSON.parse(run.stdout);
  result.bare = stats(timerSlots.map((slot, i) => readStamp(path.join(stampDir, String(i))) - slot).slice(1)); // the first spawn is cold

  out(
    `${formatTable(
      ['slot → task process first instant (ms)', 'n', 'p50', 'p99', 'max'],
      [
        statRow(`Tickwork daemon, all fires`, result.all),
        ...result.byRank.map((s, i) => statRow(`  ${ordinal(i + 1)} fire of its slot`, s)),
        statRow('  slot → scheduler tick (runs.created_at, ms clock)', result.tick),
        statRow('  slot → attempt persisted (attempts.started_at)', result.persisted),
        statRow('  attempt persisted → process first instant', result.launch),
        statRow(`bare Node setTimeout + spawn (${cfg.timerPeriodMs} ms slots)`, result.bare),
      ],
    )}\n` + `fires measured: ${result.fires} of ${expected}${result.missed ? ` (${result.missed} slots' fires missing: late tick or catch-up)` : ''}\n\n`,
  );
  return result;
}

function ordinal(n) {
  return `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;
}

// ---------------------------------------------------------------- chain

async function chainPhase({ root, dir, cfg }) {
  const base = path.join(dir, 'chain');
  const { dir: project, names, last } = chainProject(path.join(base, 'project'), cfg.chainLength);
  const home = path.join(base, 'home');
  const dagFile = path.join(base, 'chain.json');
  fs.writeFileSync(dagFile, JSON.stringify({ tasks: names.map((name, i) => ({ name, deps: i ? [names[i - 1]] : [] })) }));
  out(`chain: ${cfg.chainRuns} runs (after ${cfg.chainWarm} warm-up) of a ${cfg.chainLength}-task linear chain via runs.trigger (force), ${cfg.chainLength - 1} edges each; interleaved with a bare Node spawner on the same chain\n`);
  const edges = { tickwork: [], node: [], nodeSh: [] };
  const parts = { settled: [], persisted: [], launched: [] };
  const firstTask = [];
  const daemon = await startDaemon({ root, home, projectDirs: [project], logFile: path.join(base, 'daemon.log') });
  const db = openStoreReadonly(home);
  const attemptsOf = db.prepare(
    `SELECT t.pipeline, t.topo_index, a.started_at AS startedAt, a.finished_at AS finishedAt, a.log_path AS log
     FROM task_runs t JOIN attempts a ON a.task_run_id = t.id AND a.number = 1 WHERE t.run_id = ? ORDER BY t.topo_index`,
  );
  const bare = async (viaSh, round) => {
    const stampDir = path.join(base, `bare-${viaSh ? 'sh' : 'node'}-${round}`);
    fs.mkdirSync(stampDir, { recursive: true });
    const run = await timeRun({ cmd: process.execPath, args: [path.join(root, 'bench', 'bare-spawn.mjs'), dagFile, '1', '--stamp', stampDir, ...(viaSh ? ['--via-sh'] : [])], cwd: root });
    if (run.code !== 0) throw new BenchError(`bare-spawn.mjs exited ${run.code}: ${run.stderr}`);
    const stamps = names.map((name) => readStamp(path.join(stampDir, name)));
    return stamps.slice(1).map((s, i) => s - stamps[i]);
  };
  try {
    for (let round = 0; round < cfg.chainWarm + cfg.chainRuns; round++) {
      const sentAt = Date.now();
      const { id } = await callOk(daemon, 'runs.trigger', { targets: [last], force: true });
      const [[, state]] = await waitForRuns(db, [id], { timeoutMs: 30_000, daemon, pollMs: 20 });
      if (state !== 'succeeded') throw new BenchError(`chain: run ${id} ${state}\n--- ${daemon.logFile} ---\n${tailOf(daemon.logFile)}`);
      const node = await bare(false, round);
      const nodeSh = await bare(true, round);
      if (round < cfg.chainWarm) continue;
      const rows = attemptsOf.all(id);
      if (rows.length !== names.length) throw new BenchError(`chain: run ${id} has ${rows.length} attempts, expected ${names.length}`);
      const stamps = rows.map((r) => readStamp(r.log));
      if (stamps.some((s) => s === null)) throw new BenchError(`chain: run ${id} left a task without a clock stamp`);
      firstTask.push(stamps[0] - sentAt);
      for (let i = 1; i < rows.length; i++) {
        edges.tickwork.push(stamps[i] - stamps[i - 1]);
        parts.settled.push(rows[i - 1].finishedAt - stamps[i - 1]);
        parts.persisted.push(rows[i].startedAt - rows[i - 1].finishedAt);
        parts.launched.push(stamps[i] - rows[i].startedAt);
      }
      edges.node.push(...node);
      edges.nodeSh.push(...nodeSh);
    }
  } finally {
    db.close();
    await stopDaemon(daemon);
  }
  const result = {
    runs: cfg.chainRuns,
    tickwork: stats(edges.tickwork),
    node: stats(edges.node),
    nodeSh: stats(edges.nodeSh),
    settled: stats(parts.settled),
    persisted: stats(parts.persisted),
    launched: stats(parts.launched),
    apiToFirstTask: stats(firstTask),
  };
  result.beyondSpawnP50 = result.tickwork.p50 - result.node.p50;
  result.beyondSpawnP99 = result.tickwork.p99 - result.node.p99;
  result.beyondShP50 = result.tickwork.p50 - result.nodeSh.p50;
  out(
    `${formatTable(
      ['A first instant → B first instant (ms)', 'n', 'p50', 'p99', 'max'],
      [
        statRow(`Tickwork daemon (${process.env.TICKWORK_LAUNCHER ?? 'default'} launcher → date)`, result.tickwork),
        statRow('  A → A settled (attempts.finished_at, ms clock)', result.settled),
        statRow('  A settled → B persisted (attempts.started_at)', result.persisted),
        statRow('  B persisted → B first instant', result.launched),
        statRow('bare Node spawn (exit event → spawn date)', result.node),
        statRow('bare Node via /bin/sh wrapper', result.nodeSh),
        statRow('(info) API runs.trigger sent → first task instant', result.apiToFirstTask),
      ],
    )}\n` +
      `chain beyond bare spawn: p50 ${ms2(result.beyondSpawnP50)} ms, p99 ${ms2(result.beyondSpawnP99)} ms (beyond the sh-wrapper shape: p50 ${ms2(result.beyondShP50)} ms)\n\n`,
  );
  return result;
}

// ---------------------------------------------------------------- idle

/** Runs each job of the typical project once (force), through the API; resolves when all succeeded. */
async function runTemplates(daemon) {
  const db = openStoreReadonly(daemon.home);
  try {
    const ids = [];
    for (const job of TYPICAL_JOBS) ids.push((await callOk(daemon, 'runs.trigger', { targets: [job], force: true })).id);
    const states = await waitForRuns(db, ids, { timeoutMs: 60_000, daemon });
    const bad = [...states].filter(([, s]) => s !== 'succeeded');
    if (bad.length) throw new BenchError(`typical project: runs ${bad.map(([id, s]) => `${id} ${s}`).join(', ')}\n--- ${daemon.logFile} ---\n${tailOf(daemon.logFile)}`);
    return ids;
  } finally {
    db.close();
  }
}

/** A home with the typical project and one finished run of each of its jobs (the seeding templates). */
async function typicalHome(ctx, { measureIdle }) {
  const base = path.join(ctx.dir, 'typical');
  const project = typicalProject(path.join(base, 'project'));
  const home = path.join(base, 'home');
  const daemon = await startDaemon({ root: ctx.root, home, projectDirs: [project], logFile: path.join(base, 'daemon.log') });
  const result = { home, project, pid: daemon.pid };
  try {
    if (measureIdle) {
      await sleep(ctx.cfg.settleMs);
      result.fresh = memoryOf(daemon.pid);
    }
    await runTemplates(daemon);
    if (measureIdle) {
      await sleep(ctx.cfg.afterRunSettleMs);
      const count = () => {
        const db = openStoreReadonly(home);
        try {
          return db.prepare('SELECT count(*) AS n FROM runs').get().n;
        } finally {
          db.close();
        }
      };
      const before = count();
      result.idle = await watchIdle(daemon.pid, ctx.cfg.idleWindowMs);
      result.children = childrenOf(daemon.pid);
      result.disturbed = count() !== before; // a schedule fired inside the window
    }
  } finally {
    await stopDaemon(daemon);
  }
  return result;
}

async function idlePhase(ctx) {
  const { cfg } = ctx;
  out(`idle: typical project (16 pipelines, 3 scheduled jobs), API up; RSS ${cfg.settleMs / 1000} s after start and again after one run of each job + ${cfg.afterRunSettleMs / 1000} s; context switches of every daemon thread over ${cfg.idleWindowMs / 1000} s\n`);
  const typical = await typicalHome(ctx, { measureIdle: true });
  ctx.typical = typical;

  // A schedule further away than a Node timer can wait (2^31-1 ms ≈ 24.8 days).
  const base = path.join(ctx.dir, 'long-horizon');
  const { dir: project, cron } = longHorizonProject(path.join(base, 'project'));
  const daemon = await startDaemon({ root: ctx.root, home: path.join(base, 'home'), projectDirs: [project], logFile: path.join(base, 'daemon.log') });
  let probe;
  try {
    await sleep(Math.min(cfg.settleMs, 3_000));
    probe = await watchIdle(daemon.pid, cfg.probeWindowMs);
  } finally {
    await stopDaemon(daemon);
  }
  probe.cron = cron;
  probe.overflowWarning = /TimeoutOverflowWarning/.test(tailOf(daemon.logFile, 20_000));

  const { idle } = typical;
  const result = {
    freshRssMB: MB(typical.fresh.rssMiB),
    rssMB: MB(idle.rssMiB),
    hwmMB: MB(idle.hwmMiB),
    wakeupsPerMin: idle.wakeupsPerMin,
    voluntaryPerMin: idle.voluntaryPerMin,
    cpuPercent: idle.cpuPercent,
    windowS: idle.seconds,
    threads: idle.threads,
    children: typical.children.length,
    disturbed: typical.disturbed,
    perThread: idle.perThread,
    longHorizon: { cron, wakeupsPerMin: probe.wakeupsPerMin, cpuPercent: probe.cpuPercent, windowS: probe.seconds, overflowWarning: probe.overflowWarning },
  };
  // Node names none of its threads: tell the main thread (tid = pid) from the rest.
  const main = idle.perThread.filter((t) => t.tid === typical.pid);
  const others = idle.perThread.filter((t) => t.tid !== typical.pid);
  const sum = (ts) => ts.reduce((n, t) => n + t.voluntary + t.nonvoluntary, 0);
  result.mainThreadPerMin = (sum(main) / idle.seconds) * 60;
  result.otherThreadsPerMin = (sum(others) / idle.seconds) * 60;
  out(
    `${formatTable(
      ['daemon idle', 'value'],
      [
        ['RSS after start + settle', `${result.freshRssMB.toFixed(1)} MB`],
        ['RSS idle after running the 3 jobs', `${result.rssMB.toFixed(1)} MB (anonymous ${MB(idle.anonMiB).toFixed(1)}, file-backed ${MB(idle.fileMiB).toFixed(1)})`],
        ['peak RSS (VmHWM)', `${result.hwmMB.toFixed(1)} MB`],
        [`wake-ups/min (voluntary + involuntary ctxt switches, all ${idle.threads} threads)`, result.wakeupsPerMin.toFixed(0)],
        ['  of which voluntary (the thread slept and was woken)', result.voluntaryPerMin.toFixed(0)],
        ['  main thread (event loop)', result.mainThreadPerMin.toFixed(0)],
        [`  the other ${others.length} threads (libuv pool, V8 platform)`, `${result.otherThreadsPerMin.toFixed(0)} (busiest: ${others.slice(0, 3).map((t) => ((t.voluntary + t.nonvoluntary) / idle.seconds * 60).toFixed(0)).join(', ')})`],
        ['CPU while idle', `${result.cpuPercent.toFixed(2)} %`],
        ['child processes while idle', String(result.children)],
        [`long-horizon schedule "${cron}" (next fire in ~60 days): wake-ups/min`, result.longHorizon.wakeupsPerMin.toFixed(0)],
        ['  its CPU while idle', `${result.longHorizon.cpuPercent.toFixed(2)} %${probe.overflowWarning ? ' (daemon log: TimeoutOverflowWarning)' : ''}`],
      ],
    )}\n`,
  );
  if (result.disturbed) out('NOTE: a run was created during the idle window (a schedule of the typical project fired); the wake-up figure includes it.\n');
  if (result.longHorizon.wakeupsPerMin > 10 * Math.max(result.wakeupsPerMin, 60)) {
    out(`WARNING: with a schedule more than 2^31-1 ms (~24.8 days) away the daemon spins: Node clamps such a setTimeout to 1 ms (scheduler armTimer), ${result.longHorizon.wakeupsPerMin.toFixed(0)} wake-ups/min, ${result.longHorizon.cpuPercent.toFixed(0)} % CPU.\n`);
  }
  out('\n');
  return result;
}

// ---------------------------------------------------------------- list

const LIST_FILTERS = [
  { id: 'default', label: 'no filter', params: {}, check: () => true },
  { id: 'pipeline-common', label: 'pipeline=prices (every run)', params: { pipeline: 'prices' }, check: () => true },
  { id: 'pipeline-rare', label: 'pipeline=rebalance (~1% of runs)', params: { pipeline: 'rebalance' }, check: (r) => r.targets.includes('monday_rebalance') },
  { id: 'state', label: 'state=failed (~5% of runs)', params: { state: 'failed' }, check: (r) => r.state === 'failed' },
];

/** The SQL of listRuns (electron/engine/store/run-store.ts), for the in-process "SQL only" column. Keep in step. */
function listSql(params) {
  const where = [];
  const args = [];
  if (params.state) where.push('r.state = ?'), args.push(params.state);
  if (params.pipeline) where.push('EXISTS (SELECT 1 FROM task_runs t WHERE t.run_id = r.id AND t.pipeline = ?)'), args.push(params.pipeline);
  return { sql: `SELECT r.* FROM runs r ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY r.id DESC LIMIT ?`, args: [...args, 50] };
}

async function listPhase(ctx) {
  const { cfg, root } = ctx;
  const base = path.join(ctx.dir, 'list');
  out(`list: ${cfg.seedRuns} runs × 10 task runs seeded (templates: real runs of the typical project), ${cfg.listCalls} sequential runs.list calls per filter (round-robin, after ${cfg.listWarm} warm-up each), keep-alive HTTP, default limit\n`);
  const typical = ctx.typical ?? (await typicalHome(ctx, { measureIdle: false }));
  const home = path.join(base, 'home');
  // Start the daemon once so the store is created and migrated by the engine itself.
  await stopDaemon(await startDaemon({ root, home, projectDirs: [typical.project], logFile: path.join(base, 'daemon.log') }));
  const seed = seedStore({ templateFile: path.join(typical.home, 'tickwork.db'), targetFile: path.join(home, 'tickwork.db'), logsDir: path.join(home, 'logs'), jobs: TYPICAL_JOBS, runs: cfg.seedRuns });
  const dbBytes = fs.statSync(path.join(home, 'tickwork.db')).size;
  out(`  seeded ${seed.runs} runs, ${seed.tasks} task runs, ${seed.attempts} attempts, ${seed.events} events in ${(seed.ms / 1000).toFixed(1)} s (${(dbBytes / 1e6).toFixed(0)} MB store; ${Object.entries(seed.byState).map(([s, n]) => `${s} ${n}`).join(', ')})\n`);

  // First start on this history (as after an upgrade): the daemon catches up on the whole
  // journal (alerts) before its API answers. Then a restart: the steady state measured below.
  const t0 = performance.now();
  const first = await startDaemon({ root, home, projectDirs: [typical.project], logFile: path.join(base, 'daemon.log') });
  const firstStart = { apiUpMs: performance.now() - t0 };
  try {
    await sleep(cfg.settleMs);
    firstStart.rss = memoryOf(first.pid);
  } finally {
    await stopDaemon(first);
  }
  const t1 = performance.now();
  const daemon = await startDaemon({ root, home, projectDirs: [typical.project], logFile: path.join(base, 'daemon.log') });
  const restartApiUpMs = performance.now() - t1;
  const times = Object.fromEntries(LIST_FILTERS.map((f) => [f.id, []]));
  const bytes = {};
  let rss;
  let settled;
  let paced = null;
  try {
    await sleep(cfg.settleMs); // the start-up alert sweep over the seeded history, and its deliveries
    settled = memoryOf(daemon.pid);
    const call = async (f) => {
      const r = await callApi(daemon, 'runs.list', f.params);
      if (r.status !== 200 || !Array.isArray(r.body)) throw new BenchError(`runs.list ${JSON.stringify(f.params)} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
      if (r.body.length !== 50 || !r.body.every(f.check)) throw new BenchError(`runs.list ${JSON.stringify(f.params)}: ${r.body.length} runs, expected 50 matching the filter`);
      bytes[f.id] = r.bytes;
      return r.ms;
    };
    for (const f of LIST_FILTERS) for (let i = 0; i < cfg.listWarm; i++) await call(f);
    for (let i = 0; i < cfg.listCalls; i++) for (const f of LIST_FILTERS) times[f.id].push(await call(f));
    rss = memoryOf(daemon.pid);
    // A client polling the list (a UI refreshing) over more than one 30 s alert-condition cycle:
    // what a call meets when it lands on the daemon's periodic work.
    if (cfg.listSweepMs > 0) {
      const xs = [];
      const slow = [];
      for (const end = Date.now() + cfg.listSweepMs; Date.now() < end; ) {
        const ms = await call(LIST_FILTERS[0]);
        xs.push(ms);
        if (ms > ALWAYS_ON_TARGETS.listP99Ms) slow.push({ atS: (Date.now() - daemon.startedAt) / 1000, ms });
        await sleep(20);
      }
      paced = { ...stats(xs), slow };
    }
  } finally {
    await stopDaemon(daemon);
  }

  // The same SQL in this process, no HTTP/JSON: how much of the call is the query.
  const db = new Database(path.join(home, 'tickwork.db'), { readonly: true });
  const sqlOnly = {};
  const plans = {};
  try {
    for (const f of LIST_FILTERS) {
      const { sql, args } = listSql(f.params);
      const statement = db.prepare(sql);
      for (let i = 0; i < cfg.listWarm; i++) statement.all(...args);
      const xs = [];
      for (let i = 0; i < cfg.listCalls; i++) {
        const t0 = performance.now();
        statement.all(...args);
        xs.push(performance.now() - t0);
      }
      sqlOnly[f.id] = stats(xs);
      plans[f.id] = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args).map((row) => row.detail);
    }
  } finally {
    db.close();
  }
  const result = {
    seed: { ...seed, dbBytes },
    filters: Object.fromEntries(LIST_FILTERS.map((f) => [f.id, { label: f.label, params: f.params, http: stats(times[f.id]), sqlOnly: sqlOnly[f.id], responseBytes: bytes[f.id], plan: plans[f.id] }])),
    daemonRssMB: MB(rss.rssMiB),
    daemonAnonMB: MB(rss.anonMiB),
    daemonSettledRssMB: MB(settled.rssMiB),
    daemonSettledAnonMB: MB(settled.anonMiB),
    firstStart: { apiUpMs: firstStart.apiUpMs, rssMB: MB(firstStart.rss.rssMiB), anonMB: MB(firstStart.rss.anonMiB) },
    restartApiUpMs,
    paced,
  };
  out(
    `${formatTable(
      ['runs.list (ms)', 'n', 'p50', 'p99', 'max', 'SQL-only p50', 'SQL-only p99', 'body KB'],
      LIST_FILTERS.map((f) => {
        const r = result.filters[f.id];
        return [...statRow(f.label, r.http), ms2(r.sqlOnly.p50), ms2(r.sqlOnly.p99), (r.responseBytes / 1024).toFixed(1)];
      }),
    )}\n` +
      (paced
        ? `paced (one no-filter call every 20 ms for ${cfg.listSweepMs / 1000} s, spanning an alert-condition cycle): n ${paced.n}, p50 ${ms2(paced.p50)}, p99 ${ms2(paced.p99)}, max ${ms2(paced.max)} ms; ${paced.slow.length} calls over ${ALWAYS_ON_TARGETS.listP99Ms} ms${paced.slow.length ? ` (at ${paced.slow.map((x) => `${x.atS.toFixed(1)} s: ${x.ms.toFixed(0)} ms`).join(', ')} after daemon start)` : ''}\n`
        : '') +
      `daemon on this store: first start API up after ${(result.firstStart.apiUpMs / 1000).toFixed(2)} s, RSS ${result.firstStart.rssMB.toFixed(1)} MB (anonymous ${result.firstStart.anonMB.toFixed(1)}) ${cfg.settleMs / 1000} s later; ` +
      `restart API up after ${(restartApiUpMs / 1000).toFixed(2)} s, RSS ${result.daemonSettledRssMB.toFixed(1)} MB (anonymous ${result.daemonSettledAnonMB.toFixed(1)}) settled, ${result.daemonRssMB.toFixed(1)} MB after the calls\n`,
  );
  if (result.daemonSettledRssMB > ALWAYS_ON_TARGETS.idleRssMB) {
    out(`NOTE: with this history the settled daemon holds ${result.daemonSettledRssMB.toFixed(1)} MB, over the ${ALWAYS_ON_TARGETS.idleRssMB} MB idle target (checked on the typical project's small store); see bench/README.md.\n`);
  }
  out('\n');
  return result;
}

// ---------------------------------------------------------------- section

/** The checks against ALWAYS_ON_TARGETS (null pass = not measured). */
function alwaysOnChecks(results) {
  const T = ALWAYS_ON_TARGETS;
  const checks = [];
  const add = (name, value, unit, target, pass) => checks.push({ name, value, unit, target, pass: value === null || value === undefined ? null : pass(value) });
  add('trigger p99', results.trigger?.all.p99, 'ms', `≤ ${T.triggerP99Ms}`, (v) => v <= T.triggerP99Ms);
  add('chain p50 beyond spawn', results.chain?.beyondSpawnP50, 'ms', `≤ ${T.chainBeyondSpawnP50Ms}`, (v) => v <= T.chainBeyondSpawnP50Ms);
  add('idle RSS', results.idle?.rssMB, 'MB', `≤ ${T.idleRssMB}`, (v) => v <= T.idleRssMB);
  for (const f of LIST_FILTERS) add(`runs.list p99 (${f.label})`, results.list?.filters[f.id].http.p99, 'ms', `≤ ${T.listP99Ms}`, (v) => v <= T.listP99Ms);
  return checks;
}

/**
 * Runs the selected parts (`trash` from trash.mjs takes the previous
 * section's files out of the way); resolves with { result: PASS | FAIL | INCOMPLETE,
 * checks, results } or rejects with a BenchError (a daemon or run failed).
 */
export async function runAlwaysOn({ root, workDir, quick, parts = ALWAYS_ON_PARTS, trash }) {
  const cfg = alwaysOnConfig(quick);
  const dir = path.join(workDir, 'always-on');
  trash.move(dir); // an earlier bench's section: deleted after the measurements (trash.mjs)
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const load0 = os.loadavg();
  out(
    `Always-on engine bench${quick ? ' (--quick)' : ''}: ${parts.join(', ')} · launcher ${process.env.TICKWORK_LAUNCHER ?? 'default'} · load average ${load0.map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs\n` +
      `workspace ${path.relative(root, dir)}/ (daemon logs and homes kept there)\n\n`,
  );
  const ctx = { root, dir, cfg };
  const results = {};
  const phases = { trigger: triggerPhase, chain: chainPhase, idle: idlePhase, list: listPhase };
  const durations = {};
  for (const part of ALWAYS_ON_PARTS) {
    if (!parts.includes(part)) continue;
    const t0 = performance.now();
    results[part] = await phases[part](ctx);
    durations[part] = (performance.now() - t0) / 1000;
  }
  const seconds = (performance.now() - started) / 1000;
  const checks = alwaysOnChecks(results);
  const measured = checks.filter((c) => c.pass !== null);
  const result = measured.some((c) => !c.pass) ? 'FAIL' : measured.length === checks.length ? 'PASS' : 'INCOMPLETE';
  out(
    `${formatTable(
      ['always-on target', 'measured', 'target', 'verdict'],
      checks.map((c) => [c.name, c.value === null || c.value === undefined ? 'n/a' : `${c.value.toFixed(c.unit === 'MB' ? 1 : 2)} ${c.unit}`, `${c.target} ${c.unit}`, c.pass === null ? 'not measured' : c.pass ? 'ok' : 'MISSED']),
    )}\n` +
      `section took ${seconds.toFixed(0)} s (${Object.entries(durations).map(([p, s]) => `${p} ${s.toFixed(0)} s`).join(', ')}); load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`,
  );
  const detail = checks.map((c) => `${c.name} ${c.value === null || c.value === undefined ? 'n/a' : c.value.toFixed(2)} (target ${c.target}) ${c.pass === null ? 'not measured' : c.pass ? 'ok' : 'MISSED'}`).join('; ');
  out(`${result}: ${detail}\n`);
  fs.writeFileSync(
    path.join(workDir, 'always-on.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, quick, config: cfg, loadavg: { start: load0, end: os.loadavg() }, seconds, durations, results, checks, result }, null, 2),
  );
  return { result, checks, results, seconds };
}

