// Baseline: the least a Node orchestrator can do for the benchmark DAG —
// spawn `true` once per task, at most N at a time, in dependency order, with
// no state, no logging and no retries. Tickwork ÷ this is Tickwork's own
// overhead (SQLite state, events, planning) on top of Node's process spawning.
//
// With --via-sh each task runs as `/bin/sh -c 'trap : EXIT; "$@"' _ true` in its
// own process group: a shell that has to fork the command, i.e. the process
// shape of a wrapper that records exit status (and of make's stamp recipes).
//
// With --stamp DIR each task runs `date +%s%N` instead of `true`, its stdout
// in DIR/<task> (a file, like an attempt's log): the always-on bench reads
// the stamps to get a bare spawner's chain latency (A's clock read → B's).
//
//   node bench/bare-spawn.mjs bench/.work/dag.json [concurrency=2] [--via-sh] [--stamp DIR]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const viaSh = argv.includes('--via-sh');
const stampAt = argv.indexOf('--stamp');
const stampDir = stampAt >= 0 ? argv[stampAt + 1] : null;
const [dagFile, concArg = '2'] = argv.filter((a, i) => a !== '--via-sh' && i !== stampAt && (stampAt < 0 || i !== stampAt + 1));
if (!dagFile || (stampAt >= 0 && !stampDir)) {
  process.stderr.write('usage: node bench/bare-spawn.mjs DAG.json [concurrency] [--via-sh] [--stamp DIR]\n');
  process.exit(2);
}
const { tasks } = JSON.parse(fs.readFileSync(dagFile, 'utf8'));
const concurrency = Number(concArg);

const waiting = new Map(tasks.map((t) => [t.name, t.deps.length]));
const children = new Map(tasks.map((t) => [t.name, []]));
for (const t of tasks) for (const d of t.deps) children.get(d).push(t.name);
const ready = tasks.filter((t) => t.deps.length === 0).map((t) => t.name);
let running = 0;
let done = 0;

/** Starts ready tasks until the concurrency limit is reached. */
function pump() {
  while (running < concurrency && ready.length > 0) {
    const name = ready.shift();
    running++;
    const command = stampDir ? ['date', '+%s%N'] : ['true'];
    const out = stampDir ? fs.openSync(path.join(stampDir, name), 'w') : 'ignore';
    const stdio = ['ignore', out, 'ignore'];
    const child = viaSh
      ? spawn('/bin/sh', ['-c', 'trap : EXIT; "$@"', 'task', ...command], { stdio, detached: true })
      : spawn(command[0], command.slice(1), { stdio });
    if (typeof out === 'number') fs.closeSync(out);
    child.on('error', (err) => {
      process.stderr.write(`spawn failed for ${name}: ${err.message}\n`);
      process.exit(1);
    });
    child.on('exit', (code) => {
      if (code !== 0) {
        process.stderr.write(`${name} exited ${code}\n`);
        process.exit(1);
      }
      running--;
      done++;
      for (const c of children.get(name)) {
        const left = waiting.get(c) - 1;
        waiting.set(c, left);
        if (left === 0) ready.push(c);
      }
      if (done === tasks.length) process.stdout.write(`ran ${done} tasks\n`);
      else pump();
    });
  }
}
pump();
