/**
 * Watches the gates of waiting tasks whose in-run upstream is done — their
 * wait_for conditions, and for --no-upstream runs the latest success of the
 * upstream pipelines outside the run (the task waits for it, not fails): checks
 * each gate at once and then every `poll`, opens it (the engine then promotes
 * the task to ready) or, past its `timeout` counted from when the task began
 * waiting (persisted, so a restart does not reset it), fails the task. The
 * outside upstream result a task uses is chosen (and noted) on the first look
 * that finds one (upstream-choice.ts).
 */
import type { Db } from '../store/open-store.js';
import type { Clock } from '../util/clock.js';
import { isTaskSatisfied } from '../../../shared/state-machines.js';
import { setGateSince } from '../store/task-store.js';
import type { GateConfig } from '../../../shared/config-model.js';
import { formatMs } from '../../../shared/durations.js';
import { renderTask, templateContext } from './render-task.js';
import { attemptVariables, taskEnvironment } from '../exec/task-env.js';
import { chooseUpstream } from './upstream-choice.js';
import type { RunNote } from '../store/run-notes.js';
import { unmetConditions } from './gate-check.js';
import type { LiveRun, LiveTask } from './live-run.js';

/** The gate of a --no-upstream task without wait_for: poll for its upstream every second, no time limit. */
const UPSTREAM_ONLY: GateConfig = { dataReady: false, file: null, command: null, pollMs: 1000, timeoutMs: null };

/** Construction options of a GateKeeper. */
export interface GateKeeperOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly onOpen: (run: LiveRun, task: LiveTask) => void;
  readonly onTimeout: (run: LiveRun, task: LiveTask, reason: string) => void;
  /** An outside upstream result was chosen for a task (and noted in the journal). */
  readonly onNote?: (run: LiveRun, note: RunNote) => void;
  /** The home's root, for TICKWORK_HOME in a wait_for command's environment (the same as its task's: task-env.ts). */
  readonly homeRoot: string;
}

/** See the file comment. */
export class GateKeeper {
  private readonly checking = new Set<LiveTask>();
  /** Per run, its tasks that had a closed gate when first watched (a gate never closes again). */
  private readonly gatedOf = new WeakMap<LiveRun, readonly LiveTask[]>();

  constructor(private readonly options: GateKeeperOptions) {}

  /** Starts watching the gated tasks of `run` that wait only on their gate. */
  watch(run: LiveRun): void {
    let gated = this.gatedOf.get(run);
    if (!gated) {
      gated = [...run.tasks.values()].filter((task) => task.gated);
      this.gatedOf.set(run, gated);
    }
    for (const task of gated) {
      if (!task.gated || task.state !== 'waiting' || task.gateTimer || this.checking.has(task)) continue;
      if (!task.upstream.every((up) => isTaskSatisfied(run.tasks.get(up)!.state))) continue;
      void this.check(run, task);
    }
  }

  /** Re-checks every watched gate of `run` now (e.g. its data was just marked ready). */
  recheck(run: LiveRun): void {
    for (const task of run.tasks.values()) {
      task.gateTimer?.cancel();
      task.gateTimer = null;
    }
    this.watch(run);
  }

  /** Gate checks running right now (a command gate may take a while). */
  inFlight(): number {
    return this.checking.size;
  }

  /** Stops watching a task. */
  forget(task: LiveTask): void {
    task.gateTimer?.cancel();
    task.gateTimer = null;
  }

  private async check(run: LiveRun, task: LiveTask): Promise<void> {
    const gate = task.spec.waitFor ?? UPSTREAM_ONLY;
    const { db, clock } = this.options;
    this.checking.add(task);
    task.gateSince ??= setGateSince(db, task.id, clock.now());
    let unmet: string[];
    try {
      const look = chooseUpstream(db, run.record, task, clock.now());
      for (const note of look.recorded) this.options.onNote?.(run, note);
      unmet = [...look.missing];
      if (task.spec.waitFor) {
        const context = { ...templateContext(run.record, String(run.record.id), task.pipeline, task.attempts + 1), upstream: look.dates };
        const env = taskEnvironment(process.env, attemptVariables(task.spec, run.passthrough, renderTask(task.spec, context).env, this.options.homeRoot));
        unmet.push(...(await unmetConditions(task.spec.waitFor, run.record, context, task.spec.cwd, env)));
      }
    } finally {
      this.checking.delete(task);
    }
    if (task.state !== 'waiting') return;
    if (unmet.length === 0) {
      task.gated = false;
      return this.options.onOpen(run, task);
    }
    const waited = clock.now() - task.gateSince;
    if (gate.timeoutMs !== null && waited >= gate.timeoutMs) {
      return this.options.onTimeout(run, task, `wait_for gate not open after ${formatMs(waited)}: waiting for ${unmet.join(', ')}`);
    }
    const remaining = gate.timeoutMs === null ? gate.pollMs : Math.min(gate.pollMs, gate.timeoutMs - waited);
    task.gateTimer = clock.setTimeout(() => {
      task.gateTimer = null;
      if (task.state === 'waiting') void this.check(run, task);
    }, remaining);
  }
}
