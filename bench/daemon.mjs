// Harness for the always-on bench: start the real daemon (`tickwork up`) on a
// scratch TICKWORK_HOME, call its HTTP API with the bearer token, read its
// /proc figures, and make sure no daemon outlives the bench.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Daemons started by this process and not yet stopped (killed on exit). */
const live = new Set();
let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const d of live) {
      try {
        process.kill(d.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** A bench failure worth exit code 1 (a daemon or a run did not do its job). */
export class BenchError extends Error {}

/** Last `n` characters of a file ('' when missing). */
export function tailOf(file, n = 3000) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(-n);
  } catch {
    return '';
  }
}

/**
 * Starts `node bin/tickwork.cjs up --project DIR…` with TICKWORK_HOME=home,
 * its output appended to `logFile`, and resolves once the API answers
 * (api.json names this pid and the token file exists).
 */
export async function startDaemon({ root, home, projectDirs, logFile, env = {}, timeoutMs = 30_000 }) {
  hookExit();
  fs.mkdirSync(home, { recursive: true });
  fs.rmSync(path.join(home, 'api.json'), { force: true });
  const out = fs.openSync(logFile, 'a');
  const args = [path.join(root, 'bin', 'tickwork.cjs'), 'up', ...projectDirs.flatMap((dir) => ['--project', dir])];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env, TICKWORK_HOME: home }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exitCode = null;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exitCode = code ?? (signal ? `signal ${signal}` : -1)))));
  const daemon = { pid: child.pid, child, home, logFile, exited, port: 0, token: '', agent: new http.Agent({ keepAlive: true, maxSockets: 1 }) };
  live.add(daemon);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== null) {
      live.delete(daemon);
      throw new BenchError(`tickwork up exited ${exitCode} before serving its API\n--- ${logFile} ---\n${tailOf(logFile)}`);
    }
    try {
      const info = JSON.parse(fs.readFileSync(path.join(home, 'api.json'), 'utf8'));
      if (info.pid === child.pid) {
        daemon.port = info.port;
        daemon.token = fs.readFileSync(path.join(home, 'api-token'), 'utf8').trim();
        break;
      }
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stopDaemon(daemon);
      throw new BenchError(`tickwork up did not serve its API within ${timeoutMs / 1000} s\n--- ${logFile} ---\n${tailOf(logFile)}`);
    }
    await sleep(20);
  }
  daemon.startedAt = Date.now();
  return daemon;
}

/** SIGTERM (graceful `tickwork down` path), SIGKILL after `graceMs`. Resolves with the exit code. */
export async function stopDaemon(daemon, graceMs = 15_000) {
  daemon.agent.destroy();
  try {
    process.kill(daemon.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  const timer = setTimeout(() => {
    try {
      process.kill(daemon.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }, graceMs);
  const code = await daemon.exited;
  clearTimeout(timer);
  live.delete(daemon);
  return code;
}

/**
 * POST /api/<method> with JSON params and the bearer token, on a keep-alive
 * connection. Resolves with { status, body, ms } (ms: request written →
 * whole response body received, on performance.now).
 */
export function callApi(daemon, method, params = {}) {
  const payload = JSON.stringify(params);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      {
        host: '127.0.0.1',
        port: daemon.port,
        method: 'POST',
        path: `/api/${method}`,
        agent: daemon.agent,
        headers: { authorization: `Bearer ${daemon.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          let body;
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
          resolve({ status: res.statusCode, body, ms, bytes: text.length });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Calls a method and throws unless it answered 200. */
export async function callOk(daemon, method, params) {
  const r = await callApi(daemon, method, params);
  if (r.status !== 200) throw new BenchError(`${method} ${JSON.stringify(params)} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Opens a home's store read-only (the daemon keeps writing; WAL lets us read alongside). */
export function openStoreReadonly(home) {
  return new Database(path.join(home, 'tickwork.db'), { readonly: true, fileMustExist: true });
}

const TERMINAL_RUN = new Set(['succeeded', 'failed', 'cancelled']);

/** Polls the store until every run id in `ids` is finished; resolves with id → state. */
export async function waitForRuns(db, ids, { timeoutMs = 60_000, pollMs = 10, daemon } = {}) {
  const deadline = Date.now() + timeoutMs;
  const query = db.prepare('SELECT state FROM runs WHERE id = ?');
  for (;;) {
    const states = new Map(ids.map((id) => [id, query.get(id)?.state]));
    if ([...states.values()].every((s) => TERMINAL_RUN.has(s))) return states;
    if (Date.now() > deadline) {
      const stuck = [...states].filter(([, s]) => !TERMINAL_RUN.has(s)).map(([id, s]) => `${id}:${s}`).join(', ');
      throw new BenchError(`runs not finished after ${timeoutMs / 1000} s: ${stuck}${daemon ? `\n--- ${daemon.logFile} ---\n${tailOf(daemon.logFile)}` : ''}`);
    }
    await sleep(pollMs);
  }
}

/** `date +%s%N` output (a log or stamp file) as epoch milliseconds with µs resolution, or null. */
export function readStamp(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
  if (!/^\d{19}$/.test(text)) return null;
  const ns = BigInt(text);
  return Number(ns / 1000n) / 1000;
}

// ---- /proc ----

/** VmRSS (and its anonymous / file-backed parts) and VmHWM of a process, in MiB. */
export function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024, anonMiB: kb('RssAnon') / 1024, fileMiB: kb('RssFile') / 1024 };
}

/** Per-thread context switches: tid → { comm, voluntary, nonvoluntary }. */
export function threadSwitches(pid) {
  const out = new Map();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      const num = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
      const comm = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      out.set(tid, { comm, voluntary: num('voluntary_ctxt_switches'), nonvoluntary: num('nonvoluntary_ctxt_switches') });
    } catch {
      // the thread ended between readdir and read
    }
  }
  return out;
}

/** utime + stime of a process, in clock ticks (USER_HZ, 100 on Linux). */
export function cpuTicksOf(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of stat(5)
}

/** Pids whose parent is `pid`. */
export function childrenOf(pid) {
  const kids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return kids;
}

/**
 * Watches a process for `windowMs`: context switches per thread (summed over
 * the threads alive at both ends; a thread born or ended inside the window
 * counts from zero or is lost, and is reported), CPU ticks, RSS at the end.
 */
export async function watchIdle(pid, windowMs) {
  const before = threadSwitches(pid);
  const cpu0 = cpuTicksOf(pid);
  const t0 = performance.now();
  await sleep(windowMs);
  const after = threadSwitches(pid);
  const cpu1 = cpuTicksOf(pid);
  const seconds = (performance.now() - t0) / 1000;
  const perThread = [];
  let voluntary = 0;
  let nonvoluntary = 0;
  for (const [tid, a] of after) {
    const b = before.get(tid) ?? { voluntary: 0, nonvoluntary: 0 };
    const dv = a.voluntary - b.voluntary;
    const dn = a.nonvoluntary - b.nonvoluntary;
    voluntary += dv;
    nonvoluntary += dn;
    perThread.push({ tid: Number(tid), comm: a.comm, voluntary: dv, nonvoluntary: dn, born: !before.has(tid) });
  }
  const ended = [...before.keys()].filter((tid) => !after.has(tid)).length;
  const perMinute = (n) => (n / seconds) * 60;
  return {
    seconds,
    threads: after.size,
    threadsEnded: ended,
    voluntary,
    nonvoluntary,
    wakeupsPerMin: perMinute(voluntary + nonvoluntary),
    voluntaryPerMin: perMinute(voluntary),
    cpuPercent: ((cpu1 - cpu0) / 100 / seconds) * 100,
    perThread: perThread.sort((x, y) => y.voluntary + y.nonvoluntary - (x.voluntary + x.nonvoluntary)),
    ...memoryOf(pid),
  };
}
