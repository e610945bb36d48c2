/**
 * Starts, watches, times out and settles the attempts of tasks.
 *
 * start:  `persistStart` writes ready → running + the attempt row (inside the
 *         caller's transaction); after the commit `launch` starts the process
 *         and records its pid. A crash between the commit and the pid write
 *         is covered by the status file (see local-executor adopt).
 * settle: attempt verdict (an exit 0 that left a declared output matching
 *         no file fails: declared-outputs.ts) + the task's next state (succeeded | retry_wait |
 *         failed | skipped | cancelled) in one transaction; then the engine
 *         promotes downstream tasks.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import type { Clock } from '../util/clock.js';
import type { TaskState } from '../../../shared/state-machines.js';
import { adopt, failedToStart, readTail, shellStatus, type AttemptProcess, type Executor, type ProcessEnd } from '../exec/local-executor.js';
import { killAfter } from '../exec/stop-attempt.js';
import { beginKill, provenTarget } from './kill-attempt.js';
import { processStartToken } from '../util/process-probe.js';
import { attemptLogPath } from '../exec/attempt-files.js';
import { countAttemptsWithError, finishAttempt, insertAttempt, runningAttemptsOfRun, setAttemptProcess, getAttempt } from '../store/attempt-store.js';
import { setTaskState } from '../store/task-store.js';
import { inTransaction, transaction } from '../store/statements.js';
import type { KillReason, RunMode } from '../../../shared/run-model.js';
import { setLiveTaskState, type LiveAttempt, type LiveRun, type LiveTask } from './live-run.js';
import { judgeAttempt, NEVER_STARTED, type AttemptVerdict } from './attempt-outcome.js';
import { explainExit127 } from './explain-exit-127.js';
import { capLogFile, logCapOf } from '../exec/log-cap.js';
import { decideAfterFailure, OUTPUT_TAIL_BYTES } from './retry-policy.js';
import { renderTask } from './render-task.js';
import { attemptVariables } from '../exec/task-env.js';
import { metricsVariable } from '../sweep/metrics-file.js';
import { attemptContext } from './upstream-choice.js';
import { missingOutputs, outputsMissingVerdict, publishFailedVerdict } from './declared-outputs.js';
import type { EngineEvent } from './engine.js';
import { cleanStaleStaging, discardAttempt, prepareLakeVariables, publishAttempt, type LakeAttempt, type LakeSettlement } from '../lake/attempt-lake.js';
import { recordLakePartition } from '../store/lake-store.js';
import { attemptOnlyVariables } from './render-task.js';

/** Attempts running longer than this get their pid written to the store right away. */
const PID_RECORD_AFTER_MS = 50;

/** Grace for an attempt whose pid was never recorded: its wrapper may still be starting. */
const UNKNOWN_PID_GRACE_MS = 2000;

/** Construction options of an AttemptRunner. */
export interface AttemptRunnerOptions {
  readonly db: Db;
  readonly home: HomePaths;
  readonly clock: Clock;
  readonly random: () => number;
  readonly pollMs: number;
  readonly executor: Executor;
  /** TICKWORK_MODE of its attempts (live or local). */
  readonly mode: Extract<RunMode, 'live' | 'local'>;
  /** The root whose homeTag names its staging directories and whose stale ones it cleans: the home, or a local run's own. */
  readonly stagingHome: string;
  /** The attempt's process ended: its pool slot is free again. */
  readonly onSlotFreed: (run: LiveRun, task: LiveTask) => void;
  /** Persists what follows from the task's new state (promotions, run outcome) inside the settling transaction; true on a conflict. */
  readonly persistAfterSettle: (run: LiveRun, task: LiveTask) => boolean;
  /** Persists the starts that fill the freed pool slots, last in the settling transaction. */
  readonly persistStarts: () => PendingLaunch[];
  /** After the commit: what each attempt led to, and the starts to launch. */
  readonly onSettled: (settled: readonly SettledAttempt[], launches: readonly PendingLaunch[]) => void;
  readonly onTaskEvent: (event: EngineEvent) => void;
}

/** A start that is persisted but whose process is not launched yet. */
export interface PendingLaunch {
  readonly run: LiveRun;
  readonly task: LiveTask;
  readonly attemptId: number;
  readonly number: number;
  readonly logPath: string;
  readonly startedAt: number;
}

/** One attempt's settlement, as committed. */
export interface SettledAttempt {
  readonly run: LiveRun;
  readonly task: LiveTask;
  /** The task's next state; null when another process changed the task first. */
  readonly next: TaskState | null;
  /** Another process changed the run first (seen while persisting what followed). */
  readonly conflict: boolean;
}

/** An ended attempt waiting for its settling transaction. */
interface Ended {
  readonly run: LiveRun;
  readonly task: LiveTask;
  readonly attempt: LiveAttempt;
  readonly end: ProcessEnd;
  /** Declared outputs an exit 0 left matching nothing (looked at before the settling transaction). */
  readonly missingOutputs: readonly string[];
  /** Its datasets published (exit 0) or discarded, before the settling transaction (lake/attempt-lake.ts). */
  readonly lake: LakeSettlement;
}

/** See the file comment. */
export class AttemptRunner {
  /** Attempts that ended in this turn of the event loop: settled together, in one transaction. */
  private ended: Ended[] = [];

  constructor(private readonly options: AttemptRunnerOptions) {}

  /** Creates the run's log directory (once per run, not per attempt: mkdir is costly per task). */
  prepareRun(run: LiveRun): void {
    fs.mkdirSync(path.join(this.options.home.logs, String(run.record.id)), { recursive: true });
    // Staging left by attempts whose engine died unsettled goes now that a run in that lake starts.
    const roots = new Set<string>();
    for (const task of run.tasks.values()) if (task.spec.lake?.outputs.length) roots.add(task.spec.lake.root);
    for (const root of roots) cleanStaleStaging(this.options.db, { root }, this.options.stagingHome);
  }

  /**
   * Persists ready → running and the attempt row, inside the caller's
   * transaction; null if the task changed under us. Launch after the commit.
   */
  persistStart(run: LiveRun, task: LiveTask): PendingLaunch | null {
    const { db, clock, home } = this.options;
    const now = clock.now();
    const number = task.attempts + 1;
    const logPath = attemptLogPath(home.logs, run.record.id, task.pipeline, number);
    const attemptId = inTransaction(db, () => {
      if (!setTaskState(db, task, 'ready', 'running', now, { attempts: number, data: { attempt: number } })) return null;
      return insertAttempt(db, { taskRunId: task.id, runId: run.record.id, number, logPath }, now);
    });
    if (attemptId === null) return null;
    setLiveTaskState(run, task, 'running');
    task.attempts = number;
    this.options.onTaskEvent({ type: 'task', runId: run.record.id, pipeline: task.pipeline, from: 'ready', to: 'running', attempt: number });
    return { run, task, attemptId, number, logPath, startedAt: now };
  }

  /**
   * Starts the processes of persisted starts (call only after their
   * transaction committed) and sends them off at once: the rest of the
   * caller's turn then overlaps the spawns.
   */
  launchAll(launches: readonly PendingLaunch[]): void {
    if (launches.length === 0) return;
    for (const pending of launches) this.launch(pending);
    this.options.executor.flush?.();
  }

  /** Starts the process of a persisted start (call only after its transaction committed). */
  private launch(pending: PendingLaunch): void {
    const { run, task, attemptId, number, logPath } = pending;
    let proc: AttemptProcess;
    try {
      const rendered = renderTask(task.spec, attemptContext(this.options.db, run.record, task, number));
      const tickwork = { ...rendered.env, ...attemptOnlyVariables(task.spec, run.record.params, this.options.mode), ...metricsVariable(logPath), ...prepareLakeVariables(this.lakeAttempt(run, task, number)) };
      const env = attemptVariables(task.spec, run.passthrough, tickwork, this.options.home.root);
      proc = this.options.executor.launch({ attemptId, logPath, command: rendered.command, cwd: rendered.cwd, env, logMaxBytes: logCapOf(task.spec) });
    } catch (error) {
      proc = failedToStart((error as Error).message);
    }
    this.watch(run, task, { id: attemptId, number, logPath, startedAt: pending.startedAt, process: proc, killReason: null, pidRecorded: false, timeoutTimer: null, cancelKill: null });
  }

  /** Re-attaches to the running attempt of a task after an engine restart. */
  adoptRunning(run: LiveRun, task: LiveTask): void {
    const row = runningAttemptsOfRun(this.options.db, run.record.id).find((a) => a.taskRunId === task.id);
    if (!row) return; // cannot happen: task→running and the attempt row commit together
    const proc = adopt({ attemptId: row.id, logPath: row.logPath, pid: row.pid, pidStart: row.pidStart, pollMs: this.options.pollMs, pidGraceUntil: row.startedAt + UNKNOWN_PID_GRACE_MS });
    this.watch(run, task, {
      id: row.id,
      number: row.number,
      logPath: row.logPath,
      startedAt: row.startedAt,
      process: proc,
      killReason: row.killReason,
      pidRecorded: row.pid !== null,
      timeoutTimer: null,
      cancelKill: null,
    });
    // Its kill was under way when the last engine died: the SIGKILL that engine had pending is due now or soon.
    const adopted = task.attempt;
    if (row.killAt !== null && adopted) {
      const target = provenTarget(row.pid, row.pidStart, row.logPath);
      adopted.cancelKill = killAfter(target, row.killAt + task.spec.killGraceMs - this.options.clock.now());
    }
  }

  /** Arms the backoff timer of a retry_wait task; `onDue(ok)` says whether retry_wait → ready committed. */
  armRetry(run: LiveRun, task: LiveTask, onDue: (ok: boolean) => void): void {
    task.retryTimer?.cancel();
    const delay = Math.max(0, (task.nextAttemptAt ?? 0) - this.options.clock.now());
    task.retryTimer = this.options.clock.setTimeout(() => {
      task.retryTimer = null;
      if (task.state !== 'retry_wait') return;
      // Timers may fire a millisecond early against the wall clock: never start before the due time.
      if (this.options.clock.now() < (task.nextAttemptAt ?? 0)) return this.armRetry(run, task, onDue);
      const ok = setTaskState(this.options.db, task, 'retry_wait', 'ready', this.options.clock.now(), { nextAttemptAt: null });
      if (ok) {
        setLiveTaskState(run, task, 'ready');
        this.options.onTaskEvent({ type: 'task', runId: run.record.id, pipeline: task.pipeline, from: 'retry_wait', to: 'ready', attempt: task.attempts });
      }
      onDue(ok);
    }, delay);
  }

  /**
   * Writes the pids of attempts that have run for a while. Most attempts of a
   * big DAG finish within milliseconds; skipping their pid saves a commit per
   * task, and the status file holds every pid from the first instant for
   * crash recovery and cancel.
   */
  recordPids(attempts: Iterable<LiveAttempt>): void {
    const { db, clock } = this.options;
    const due = [...attempts].filter((a) => !a.pidRecorded && clock.now() - a.startedAt >= PID_RECORD_AFTER_MS && a.process.pid > 0);
    if (due.length === 0) return;
    inTransaction(db, () => {
      for (const attempt of due) {
        setAttemptProcess(db, attempt.id, attempt.process.pid, processStartToken(attempt.process.pid));
        attempt.pidRecorded = true;
      }
    });
  }

  /** Releases the launcher once nothing runs (attempts keep running). */
  dispose(): void {
    this.options.executor.dispose();
  }

  /** Stops watching a task's process (it keeps running) and clears its timers. */
  detach(task: LiveTask): void {
    task.retryTimer?.cancel();
    task.retryTimer = null;
    const attempt = task.attempt;
    if (!attempt) return;
    attempt.timeoutTimer?.cancel();
    attempt.cancelKill?.();
    attempt.process.detach();
    task.attempt = null;
  }

  /**
   * Signals an attempt's processes: SIGTERM, SIGKILL after the grace period.
   * When another process recorded a kill first (a `tickwork cancel`), it sent
   * the SIGTERM; this engine only makes sure the SIGKILL follows on time.
   */
  kill(task: LiveTask, reason: KillReason): void {
    const attempt = task.attempt;
    if (!attempt || attempt.cancelKill) return; // a kill is under way
    const target = { pid: attempt.process.pid, logPath: attempt.logPath };
    const kill = beginKill(this.options.db, attempt.id, target, { reason, graceMs: task.spec.killGraceMs, now: this.options.clock.now() });
    attempt.killReason = kill.reason;
    attempt.cancelKill = kill.cancel;
  }

  private watch(run: LiveRun, task: LiveTask, attempt: LiveAttempt): void {
    task.attempt = attempt;
    const { timeoutMs } = task.spec;
    if (timeoutMs !== null) {
      const remaining = attempt.startedAt + timeoutMs - this.options.clock.now();
      attempt.timeoutTimer = this.options.clock.setTimeout(() => this.kill(task, 'timeout'), remaining);
    }
    void attempt.process.ended.then((end) => this.settle(run, task, attempt, end));
  }

  private settle(run: LiveRun, task: LiveTask, attempt: LiveAttempt, end: ProcessEnd): void {
    if (task.attempt !== attempt) return; // detached
    attempt.timeoutTimer?.cancel();
    // A pending SIGKILL stays armed: the attempt's own process is gone, but a grandchild that ignored SIGTERM may not be.
    task.attempt = null;
    this.options.onSlotFreed(run, task);
    // Launchers that let an attempt write its own log leave the cap to now (the native one held it all along).
    if (!this.options.executor.capsLogs) capLogFile(attempt.logPath, logCapOf(task.spec));
    // Exits reported together (two slots ending at once) resolve in the same turn: one commit for all of them.
    const missingOutputs = this.outputsLeftMissing(run, task, attempt, end);
    this.ended.push({ run, task, attempt, end, missingOutputs, lake: this.settleLake(run, task, attempt, { end, missingOutputs }) });
    if (this.ended.length === 1) queueMicrotask(() => this.settleEnded());
  }

  /** Declared outputs that an attempt which exited 0 left matching no file (file system reads, outside any transaction). */
  private outputsLeftMissing(run: LiveRun, task: LiveTask, attempt: LiveAttempt, end: ProcessEnd): readonly string[] {
    const outputs = task.spec.outputs ?? [];
    if (outputs.length === 0 || end.kind !== 'exited' || end.exitCode !== 0) return [];
    return missingOutputs(outputs, attemptContext(this.options.db, run.record, task, attempt.number), path.dirname(run.record.projectFile));
  }

  /** The lake's part of an attempt: a clean exit 0 publishes its datasets, anything else discards them. */
  private settleLake(run: LiveRun, task: LiveTask, attempt: LiveAttempt, { end, missingOutputs }: { readonly end: ProcessEnd; readonly missingOutputs: readonly string[] }): LakeSettlement {
    if (!task.spec.lake?.outputs.length) return { ok: true, rows: [] };
    const at = this.lakeAttempt(run, task, attempt.number);
    const clean = end.kind === 'exited' && end.exitCode === 0 && missingOutputs.length === 0;
    if (!clean) {
      discardAttempt(at);
      return { ok: true, rows: [] };
    }
    try {
      return publishAttempt(at, this.options.clock.now());
    } catch (error) {
      discardAttempt(at);
      return { ok: false, reason: `publishing its datasets failed: ${(error as Error).message}` };
    }
  }

  private lakeAttempt(run: LiveRun, task: LiveTask, attempt: number): LakeAttempt {
    return { db: this.options.db, run: run.record, task, attempt, homeRoot: this.options.stagingHome };
  }

  /** One transaction: each ended attempt's outcome, the task's next state and what follows, then the starts that fill the freed slots. */
  private settleEnded(): void {
    const batch = this.ended;
    this.ended = [];
    const settled: SettledAttempt[] = [];
    let launches: PendingLaunch[] = [];
    const { db, clock } = this.options;
    const now = clock.now();
    transaction(db, () => {
      for (const item of batch) settled.push(this.persistSettle(item, now));
      launches = this.options.persistStarts();
    });
    this.options.onSettled(settled, launches);
  }

  /** Persists one ended attempt (inside the settling transaction). */
  private persistSettle({ run, task, attempt, end, missingOutputs: missing, lake }: Ended, now: number): SettledAttempt {
    const { db } = this.options;
    const { to, reason, nextAttemptAt, verdict } = this.nextState(task, attempt, { end, missing, lake }, now);
    // Published before this transaction: the rows go in with the success (again, harmlessly, after an adoption).
    if (verdict.state === 'succeeded' && lake.ok) for (const row of lake.rows) recordLakePartition(db, row);
    finishAttempt(db, { id: attempt.id, taskRunId: task.id, runId: run.record.id }, verdict.state, {
      exitCode: verdict.exitCode,
      signal: verdict.signal,
      error: verdict.state === 'succeeded' ? null : verdict.summary,
    }, now);
    if (task.state !== 'running' || !setTaskState(db, task, 'running', to, now, { reason, nextAttemptAt, data: { attempt: attempt.number } })) {
      return { run, task, next: null, conflict: false };
    }
    setLiveTaskState(run, task, to);
    task.nextAttemptAt = nextAttemptAt;
    this.options.onTaskEvent({
      type: 'task',
      runId: run.record.id,
      pipeline: task.pipeline,
      from: 'running',
      to,
      attempt: attempt.number,
      ...(reason ? { reason } : {}),
    });
    return { run, task, next: to, conflict: this.options.persistAfterSettle(run, task) };
  }

  /** The attempt's verdict and the task's next state: succeeded, cancelled, or what the retry policy and on_error rules say. */
  private nextState(
    task: LiveTask,
    attempt: LiveAttempt,
    { end, missing, lake }: { readonly end: ProcessEnd; readonly missing: readonly string[]; readonly lake: LakeSettlement },
    now: number,
  ): { to: TaskState; reason: string | null; nextAttemptAt: number | null; verdict: AttemptVerdict } {
    const { db } = this.options;
    // A `tickwork cancel` in another process records its kill reason in the store.
    const succeeded = end.kind === 'exited' && end.exitCode === 0;
    const killReason = attempt.killReason ?? (succeeded ? null : (getAttempt(db, attempt.id)?.killReason ?? null));
    const judged = explainExit127(judgeAttempt(end, killReason, task.spec.timeoutMs), task, attempt.logPath);
    // Exit 0 without its declared outputs is a failure (declared-outputs.ts).
    // So is one whose datasets could not be published (nothing written, or another run's different data there).
    const outputsFailed = judged.state === 'succeeded' && (missing.length > 0 || !lake.ok);
    const verdict = !outputsFailed ? judged : !lake.ok ? publishFailedVerdict(judged, lake.reason, attempt.logPath) : outputsMissingVerdict(judged, missing, attempt.logPath);
    if (verdict.state === 'succeeded') return { to: 'succeeded', reason: null, nextAttemptAt: null, verdict };
    if (verdict.state === 'cancelled') return { to: 'cancelled', reason: null, nextAttemptAt: null, verdict };
    // Nothing ran, so nothing can run twice: start it again at once, outside the retry policy.
    if (end.kind === 'never_started') return { to: 'retry_wait', reason: `${verdict.summary}; starting it now`, nextAttemptAt: now, verdict };
    const hasOutputRules = task.spec.onError.some((rule) => rule.output !== undefined);
    const decision = decideAfterFailure(
      // Not retried by `retries`: only an on_error rule that matches it retries it.
      outputsFailed ? { ...task.spec, retries: 0 } : task.spec,
      {
        // Attempts that never started ran nothing: they do not use up the retry budget.
        number: attempt.number - countAttemptsWithError(db, task.id, NEVER_STARTED),
        // exit_code rules see what a shell would report (a death by SIGKILL is 137) under every launcher.
        exitCode: verdict.exitCode ?? shellStatus(end),
        outputTail: hasOutputRules ? readTail(attempt.logPath, OUTPUT_TAIL_BYTES) : '',
        summary: verdict.summary,
      },
      this.options.random,
    );
    if (decision.action === 'retry') return { to: 'retry_wait', reason: decision.reason, nextAttemptAt: now + decision.delayMs, verdict };
    return { to: decision.action === 'fail' ? 'failed' : 'skipped', reason: decision.reason, nextAttemptAt: null, verdict };
  }
}
