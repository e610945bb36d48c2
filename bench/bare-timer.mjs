// Baseline for trigger latency: the least a Node scheduler can do — a
// setTimeout armed for the next slot (every PERIOD ms of wall-clock time), a
// check that the wall clock really reached the slot (Node timers run on the
// monotonic clock and may fire a little early against it), then spawn
// `date +%s%N` with its stdout in DIR/<i>. No store, no planning, no wrapper.
// Prints {"slots":[…]} (epoch ms) when done; the caller reads the stamps.
//
//   node bench/bare-timer.mjs COUNT DIR [PERIOD_MS=100]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [countArg, dir, periodArg = '100'] = process.argv.slice(2);
const count = Number(countArg);
const period = Number(periodArg);
if (!Number.isInteger(count) || count < 1 || !dir || !(period > 0)) {
  process.stderr.write('usage: node bench/bare-timer.mjs COUNT DIR [PERIOD_MS]\n');
  process.exit(2);
}
fs.mkdirSync(dir, { recursive: true });
const slots = [];

function arm() {
  const now = Date.now();
  const slot = (Math.floor(now / period) + 1) * period;
  const wait = (at) => setTimeout(() => (Date.now() < at ? wait(at) : fire(at)), Math.max(0, at - Date.now()));
  wait(slot);
}

function fire(slot) {
  const out = fs.openSync(path.join(dir, String(slots.length)), 'w');
  const child = spawn('date', ['+%s%N'], { stdio: ['ignore', out, 'ignore'] });
  fs.closeSync(out);
  slots.push(slot);
  child.on('error', (err) => {
    process.stderr.write(`spawn failed: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', () => {
    if (slots.length < count) arm();
    else process.stdout.write(JSON.stringify({ slots }) + '\n');
  });
}

arm();
