/**
 * Drives a sweep's trials with an engine in this process over a store: the
 * home's (live mode: the runs are in the history, trigger `sweep`). Each
 * trial's run is created with this engine as its owner, so no daemon adopts
 * it while this process lives; a cancel goes through the store's cancel path
 * (cancel-run.ts), which stops the attempts' process groups.
 */
import { isRunTerminal, isTaskTerminal } from '../../../shared/state-machines.js';
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import { Engine, type EngineOptions } from '../run/engine.js';
import { createRun } from '../run/create-run.js';
import { cancelRun } from '../run/cancel-run.js';
import { getRun } from '../store/run-store.js';
import { tasksOfRun } from '../store/task-store.js';
import { attemptsOfTask } from '../store/attempt-store.js';
import { metricsFileOf, readMetricsFile, type MetricsRead } from './metrics-file.js';
import type { RunRecord, TaskRunRecord } from '../../../shared/run-model.js';
import type { PlannedTrial, RunOutcome, TrialDriverFactory } from './sweep-runner.js';

/** What the engine driver needs. */
export interface EngineTrialDriverOptions {
  readonly db: Db;
  readonly home: HomePaths;
  /** Metric names to read; others in the file are kept too. */
  readonly collect: readonly string[];
  /** Further engine options (an executor, a mode). */
  readonly engine?: Partial<Omit<EngineOptions, 'db' | 'home' | 'onEvent'>>;
}

/** A trial driver whose runs are created in `db` and driven by a new Engine here. */
export function engineTrialDriver(options: EngineTrialDriverOptions): TrialDriverFactory {
  const { db } = options;
  return ({ finished, upstreamEnded }) => {
    const trials = new Map<number, PlannedTrial>();
    const engine = new Engine({
      ...options.engine,
      db,
      home: options.home,
      onEvent: (event) => {
        if (event.type === 'run' && isRunTerminal(event.to)) {
          trials.delete(event.runId);
          setImmediate(() => finished(event.runId));
        }
        if (event.type === 'task' && isTaskTerminal(event.to)) {
          const task = trials.get(event.runId)?.plan.tasks.find((t) => t.pipeline === event.pipeline && !t.isTarget);
          if (task) setImmediate(() => upstreamEnded(event.runId, task.specHash, event.to !== 'succeeded' && event.to !== 'cached'));
        }
      },
    });
    return {
      async start(trial) {
        const created = createRun(db, trial.plan, Date.now(), engine.owner);
        if (created.runId === null) throw new Error(`not started: ${created.skipped}`);
        trials.set(created.runId, trial);
        engine.claimCreated(created);
        const producing = tasksOfRun(db, created.runId)
          .filter((task) => !task.isTarget && task.state !== 'cached')
          .map((task) => task.specHash);
        return { key: created.runId, runId: created.runId, producing };
      },
      outcome: (runId, trial) => outcomeOf(db, runId, trial),
      async cancel(runId) {
        await cancelRun(db, runId, () => Date.now());
        engine.refresh(runId);
        // cancelRun ends the run in the store itself, so the engine emits no run event for it: report it here.
        if (trials.has(runId) && isRunTerminal(getRun(db, runId)?.state ?? 'cancelled')) {
          trials.delete(runId);
          setImmediate(() => finished(runId));
        }
      },
      stop: () => engine.stop(),
    };
  };
}

/** How a finished trial's run ended, read from its store. */
export function outcomeOf(db: Db, runId: number, trial: PlannedTrial): RunOutcome {
  const tasks = tasksOfRun(db, runId);
  const target = tasks.find((task) => task.isTarget);
  return outcomeFrom({ run: getRun(db, runId), tasks, runId, metrics: target ? targetMetrics(db, target.id) : null }, trial);
}

/** The metrics the last attempt of task `taskRunId` wrote, or why there are none. */
export function targetMetrics(db: Db, taskRunId: number): MetricsRead {
  const last = attemptsOfTask(db, taskRunId).at(-1);
  return last ? readMetricsFile(metricsFileOf(last.logPath)) : { ok: false, reason: 'the target never ran' };
}

/** A trial's outcome from its run and tasks: the target's metrics (after a success), why it failed, which upstream failed. */
export function outcomeFrom(
  ended: { readonly run: RunRecord | undefined; readonly tasks: readonly TaskRunRecord[]; readonly runId: number | null; readonly metrics: MetricsRead | null },
  trial: PlannedTrial,
): RunOutcome {
  const { run, tasks } = ended;
  const target = tasks.find((task) => task.isTarget && task.pipeline === trial.plan.run.targets[0]) ?? tasks.find((task) => task.isTarget) ?? null;
  const durationMs = run?.finishedAt != null ? run.finishedAt - (run.startedAt ?? run.createdAt) : null;
  const failedUpstream = tasks.filter((task) => !task.isTarget && task.state === 'failed').map((task) => task.specHash);
  const base = { reused: false, runId: ended.runId, taskRunId: ended.runId === null ? null : (target?.id ?? null), durationMs, failedUpstream };
  if (run?.state !== 'succeeded') {
    const failedTask = tasks.find((task) => task.state === 'failed');
    const reason = failedTask ? `${failedTask.pipeline}: ${failedTask.reason ?? 'failed'}` : (run?.reason ?? null);
    return { ...base, state: run?.state === 'cancelled' ? 'cancelled' : 'failed', metrics: {}, reason };
  }
  const read = ended.metrics ?? { ok: false, reason: 'no metrics read' };
  return read.ok ? { ...base, state: 'succeeded', metrics: read.metrics, reason: null } : { ...base, state: 'succeeded', metrics: {}, reason: read.reason };
}
