// Lake section, modes: the engine process's own CPU time on the bench's
// 1000-task DAG (bench/dag.mjs, every task `true`, concurrency 2), run with
// `tickwork run all --wait` (live: the home's SQLite store) and with
// `--mode local` (an in-memory store), alternating, a fresh home each run.
// "Own" CPU is process.cpuUsage() of every Node process of the run (user +
// system of all its threads, not of the tasks it spawns), written at exit
// by a preload (NODE_OPTIONS=--require cpu-report.cjs); the tasks are
// `true`, so every Node process there is Tickwork's.
import fs from 'node:fs';
import path from 'node:path';
import { buildDag, tickworkYaml, DEFAULT_SHAPE } from './dag.mjs';
import { BenchError } from './daemon.mjs';
import { contenderEnv, median, timeRun } from './measure.mjs';

const CPU_REPORT = `// Written by bench/lake-modes.mjs: this process's own CPU time at exit.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
process.once('exit', () => {
  const { user, system } = process.cpuUsage();
  try {
    fs.writeFileSync(path.join(process.env.BENCH_CPU_DIR, process.pid + '.json'), JSON.stringify({ user, system }));
  } catch {}
});
`;

/** True when the built CLI's `run` takes `--mode`. */
async function hasLocalMode(cli) {
  const run = await timeRun({ cmd: process.execPath, args: [cli, 'run', '--help'] });
  return run.code === 0 && /--mode\b/.test(run.stdout);
}

/** Sums the CPU reports in `dir` (ms). */
function cpuOf(dir) {
  let micros = 0;
  for (const name of fs.readdirSync(dir)) {
    const { user, system } = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    micros += user + system;
  }
  return micros / 1000;
}

/**
 * Times `iterations` rounds of a live and a local run. Resolves with
 * {cpu: {live: [ms…], local: [ms…]}, wall: {…}} or {skipped: why}.
 */
export async function measureModes({ root, workDir, iterations, trash, log }) {
  const cli = path.join(root, 'bin', 'tickwork.cjs');
  if (!(await hasLocalMode(cli))) return { skipped: 'tickwork run --mode local not built yet' };
  const dir = path.join(workDir, 'lake-modes');
  trash.move(dir);
  const project = path.join(dir, 'project');
  fs.mkdirSync(project, { recursive: true });
  const dag = buildDag(DEFAULT_SHAPE);
  fs.writeFileSync(path.join(project, 'tickwork.yaml'), tickworkYaml(dag));
  const preload = path.join(dir, 'cpu-report.cjs');
  fs.writeFileSync(preload, CPU_REPORT);
  const cpu = { live: [], local: [] };
  const wall = { live: [], local: [] };
  let count = 0;
  const once = async (mode) => {
    const base = path.join(dir, `run-${count++}`);
    const cpuDir = path.join(base, 'cpu');
    fs.mkdirSync(cpuDir, { recursive: true });
    const args = [cli, 'run', 'all', '--project', project, '--wait', ...(mode === 'local' ? ['--mode', 'local'] : [])];
    const run = await timeRun({ cmd: process.execPath, args, cwd: root, env: contenderEnv({ TICKWORK_HOME: path.join(base, 'home'), BENCH_CPU_DIR: cpuDir, NODE_OPTIONS: `--require ${preload}` }) });
    if (run.code !== 0) throw new BenchError(`lake modes: tickwork run all --mode ${mode} exited ${run.code}\n${run.stderr.slice(-2000)}${run.stdout.slice(-2000)}`);
    if (fs.readdirSync(cpuDir).length === 0) throw new BenchError(`lake modes: no CPU report from the ${mode} run (is NODE_OPTIONS=--require honoured?)`);
    cpu[mode].push(cpuOf(cpuDir));
    wall[mode].push(run.ms);
    log(`  modes ${mode.padEnd(5)} ${dag.tasks.length} tasks: engine CPU ${cpu[mode].at(-1).toFixed(0)} ms, wall ${(run.ms / 1000).toFixed(3)} s\n`);
  };
  await once('live'); // warm-up (the CLI's code cache)
  cpu.live.length = 0;
  wall.live.length = 0;
  for (let round = 0; round < iterations; round++) {
    await once('live');
    await once('local');
  }
  trash.move(dir);
  return { cpu, wall, tasks: dag.tasks.length, cpuMs: { live: median(cpu.live), local: median(cpu.local) } };
}
