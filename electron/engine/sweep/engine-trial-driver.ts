/**
 * Drives a sweep's trials with an engine in this process over a store: the
 * home's (live mode: the runs are in the history, trigger `sweep`). Each
 * trial's run is created with this engine as its owner, so no daemon adopts
 * it while this process lives; a cancel goes through the store's cancel path
 * (cancel-run.ts), which stops the attempts' process groups.
 */
import { isRunTerminal } from '../../../shared/state-machines.js';
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import { Engine, type EngineOptions } from '../run/engine.js';
import { createRun } from '../run/create-run.js';
import { cancelRun } from '../run/cancel-run.js';
import { getRun } from '../store/run-store.js';
import { tasksOfRun } from '../store/task-store.js';
import { attemptsOfTask } from '../store/attempt-store.js';
import { metricsFileOf, readMetricsFile } from './metrics-file.js';
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
  return (finished) => {
    const engine = new Engine({
      ...options.engine,
      db,
      home: options.home,
      onEvent: (event) => {
        if (event.type === 'run' && isRunTerminal(event.to)) setImmediate(() => finished(event.runId));
      },
    });
    return {
      async start(trial) {
        const created = createRun(db, trial.plan, Date.now(), engine.owner);
        if (created.runId === null) throw new Error(`not started: ${created.skipped}`);
        engine.claimCreated(created);
        const producing = tasksOfRun(db, created.runId)
          .filter((task) => !task.isTarget && task.state !== 'cached')
          .map((task) => task.specHash);
        return { runId: created.runId, producing };
      },
      outcome: (runId, trial) => outcomeOf(db, runId, trial),
      async cancel(runId) {
        await cancelRun(db, runId, () => Date.now());
        engine.refresh(runId);
      },
      stop: () => engine.stop(),
    };
  };
}

/** How a finished trial's run ended: its target's metrics (after a success), why it failed, which upstream failed. */
export function outcomeOf(db: Db, runId: number, trial: PlannedTrial): RunOutcome {
  const run = getRun(db, runId);
  const tasks = tasksOfRun(db, runId);
  const target = tasks.find((task) => task.isTarget) ?? null;
  const durationMs = run?.finishedAt != null ? run.finishedAt - (run.startedAt ?? run.createdAt) : null;
  const failedUpstream = tasks.filter((task) => !task.isTarget && task.state === 'failed').map((task) => task.specHash);
  const base = { reused: false, runId, taskRunId: target?.id ?? null, durationMs, failedUpstream };
  if (run?.state !== 'succeeded') {
    const failedTask = tasks.find((task) => task.state === 'failed');
    const reason = failedTask ? `${failedTask.pipeline}: ${failedTask.reason ?? 'failed'}` : (run?.reason ?? null);
    return { ...base, state: run?.state === 'cancelled' ? 'cancelled' : 'failed', metrics: {}, reason };
  }
  const last = target ? attemptsOfTask(db, target.id).at(-1) : undefined;
  if (!last) return { ...base, state: 'succeeded', metrics: {}, reason: `${trial.plan.run.targets[0]} was reused, no metrics of its own` };
  const read = readMetricsFile(metricsFileOf(last.logPath));
  return read.ok ? { ...base, state: 'succeeded', metrics: read.metrics, reason: null } : { ...base, state: 'succeeded', metrics: {}, reason: read.reason };
}
