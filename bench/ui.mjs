// The dashboard in headless Chromium against the real daemon (`tickwork up`),
// on two scratch homes that differ only in how much work they hold, so every
// figure is printed at both sizes with how it grew:
//
//   runs      page load of /runs → first row visible and the filter's search
//             box focused                                  (100 vs 100k task runs)
//   gantt     in-app navigation to a run → its Gantt drawn (10 vs 1000 tasks)
//   timeline  in-app navigation to / → the schedule timeline drawn
//                                                           (100 vs 10k past runs)
//   log       in-app navigation to a task → its log's last line visible
//                                                           (1 MB vs 1 GB log)
//   events    journal event → the Runs row showing it, p95 (small vs big store)
//   heap      the page's JS heap after a tour of all of the above and the
//             event phase in one document                  (small vs big store)
//   bundle    initial JS, gzipped; the DAG layout a lazy chunk
//
// Each view figure is the median of BENCH_UI_REPS (default 5) repetitions,
// sizes interleaved. See bench/README.md ("UI section").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { typicalProject, TYPICAL_JOBS } from './always-on-projects.mjs';
import { BenchError, callOk, openStoreReadonly, sleep, startDaemon, stopDaemon, tailOf, waitForRuns } from './daemon.mjs';
import { seedStore } from './seed-store.mjs';
import { liveProject, seedUiWorkloads } from './ui-seed.mjs';
import { connected, heapOf, launchBrowser, probeInApp, probePageLoad, readRowChanges, recordRowChanges, settled, signedInPage } from './ui-browser.mjs';
import { measureInitialJs } from './ui-bundle.mjs';
import { formatTable, median, percentile } from './measure.mjs';

/** Targets from issue #12. */
export const UI_TARGETS = { runsInteractiveMs: 1000, ganttMs: 300, timelineMs: 300, logTailMs: 500, eventP95Ms: 100, heapMB: 150, initialJsKB: 300 };

/** The two homes: the same workloads, small and big. */
const SCALES = [
  { id: 'small', historyRuns: 10, timelineRuns: 100, ganttTasks: 10, logBytes: 1_000_000 },
  { id: 'big', historyRuns: 10_000, timelineRuns: 10_000, ganttTasks: 1000, logBytes: 1_000_000_000 },
];

/** Sizes of a full and a --quick run. */
export function uiConfig(quick) {
  const reps = Number(process.env.BENCH_UI_REPS ?? 5);
  if (!Number.isInteger(reps) || reps < 1) throw new BenchError('BENCH_UI_REPS must be a positive integer');
  return { reps, liveRuns: quick ? 10 : 30, settleMs: 5_000 };
}

const out = (text) => process.stdout.write(text);
const round = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
const msText = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(0)} ms`);
const count = (n) => n.toLocaleString('en');
const bytesText = (n) => (n >= 1e9 ? `${n / 1e9} GB` : `${n / 1e6} MB`);

/** Runs the typical project's jobs once on a home of their own: the rows every seeded run is cloned from. */
async function templateHome(root, dir, project) {
  const home = path.join(dir, 'templates', 'home');
  const daemon = await startDaemon({ root, home, projectDirs: [project], logFile: path.join(dir, 'templates', 'daemon.log') });
  try {
    const db = openStoreReadonly(home);
    try {
      const ids = [];
      for (const job of TYPICAL_JOBS) ids.push((await callOk(daemon, 'runs.trigger', { targets: [job], force: true })).id);
      const states = await waitForRuns(db, ids, { timeoutMs: 60_000, daemon });
      const bad = [...states].filter(([, s]) => s !== 'succeeded');
      if (bad.length) throw new BenchError(`ui: template runs ${bad.map(([id, s]) => `${id} ${s}`).join(', ')}\n--- ${daemon.logFile} ---\n${tailOf(daemon.logFile)}`);
    } finally {
      db.close();
    }
  } finally {
    await stopDaemon(daemon);
  }
  return path.join(home, 'tickwork.db');
}

/** A home of one scale: migrated by the daemon itself, then seeded (a year of history and the view workloads). */
async function seedScale({ root, dir, scale, projects, templateFile }) {
  const base = path.join(dir, scale.id);
  const home = path.join(base, 'home');
  const logFile = path.join(base, 'daemon.log');
  await stopDaemon(await startDaemon({ root, home, projectDirs: projects, logFile }));
  const history = seedStore({ templateFile, targetFile: path.join(home, 'tickwork.db'), logsDir: path.join(home, 'logs'), jobs: TYPICAL_JOBS, runs: scale.historyRuns });
  const work = seedUiWorkloads({ templateFile, targetFile: path.join(home, 'tickwork.db'), logsDir: path.join(home, 'logs'), job: TYPICAL_JOBS[0], timelineRuns: scale.timelineRuns, ganttTasks: scale.ganttTasks, logBytes: scale.logBytes });
  const db = openStoreReadonly(home);
  const store = db.prepare('SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM task_runs) AS tasks, (SELECT count(*) FROM events) AS events').get();
  db.close();
  store.bytes = fs.statSync(path.join(home, 'tickwork.db')).size;
  out(
    `  ${scale.id}: ${count(store.runs)} runs, ${count(store.tasks)} task runs, ${count(store.events)} events (${(store.bytes / 1e6).toFixed(0)} MB store; history ${(history.ms / 1000).toFixed(1)} s, views ${(work.ms / 1000).toFixed(1)} s) · ` +
      `${count(scale.timelineRuns)} runs in the past 23 h · run ${work.gantt.runId}: ${work.gantt.tasks} tasks, ${work.gantt.attempts} attempts · run ${work.log.runId}: a ${bytesText(work.log.bytes)} log (written in ${(work.log.writeMs / 1000).toFixed(1)} s)\n`,
  );
  return { ...scale, home, logFile, store, work };
}

/** Fails with the daemon's log tail when `promise` rejects. */
async function orFail(promise, what, scale) {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof BenchError) throw err;
    throw new BenchError(`ui (${scale.id}): ${what}: ${err.message.split('\n')[0]}\n--- ${scale.logFile} ---\n${tailOf(scale.logFile, 1500)}`);
  }
}

/** Opens the app on a page no view holds (its Not found page), the event stream connected and the page settled: where each in-app navigation starts. */
async function atStart(s) {
  await s.tab.page.goto(`${s.tab.origin}/bench-start`);
  await s.tab.page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
  await connected(s.tab.page);
  await settled(s.tab.page);
}

/** Whether the Run detail view draws a Gantt at all (the section reports "n/a: not built" otherwise). */
async function hasGantt(s) {
  await atStart(s);
  await s.tab.page.goto(`${s.tab.origin}/runs/${s.work.gantt.runId}`);
  try {
    await s.tab.page.getByRole('group', { name: /^Gantt chart: / }).waitFor({ timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** One repetition of each view figure on one scale. */
const VIEWS = {
  async runs(s) {
    const r = await probePageLoad(s.tab.page, 'runs', `${s.tab.origin}/runs`);
    await s.tab.page.getByRole('table', { name: 'Runs' }).getByRole('row', { name: new RegExp(`^${r.firstRow} `) }).waitFor();
    return { ms: r.ms, data: r.data };
  },
  async gantt(s) {
    const expected = { rows: s.work.gantt.tasks };
    await atStart(s);
    const inApp = await probeInApp(s.tab.page, 'gantt', `/runs/${s.work.gantt.runId}`, expected);
    await s.tab.page.getByRole('group', { name: new RegExp(`^Gantt chart: ${s.work.gantt.tasks} tasks, ${s.work.gantt.attempts} attempts`) }).waitFor();
    const load = await probePageLoad(s.tab.page, 'gantt', `${s.tab.origin}/runs/${s.work.gantt.runId}`, expected);
    return { ms: inApp.ms, data: inApp.data, render: inApp.data === null ? null : inApp.ms - inApp.data, paint: inApp.paintMs, pageLoad: load.ms };
  },
  async timeline(s) {
    const expected = { bars: s.timelineRuns };
    await atStart(s);
    const inApp = await probeInApp(s.tab.page, 'timeline', '/', expected);
    await s.tab.page.getByRole('group', { name: /^Schedule timeline, \d+ lanes/ }).waitFor();
    const load = await probePageLoad(s.tab.page, 'timeline', `${s.tab.origin}/`, expected);
    return { ms: inApp.ms, data: inApp.data, render: inApp.data === null ? null : inApp.ms - inApp.data, paint: inApp.layoutPaintMs, pageLoad: load.ms, bars: inApp.bars };
  },
  async log(s) {
    const { runId, task, lastLine } = s.work.log;
    await atStart(s);
    const inApp = await probeInApp(s.tab.page, 'log', `/runs/${runId}/tasks/${task}`, { lastLine });
    await s.tab.page.getByRole('listbox', { name: `Log lines of ${task}, attempt 1` }).getByRole('option', { name: lastLine }).waitFor();
    const load = await probePageLoad(s.tab.page, 'log', `${s.tab.origin}/runs/${runId}/tasks/${task}`, { lastLine });
    return { ms: inApp.ms, data: inApp.data, render: inApp.data === null ? null : inApp.ms - inApp.data, pageLoad: load.ms };
  },
};

/**
 * The tour: one document opened at / and taken through the Gantt, the log
 * and the Runs view by in-app navigation; there `liveRuns` runs of the live
 * project are triggered one after another, and each journal event of theirs
 * is timed to the Runs row showing it. Then the page's heap.
 */
async function tour(s, cfg, live) {
  const { page } = s.tab;
  await probePageLoad(page, 'timeline', `${s.tab.origin}/`, { bars: s.timelineRuns });
  await probeInApp(page, 'gantt', `/runs/${s.work.gantt.runId}`, { rows: s.work.gantt.tasks });
  await probeInApp(page, 'log', `/runs/${s.work.log.runId}/tasks/${s.work.log.task}`, { lastLine: s.work.log.lastLine });
  await probeInApp(page, 'runs', '/runs');
  await settled(page);
  await recordRowChanges(page);
  const ids = [];
  for (let i = 0; i < cfg.liveRuns; i++) {
    const { id } = await callOk(s.daemon, 'runs.trigger', { targets: [live.pipeline], project: live.file });
    ids.push(id);
    const deadline = Date.now() + 20_000;
    while (!(await page.evaluate((key) => window.__tickworkBenchRows.has(key), `${id} succeeded`))) {
      if (Date.now() > deadline) throw new BenchError(`ui (${s.id}): run ${id} never showed as succeeded in the Runs view; the page saw ${JSON.stringify([...(await readRowChanges(page))].filter(([k]) => k.startsWith(`${id} `)))}\n--- ${s.logFile} ---\n${tailOf(s.logFile, 1500)}`);
      await sleep(20);
    }
    await sleep(100);
  }
  const seen = await readRowChanges(page);
  const db = openStoreReadonly(s.home);
  let events;
  try {
    events = db.prepare(`SELECT run_id AS id, to_state AS state, at FROM events WHERE kind = 'run' AND run_id IN (${ids.join(',')}) ORDER BY seq`).all();
  } finally {
    db.close();
  }
  const latencies = [];
  let superseded = 0;
  for (const e of events) {
    const shown = e.state === 'queued' ? seen.get(`${e.id} *`) : seen.get(`${e.id} ${e.state}`);
    if (shown === undefined) superseded++;
    else latencies.push(shown - e.at);
  }
  const heap = await heapOf(s.tab.cdp);
  return {
    events: { runs: ids.length, events: events.length, shown: latencies.length, superseded, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies), min: Math.min(...latencies) },
    heap,
  };
}

/** Median and spread of one figure's repetitions. */
function summary(xs) {
  const values = xs.filter((x) => x !== null && x !== undefined);
  return values.length ? { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.map(round) } : null;
}

/**
 * Runs the UI section; resolves with { result: PASS | MISS | INCOMPLETE,
 * checks, results } or rejects with a BenchError (a daemon, a run or the page
 * failed).
 */
export async function runUi({ root, workDir, quick, trash }) {
  const cfg = uiConfig(quick);
  const dir = path.join(workDir, 'ui');
  trash.move(dir); // an earlier bench's homes and its 1 GB log: deleted after the measurements (trash.mjs)
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const load0 = os.loadavg();
  out(
    `UI bench${quick ? ' (--quick)' : ''}: headless ${process.env.TICKWORK_CHROMIUM ?? '/usr/bin/chromium'} against the real daemon, two homes (small, big), median of ${cfg.reps} repetitions · load average ${load0.map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs\n` +
      `workspace ${dir}/ (homes and daemon logs kept there)\n`,
  );
  const typical = typicalProject(path.join(dir, 'project'));
  const live = liveProject(path.join(dir, 'live'));
  const projects = [typical, live.dir];
  const templateFile = await templateHome(root, dir, typical);
  const scales = [];
  for (const scale of SCALES) scales.push(await seedScale({ root, dir, scale, projects, templateFile }));

  let browser;
  const results = { scales: {}, views: {}, tour: {} };
  try {
    for (const s of scales) {
      const t0 = performance.now();
      s.daemon = await startDaemon({ root, home: s.home, projectDirs: projects, logFile: s.logFile, timeoutMs: 180_000 });
      s.apiUpMs = performance.now() - t0;
    }
    out(`  daemons up (first start on the seeded store): ${scales.map((s) => `${s.id} API after ${(s.apiUpMs / 1000).toFixed(1)} s`).join(', ')}; settling ${cfg.settleMs / 1000} s\n`);
    await sleep(cfg.settleMs);
    browser = await launchBrowser();
    for (const s of scales) s.tab = await orFail(signedInPage(browser, { root, home: s.home }), 'signing in', s);
    const ganttBuilt = await orFail(hasGantt(scales[0]), 'opening a run', scales[0]);
    const views = Object.keys(VIEWS).filter((v) => v !== 'gantt' || ganttBuilt);
    if (!ganttBuilt) out('  the Run detail view draws no Gantt (no group "Gantt chart: …"): the Gantt figure is n/a: not built\n');
    for (const view of views) {
      const reps = Object.fromEntries(scales.map((s) => [s.id, []]));
      for (let rep = 0; rep < cfg.reps; rep++) for (const s of scales) reps[s.id].push(await orFail(VIEWS[view](s), `${view} repetition ${rep + 1}`, s));
      results.views[view] = Object.fromEntries(
        scales.map((s) => {
          const xs = reps[s.id];
          const keys = Object.keys(xs[0]).filter((k) => typeof xs[0][k] === 'number' || xs.some((x) => typeof x[k] === 'number'));
          return [s.id, Object.fromEntries(keys.map((k) => [k, summary(xs.map((x) => x[k]))]))];
        }),
      );
      out(`  ${view.padEnd(8)} ${scales.map((s) => `${s.id} ${reps[s.id].map((x) => x.ms.toFixed(0)).join(' / ')} ms`).join(' · ')}\n`);
    }
    for (const s of scales) {
      results.tour[s.id] = await orFail(tour(s, cfg, live), 'the tour and its live runs', s);
      const t = results.tour[s.id];
      out(`  tour     ${s.id}: ${t.events.runs} live runs, ${t.events.shown} of ${t.events.events} run events shown (${t.events.superseded} superseded before shown), event → row p50 ${t.events.p50} ms, p95 ${t.events.p95} ms, max ${t.events.max} ms; heap ${t.heap.usedMB.toFixed(1)} MB (${t.heap.usedAfterGcMB.toFixed(1)} MB after a forced GC)\n`);
    }
    for (const s of scales) {
      const errors = s.tab.errors;
      if (errors.length) out(`  NOTE (${s.id}): the page threw ${errors.length} uncaught error(s): ${errors.slice(0, 3).join(' | ')}\n`);
    }
  } finally {
    await browser?.close();
    for (const s of scales) if (s.daemon) await stopDaemon(s.daemon);
  }
  const bundle = measureInitialJs(root);
  for (const s of scales) results.scales[s.id] = { store: s.store, timelineRuns: s.timelineRuns, ganttTasks: s.ganttTasks, logBytes: s.logBytes, apiUpMs: s.apiUpMs };
  results.bundle = bundle;

  const checks = uiChecks(results, scales);
  const measured = checks.filter((c) => c.pass !== null);
  const result = measured.some((c) => !c.pass) ? 'MISS' : measured.length === checks.length ? 'PASS' : 'INCOMPLETE';
  out(`\n${uiTable(results, scales, checks, cfg)}\n`);
  const seconds = (performance.now() - started) / 1000;
  out(
    `initial JS: ${bundle.files.map((f) => `${f.file} ${(f.bytes / 1024).toFixed(0)} KB (${(f.gzip / 1024).toFixed(1)} KB gzipped)`).join(', ')}; CSS ${(bundle.css.gzipBytes / 1024).toFixed(1)} KB gzipped; ` +
      `lazy: ${bundle.lazy.map((f) => `${f.file.replace(/^assets\//, '')} ${(f.gzip / 1024).toFixed(0)} KB`).join(', ')}\n` +
      `section took ${seconds.toFixed(0)} s; load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`,
  );
  out(`${result}: ${checks.map((c) => `${c.name} ${c.text} (target ${c.target}) ${c.verdict}`).join('; ')}\n`);
  fs.writeFileSync(path.join(workDir, 'ui.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, quick, config: cfg, loadavg: { start: load0, end: os.loadavg() }, seconds, results, checks, result }, null, 2));
  return { result, checks, results, seconds };
}

/** The checks against UI_TARGETS (pass null: not measured or not built). */
function uiChecks(results, scales) {
  const T = UI_TARGETS;
  const big = scales[scales.length - 1].id;
  const checks = [];
  const add = (name, value, unit, limit, note = null) => {
    const pass = value === null || value === undefined ? null : value <= limit;
    const text = value === null || value === undefined ? 'n/a' : `${value.toFixed(unit === 'ms' ? 0 : 1)} ${unit}`;
    checks.push({ name, value, unit, target: `≤ ${limit} ${unit}`, pass, text, verdict: note ?? (pass === null ? 'n/a' : pass ? 'PASS' : 'MISS') });
  };
  const view = (id) => results.views[id]?.[big]?.ms?.median;
  add('Runs view interactive', view('runs'), 'ms', T.runsInteractiveMs);
  add('Gantt of a 1000-task run', view('gantt'), 'ms', T.ganttMs, results.views.gantt ? null : 'n/a: not built');
  add('timeline with 10k runs', view('timeline'), 'ms', T.timelineMs);
  add('1 GB log at its tail', view('log'), 'ms', T.logTailMs);
  add('event → DOM p95', results.tour[big]?.events.p95, 'ms', T.eventP95Ms);
  add('JS heap after all of that', results.tour[big]?.heap.usedMB, 'MB', T.heapMB);
  add('initial JS gzipped', results.bundle.gzipBytes / 1024, 'KB', T.initialJsKB, results.bundle.dagLazy === false ? 'MISS (DAG layout eager)' : null);
  return checks;
}

/** The table: each figure at both sizes, how it grew, its target and verdict; the parts of each view figure beside it. */
function uiTable(results, scales, checks, cfg) {
  const [small, big] = scales.map((s) => s.id);
  const st = (id) => results.scales[id];
  const cell = (x) => (x ? `${x.median.toFixed(0)} ms` : 'n/a');
  const growth = (a, b) => (a && b && a > 0 ? `${(b / a).toFixed(2)}×` : '-');
  const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
  const rows = [];
  const viewRow = (id, label, work, check) => {
    const v = results.views[id];
    if (!v) {
      rows.push([label, work, 'n/a', 'n/a', '-', byName[check].target, byName[check].verdict]);
      return;
    }
    rows.push([label, work, cell(v[small].ms), cell(v[big].ms), growth(v[small].ms?.median, v[big].ms?.median), byName[check].target, byName[check].verdict]);
    const parts = [['render', '  data arrived → drawn'], ['paint', '  its own measure (Gantt: paint; timeline: layout + paint)'], ['pageLoad', '  page load → drawn'], ['data', '  its API answers arrived']];
    for (const [key, text] of parts) if (v[big][key] || v[small][key]) rows.push([text, '', cell(v[small][key]), cell(v[big][key]), growth(v[small][key]?.median, v[big][key]?.median), '-', '']);
  };
  viewRow('runs', 'Runs view: page load → first row + search box focused', `${count(st(small).store.tasks)} → ${count(st(big).store.tasks)} task runs`, 'Runs view interactive');
  viewRow('gantt', 'Gantt: in-app navigation → drawn', `${st(small).ganttTasks} → ${st(big).ganttTasks} tasks`, 'Gantt of a 1000-task run');
  viewRow('timeline', 'Overview timeline: in-app navigation → drawn', `${count(st(small).timelineRuns)} → ${count(st(big).timelineRuns)} runs in view`, 'timeline with 10k runs');
  viewRow('log', 'Log: in-app navigation → last line visible', `${bytesText(st(small).logBytes)} → ${bytesText(st(big).logBytes)} log`, '1 GB log at its tail');
  const ev = (id) => results.tour[id]?.events;
  rows.push([`Event → Runs row updated, p95 (${ev(big)?.shown ?? 0} events)`, `${count(st(small).store.tasks)} → ${count(st(big).store.tasks)} task runs`, msText(ev(small)?.p95), msText(ev(big)?.p95), growth(ev(small)?.p95, ev(big)?.p95), byName['event → DOM p95'].target, byName['event → DOM p95'].verdict]);
  rows.push(['  p50', '', msText(ev(small)?.p50), msText(ev(big)?.p50), growth(ev(small)?.p50, ev(big)?.p50), '-', '']);
  const heap = (id) => results.tour[id]?.heap;
  const mb = (x) => (x === undefined ? 'n/a' : `${x.toFixed(1)} MB`);
  rows.push(['JS heap after the tour and the live runs', 'small → big home', mb(heap(small)?.usedMB), mb(heap(big)?.usedMB), growth(heap(small)?.usedMB, heap(big)?.usedMB), byName['JS heap after all of that'].target, byName['JS heap after all of that'].verdict]);
  rows.push(['  after a forced GC', '', mb(heap(small)?.usedAfterGcMB), mb(heap(big)?.usedAfterGcMB), growth(heap(small)?.usedAfterGcMB, heap(big)?.usedAfterGcMB), '-', '']);
  const b = results.bundle;
  rows.push([`Initial JS, gzipped (${b.files.length} file${b.files.length === 1 ? '' : 's'})`, 'independent of the data', '', `${(b.gzipBytes / 1024).toFixed(1)} KB`, '-', byName['initial JS gzipped'].target, byName['initial JS gzipped'].verdict]);
  rows.push(['  DAG layout (run-dag chunk, elkjs worker)', '', '', b.dagLazy === null ? 'not found' : b.dagLazy ? `lazy, ${(b.dagFiles.reduce((n, f) => n + f.gzip, 0) / 1024).toFixed(0)} KB gz` : 'EAGER', '-', 'lazy', b.dagLazy === null ? 'n/a' : b.dagLazy ? 'PASS' : 'MISS']);
  return formatTable([`ui figure (median of ${cfg.reps})`, 'work (small → big)', 'small', 'big', 'growth', 'target', 'result'], rows);
}
