/**
 * Drives a sweep's trials in local mode (`mode: local`): each trial is one
 * runLocal (run/local-mode.ts) over its own in-memory store — no run history,
 * no daemon. Trials share upstream results through the lake's local results
 * index, which a local run writes as each task succeeds, so the sweep's
 * "upstream once" order (sweep-runner.ts) holds here too. The target's
 * metrics are read as it succeeds, before its store and logs go.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import { isTaskTerminal } from '../../../shared/state-machines.js';
import { runLocal } from '../run/local-mode.js';
import { tasksOfRun } from '../store/task-store.js';
import type { MetricsRead } from './metrics-file.js';
import { outcomeFrom, targetMetrics } from './engine-trial-driver.js';
import type { RunOutcome, TrialDriverFactory } from './sweep-runner.js';

/** What the local driver needs. */
export interface LocalTrialDriverOptions {
  readonly project: ProjectConfig;
  readonly homeRoot: string;
}

/** A trial driver whose runs execute in this process over in-memory stores. */
export function localTrialDriver(options: LocalTrialDriverOptions): TrialDriverFactory {
  return ({ finished, upstreamEnded }) => {
    let next = 0;
    const trials = new Map<number, { readonly abort: AbortController; outcome: RunOutcome | null; readonly done: Promise<void> }>();
    return {
      start(trial) {
        const key = ++next;
        const abort = new AbortController();
        let metrics: MetricsRead | null = null;
        return new Promise((resolve, reject) => {
          let created = false;
          const { idempotencyKey: _key, ...request } = trial.request;
          const done = runLocal(options.project, request, {
            homeRoot: options.homeRoot,
            signal: abort.signal,
            keepLogs: 'failed',
            onCreated: (db, runs) => {
              created = true;
              const producing = runs.flatMap((run) => tasksOfRun(db, run.runId).filter((task) => !task.isTarget && task.state !== 'cached').map((task) => task.specHash));
              resolve({ key, runId: null, producing });
            },
            onEvent: (event, db) => {
              if (event.type !== 'task' || !isTaskTerminal(event.to)) return;
              const upstream = trial.plan.tasks.find((t) => t.pipeline === event.pipeline && !t.isTarget);
              if (upstream) setImmediate(() => upstreamEnded(key, upstream.specHash, event.to !== 'succeeded' && event.to !== 'cached'));
              if (event.to !== 'succeeded' || !trial.plan.run.targets.includes(event.pipeline)) return;
              const task = tasksOfRun(db, event.runId).find((t) => t.pipeline === event.pipeline);
              if (task) metrics = targetMetrics(db, task.id);
            },
          }).then((result) => {
            if (!result.ok) {
              if (!created) reject(new Error(result.message));
              return;
            }
            const ended = result.runs[0];
            const entry = trials.get(key);
            if (entry) entry.outcome = outcomeFrom({ run: ended?.run, tasks: ended?.tasks ?? [], runId: null, metrics }, trial);
            finished(key);
          }, (error: unknown) => {
            if (!created) reject(error as Error);
            else {
              const entry = trials.get(key);
              if (entry) entry.outcome = { state: 'failed', reused: false, runId: null, taskRunId: null, durationMs: null, metrics: {}, reason: (error as Error).message, failedUpstream: [] };
              finished(key);
            }
          });
          trials.set(key, { abort, outcome: null, done: done.then(() => undefined, () => undefined) });
        });
      },
      outcome(key) {
        const entry = trials.get(key);
        trials.delete(key);
        return entry?.outcome ?? { state: 'failed', reused: false, runId: null, taskRunId: null, durationMs: null, metrics: {}, reason: 'the local run ended without a result', failedUpstream: [] };
      },
      async cancel(key) {
        const entry = trials.get(key);
        entry?.abort.abort();
        await entry?.done;
      },
      // Each local run's engine makes its own launcher and disposes it when that run is over (one shared would go with the first).
      stop: async () => undefined,
    };
  };
}
