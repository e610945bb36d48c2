// Timing and summary helpers for the benchmark: run one command and time it,
// take medians, and print aligned tables.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/**
 * The variables every DAG contender runs with (plus its own, e.g.
 * TICKWORK_HOME): the same small environment for Tickwork, make, Snakemake
 * and the Node baselines, as on a workstation. The shell that starts a bench
 * may carry variables that tax one runtime's start-up and not another's:
 * with NODE_EXTRA_CA_CERTS set (this VM sets it for its package proxy),
 * every Node process parses that CA bundle before running a line of
 * JavaScript, 46 ms here (`node -e 0`: 75 ms against 28 ms).
 */
const CONTENDER_VARIABLES = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'];

/** Variables known to change a contender's start-up; the bench names those it leaves out. */
const STARTUP_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'PYTHONSTARTUP', 'PYTHONPATH', 'MAKEFLAGS'];

/** The contenders' environment (see CONTENDER_VARIABLES), with `extra` on top. */
export function contenderEnv(extra = {}) {
  const env = {};
  for (const name of CONTENDER_VARIABLES) if (process.env[name] !== undefined) env[name] = process.env[name];
  return { ...env, ...extra };
}

/** The start-up variables set in the bench's own environment that contenders do not get. */
export function withheldStartupVariables() {
  return STARTUP_VARIABLES.filter((name) => process.env[name] !== undefined);
}

/** Runs a command to completion (in the contenders' environment unless `env` is given); resolves with wall time (ms), exit code and captured output. */
export function timeRun({ cmd, args = [], cwd, env }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, env: env ?? contenderEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', (e) => resolve({ ms: performance.now() - started, code: -1, stdout: '', stderr: String(e.message) }));
    child.on('close', (code, signal) => {
      resolve({
        ms: performance.now() - started,
        code: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

/** True when `name` resolves on PATH. */
export function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** First line of `cmd --version` (or null). */
export function versionOf(cmd, args = ['--version']) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout || r.stderr).split('\n')[0].trim() : null;
}

/** Median of a non-empty list. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Formats a table of string cells with a header row; numeric-looking columns are right-aligned. */
export function formatTable(header, rows) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const right = header.map((_, c) => rows.every((r) => /^[-\d.,×x%]+$/.test(String(r[c]).replace(/ ?(s|ms)$/, '')) || r[c] === 'n/a'));
  const fmtRow = (r) => r.map((cell, c) => (right[c] ? String(cell).padStart(widths[c]) : String(cell).padEnd(widths[c]))).join('  ');
  return [fmtRow(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmtRow)].join('\n');
}

/** Seconds with 3 decimals. */
export const secs = (ms) => (ms / 1000).toFixed(3);

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Milliseconds with 2 decimals. */
export const ms2 = (ms) => (ms === null || ms === undefined || Number.isNaN(ms) ? 'n/a' : ms.toFixed(2));
