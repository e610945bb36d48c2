// Seeds a migrated Tickwork store with a year of history (default 10 000 runs
// × 10 task runs) in one transaction, straight through better-sqlite3:
// running that many runs through the engine would take hours.
//
// Rows are cloned from real template runs (one per job of the typical
// project, made by the real daemon), so every column — including ones added
// by later migrations — holds what the engine writes; the bench overrides
// only ids, times, states and the fields that follow from them. Mix: 85% of
// runs `daily`, 14% `weekly`, 1% `monday_rebalance`; 90% scheduled (with
// their idempotency key), 10% CLI re-runs (non-target tasks `cached`); 93%
// succeeded, 5% failed (retries exhausted, downstream `upstream_failed`), 2%
// cancelled; 3% of executed tasks needed a retry. Every transition also gets
// its row in the events journal, as the engine would append it.
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { makeRng } from './dag.mjs';
import { BenchError } from './daemon.mjs';

const DAY = 24 * 3600 * 1000;

/** Reads one template run per job: the run row, its task rows (topo order) and their first attempts. */
export function readTemplates(file, jobs) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(
      jobs.map((job) => {
        const run = db.prepare("SELECT * FROM runs WHERE targets = ? AND state = 'succeeded' ORDER BY id DESC LIMIT 1").get(JSON.stringify([job]));
        if (!run) throw new BenchError(`seed: no succeeded template run of job ${job} in ${file}`);
        const tasks = db.prepare('SELECT * FROM task_runs WHERE run_id = ? ORDER BY topo_index').all(run.id);
        const attempts = new Map(db.prepare('SELECT a.* FROM attempts a JOIN task_runs t ON t.id = a.task_run_id WHERE t.run_id = ? AND a.number = 1').all(run.id).map((a) => [a.task_run_id, a]));
        return [job, { run, tasks, attempts }];
      }),
    );
  } finally {
    db.close();
  }
}

/** An INSERT for `table` over the template's columns (minus the key); refuses schemas it cannot fill. */
export function inserter(db, table, templateRow, key) {
  const columns = Object.keys(templateRow).filter((c) => c !== key);
  const info = db.prepare(`PRAGMA table_info(${table})`).all();
  const missing = info.filter((c) => c.notnull && c.dflt_value === null && !c.pk && !columns.includes(c.name)).map((c) => c.name);
  if (missing.length) throw new BenchError(`seed: ${table} has NOT NULL columns the bench does not know how to fill: ${missing.join(', ')}`);
  const statement = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`);
  return (row) => Number(statement.run(row).lastInsertRowid);
}

/**
 * Seeds `targetFile` (already migrated, no runs) from the templates in
 * `templateFile`. Returns counts and the time taken.
 */
export function seedStore({ templateFile, targetFile, logsDir, jobs, runs = 10_000, seed = 20240628, now = Date.now() }) {
  const started = Date.now();
  const templates = readTemplates(templateFile, jobs);
  const rand = makeRng(seed);
  const db = new Database(targetFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // a scratch store: nothing to protect while seeding
  const existing = db.prepare('SELECT count(*) AS n FROM runs').get().n;
  if (existing > 0) throw new BenchError(`seed: ${targetFile} already holds ${existing} runs`);

  const any = templates[jobs[0]];
  const insertRun = inserter(db, 'runs', any.run, 'id');
  const insertTask = inserter(db, 'task_runs', any.tasks[0], 'id');
  const insertAttempt = inserter(db, 'attempts', any.attempts.values().next().value, 'id');
  const insertEvent = inserter(db, 'events', { at: 0, kind: '', run_id: 0, task_run_id: 0, attempt_id: 0, from_state: null, to_state: null, data: null }, 'seq');
  const event = (at, kind, runId, taskRunId, attemptId, from, to, data) =>
    insertEvent({ at, kind, run_id: runId, task_run_id: taskRunId, attempt_id: attemptId, from_state: from, to_state: to, data: data ? JSON.stringify(data) : null });

  const setTask = db.prepare('UPDATE task_runs SET state = ?, attempts = ?, reason = ?, cached_from = ?, started_at = ?, finished_at = ? WHERE id = ?');
  const closeRun = db.prepare('UPDATE runs SET reason = ?, finished_at = ? WHERE id = ?');
  const counts = { runs: 0, tasks: 0, attempts: 0, events: 0, byState: {}, byJob: {} };
  const lastSuccess = new Map(); // pipeline → task_runs.id of its newest success (for cached_from)
  const span = 365 * DAY;
  const step = span / runs;
  const first = now - span - DAY;

  db.transaction(() => {
    for (let i = 0; i < runs; i++) {
      const r = rand();
      const job = r < 0.85 ? jobs[0] : r < 0.99 ? jobs[1] : jobs[2];
      const { run: tRun, tasks: tTasks, attempts: tAttempts } = templates[job];
      const createdAt = Math.round(first + i * step + rand() * step * 0.5);
      const date = new Date(createdAt).toISOString().slice(0, 10);
      const scheduled = rand() < 0.9;
      const s = rand();
      const runState = s < 0.93 ? 'succeeded' : s < 0.98 ? 'failed' : 'cancelled';
      const failAt = runState === 'failed' ? Math.floor(rand() * tTasks.length) : -1;
      const cancelAt = runState === 'cancelled' ? Math.floor(rand() * tTasks.length) : -1;
      const partition = { ...JSON.parse(tRun.partition), date };
      const runId = insertRun({
        ...tRun,
        trigger: scheduled ? 'schedule' : 'cli',
        partition: JSON.stringify(partition),
        partition_key: `date=${date}`,
        idempotency_key: scheduled ? `${tRun.project_file}#job:${job}@${new Date(createdAt).toISOString()}` : null,
        state: runState,
        reason: null,
        owner_token: null,
        owner_pid: null,
        owner_start: null,
        created_at: createdAt,
        started_at: createdAt + 4,
        finished_at: null,
      });
      event(createdAt, 'run', runId, null, null, null, 'queued', { targets: [job], trigger: scheduled ? 'schedule' : 'cli' });

      // Tasks: inserted pending, then played through sequentially.
      const ids = new Map();
      for (const t of tTasks) {
        const specHash = crypto.createHash('sha256').update(t.spec_hash + date).digest('hex').slice(0, 32);
        const id = insertTask({ ...t, run_id: runId, state: 'pending', spec_hash: specHash, attempts: 0, next_attempt_at: null, cached_from: null, reason: null, created_at: createdAt, started_at: null, finished_at: null, ...('gate_since' in t ? { gate_since: null } : {}) });
        ids.set(t.pipeline, id);
        event(createdAt, 'task', runId, id, null, null, 'pending', { pipeline: t.pipeline });
      }
      event(createdAt + 4, 'run', runId, null, null, 'queued', 'running', null);
      for (const t of tTasks) if (JSON.parse(t.upstream).length) event(createdAt + 4, 'task', runId, ids.get(t.pipeline), null, 'pending', 'waiting', { pipeline: t.pipeline });

      const final = new Map(); // pipeline → terminal state
      const doomed = new Set(); // downstream of the failed task
      let cursor = createdAt + 5;
      for (const [k, t] of tTasks.entries()) {
        const id = ids.get(t.pipeline);
        const upstream = JSON.parse(t.upstream);
        const finish = (state, attempts, reason, cachedFrom, startedAt) => {
          setTask.run(state, attempts, reason, cachedFrom, startedAt, cursor, id);
          final.set(t.pipeline, state);
          counts.tasks++;
        };
        if (upstream.some((u) => doomed.has(u) || final.get(u) === 'failed')) {
          doomed.add(t.pipeline);
          event(cursor, 'task', runId, id, null, upstream.length ? 'waiting' : 'pending', 'upstream_failed', { pipeline: t.pipeline, reason: `upstream failed: ${upstream.join(', ')}` });
          finish('upstream_failed', 0, `upstream failed`, null, null);
          continue;
        }
        if (cancelAt >= 0 && k > cancelAt) {
          event(cursor, 'task', runId, id, null, upstream.length ? 'waiting' : 'pending', 'cancelled', { pipeline: t.pipeline });
          finish('cancelled', 0, 'cancelled', null, null);
          continue;
        }
        const waited = upstream.length > 0;
        if (!scheduled && !t.is_target && k !== failAt && k !== cancelAt && upstream.every((u) => final.get(u) === 'cached') && lastSuccess.has(t.pipeline)) {
          const from = lastSuccess.get(t.pipeline);
          event(cursor, 'task', runId, id, null, waited ? 'waiting' : 'pending', 'cached', { pipeline: t.pipeline, reason: 'same inputs' });
          finish('cached', 0, `same inputs as an earlier run`, from, null);
          continue;
        }
        event(cursor, 'task', runId, id, null, waited ? 'waiting' : 'pending', 'ready', { pipeline: t.pipeline });
        const spec = JSON.parse(t.spec);
        const willFail = k === failAt;
        const attemptsNeeded = willFail ? spec.retries + 1 : rand() < 0.03 ? 2 : 1;
        const taskStart = cursor;
        let state = 'succeeded';
        for (let n = 1; n <= attemptsNeeded; n++) {
          const last = n === attemptsNeeded;
          const duration = Math.round(2_000 + rand() * 58_000);
          event(cursor, 'task', runId, id, null, 'ready', 'running', { pipeline: t.pipeline, attempt: n });
          const attemptState = k === cancelAt ? 'cancelled' : last && !willFail ? 'succeeded' : 'failed';
          const attemptId = insertAttempt({
            ...tAttempts.get(t.id),
            task_run_id: id,
            number: n,
            state: attemptState,
            log_path: `${logsDir}/${runId}/${t.pipeline}.${n}.log`,
            pid: 10_000 + Math.floor(rand() * 50_000),
            pid_start: String(Math.floor(rand() * 1e7)),
            exit_code: attemptState === 'cancelled' ? null : attemptState === 'succeeded' ? 0 : 1,
            signal: attemptState === 'cancelled' ? 'SIGTERM' : null,
            error: attemptState === 'succeeded' ? null : attemptState === 'cancelled' ? 'cancelled' : 'exited with code 1',
            kill_reason: attemptState === 'cancelled' ? 'cancel' : null,
            started_at: cursor,
            finished_at: cursor + duration,
          });
          counts.attempts++;
          event(cursor, 'attempt', runId, id, attemptId, null, 'running', { number: n });
          cursor += duration;
          event(cursor, 'attempt', runId, id, attemptId, 'running', attemptState, { exitCode: attemptState === 'succeeded' ? 0 : attemptState === 'cancelled' ? null : 1, signal: null, error: null });
          if (attemptState === 'cancelled') {
            state = 'cancelled';
            break;
          }
          if (!last) {
            event(cursor, 'task', runId, id, null, 'running', 'retry_wait', { pipeline: t.pipeline, attempt: n });
            cursor += spec.retryDelayMs ?? 30_000;
            event(cursor, 'task', runId, id, null, 'retry_wait', 'ready', { pipeline: t.pipeline });
          } else if (willFail) state = 'failed';
        }
        event(cursor, 'task', runId, id, null, 'running', state, { pipeline: t.pipeline, attempt: attemptsNeeded });
        finish(state, attemptsNeeded, state === 'failed' ? 'exited with code 1' : null, null, taskStart);
        if (state === 'succeeded') lastSuccess.set(t.pipeline, id);
      }
      const failed = [...final].filter(([, st]) => st === 'failed').map(([p]) => p);
      const reason = runState === 'failed' ? `failed: ${failed.join(', ')}` : runState === 'cancelled' ? 'cancelled by user' : null;
      closeRun.run(reason, cursor, runId);
      event(cursor, 'run', runId, null, null, 'running', runState, reason ? { reason } : null);
      counts.runs++;
      counts.byState[runState] = (counts.byState[runState] ?? 0) + 1;
      counts.byJob[job] = (counts.byJob[job] ?? 0) + 1;
    }
  })();
  counts.events = db.prepare('SELECT count(*) AS n FROM events').get().n;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { ...counts, ms: Date.now() - started };
}
