/**
 * Runs a sweep's trials: each trial is one run of the pipeline (with its
 * upstream) with the trial's params, at most `parallel` at a time.
 *
 * A trial's state machine:
 *   pending → succeeded (reused)   an earlier identical trial stands: nothing runs
 *   pending → running → succeeded | failed | cancelled
 *   pending → failed               a shared upstream task already failed in this sweep
 *   pending → cancelled            the sweep was cancelled before it started
 *
 * Shared upstream runs once: a task's spec hash covers its rendered command
 * and its upstream's hashes, so an upstream that does not use a swept param
 * has the same hash in every trial. A trial does not start while another
 * trial is producing one of its upstream hashes; once that task has ended
 * (or its run has), the waiting trials are created and the store's cache
 * reuses the result. So the first trial's upstream runs alone, then the rest
 * in parallel — and an upstream that does use a swept param runs once per
 * value of that param. One failing trial does not stop the others; a trial
 * whose upstream task failed in another trial is failed without running it
 * again.
 */
import type { RunPlan, RunRequest } from '../run/plan-run.js';
import type { MetricValue } from './metrics-file.js';
import type { TrialParams } from './sweep-grid.js';

/** A trial with its planned run. */
export interface PlannedTrial {
  readonly position: number;
  readonly params: TrialParams;
  readonly paramsKey: string;
  /** The request it was planned from (local mode plans it again in its own store). */
  readonly request: RunRequest;
  readonly plan: RunPlan;
  /** The target task's spec hash: the same for an unchanged trial. */
  readonly targetHash: string;
  /** Spec hash → pipeline of the trial's other tasks (its upstream). */
  readonly upstream: ReadonlyMap<string, string>;
}

/** How a trial ended. */
export interface TrialOutcome {
  readonly state: 'succeeded' | 'failed' | 'cancelled';
  readonly reused: boolean;
  readonly runId: number | null;
  readonly taskRunId: number | null;
  readonly durationMs: number | null;
  readonly metrics: Readonly<Record<string, MetricValue>>;
  readonly reason: string | null;
}

/** What a driver tells about a finished run: its outcome, and the upstream hashes that failed in it. */
export type RunOutcome = TrialOutcome & { readonly failedUpstream: readonly string[] };

/** Who creates, drives and cancels the trials' runs (live: the home's store; local: an in-memory one). */
export interface TrialDriver {
  /**
   * Creates the trial's run and starts it: `key` names it to this driver (the
   * run id, or any number unique in the sweep), `runId` is the run id to
   * record (null where the run has no lasting id: local mode), `producing`
   * the hashes of the tasks it runs itself (not reused from cache).
   */
  start(trial: PlannedTrial): Promise<{ readonly key: number; readonly runId: number | null; readonly producing: readonly string[] }>;
  /** How the run `key` ended, once it reached a final state. */
  outcome(key: number, trial: PlannedTrial): RunOutcome;
  /** Cancels run `key` (its processes stop; nothing it was writing is published). */
  cancel(key: number): Promise<void>;
  /** Stops driving; resolves when done. */
  stop(): Promise<void>;
}

/** What a driver reports, by the key start() gave. */
export interface TrialDriverEvents {
  /** Run `key` reached a final state. */
  finished(key: number): void;
  /** A task of run `key` other than the target ended (`failed`: it did not succeed); its hash is no longer being produced. */
  upstreamEnded(key: number, hash: string, failed: boolean): void;
}

/** Makes a driver, given where it reports. */
export type TrialDriverFactory = (events: TrialDriverEvents) => TrialDriver;

/** Counts shown while a sweep runs. */
export interface SweepProgress {
  readonly total: number;
  readonly done: number;
  readonly running: number;
  readonly succeeded: number;
  readonly reused: number;
  readonly failed: number;
  readonly cancelled: number;
}

/** Options of runSweep. */
export interface SweepRunOptions {
  readonly trials: readonly PlannedTrial[];
  readonly parallel: number;
  readonly driver: TrialDriverFactory;
  /** The earlier result of an unchanged trial, if any (then it does not run). */
  readonly previous?: (trial: PlannedTrial) => TrialOutcome | undefined;
  /** A trial started (its run was created; `runId` null in local mode). */
  readonly onStart?: (trial: PlannedTrial, runId: number | null) => void;
  /** A trial ended. */
  readonly onOutcome?: (trial: PlannedTrial, outcome: TrialOutcome, progress: SweepProgress) => void;
  readonly onProgress?: (progress: SweepProgress) => void;
}

/** A running sweep: `done` resolves with every trial's outcome, in grid order; `cancel` stops it as a whole. */
export interface RunningSweep {
  readonly done: Promise<TrialOutcome[]>;
  cancel(): Promise<void>;
}

/** Starts the sweep (see the file comment). */
export function runSweep(options: SweepRunOptions): RunningSweep {
  const outcomes = new Map<number, TrialOutcome>();
  const counts = { succeeded: 0, reused: 0, failed: 0, cancelled: 0 };
  const pending: PlannedTrial[] = [];
  const inFlight = new Map<number, PlannedTrial>();
  const finishedEarly = new Set<number>();
  /** Hash → how many trials are producing it now (or may be: their run is being created). */
  const producing = new Map<string, number>();
  /** Upstream hash → the run it failed in. */
  const failedHashes = new Map<string, number | null>();
  let starting = 0;
  let cancelled = false;
  let ended = false;
  let resolveDone!: (o: TrialOutcome[]) => void;
  const done = new Promise<TrialOutcome[]>((resolve) => (resolveDone = resolve));

  const progress = (): SweepProgress => ({
    total: options.trials.length,
    done: outcomes.size,
    running: inFlight.size + starting,
    ...counts,
  });
  const settle = (trial: PlannedTrial, outcome: TrialOutcome): void => {
    outcomes.set(trial.position, outcome);
    if (outcome.reused) counts.reused++;
    else counts[outcome.state]++;
    options.onOutcome?.(trial, outcome, progress());
  };
  const hold = (hashes: Iterable<string>, by: number): void => {
    for (const hash of hashes) {
      const n = (producing.get(hash) ?? 0) + by;
      if (n > 0) producing.set(hash, n);
      else producing.delete(hash);
    }
  };
  const nothing = { reused: false, runId: null, taskRunId: null, durationMs: null, metrics: {} } as const;

  const finished = (key: number): void => {
    const trial = inFlight.get(key);
    if (!trial) {
      if (starting > 0) finishedEarly.add(key); // its start() has not returned yet
      return;
    }
    inFlight.delete(key);
    const outcome = driver.outcome(key, trial);
    for (const hash of outcome.failedUpstream) failedHashes.set(hash, outcome.runId);
    hold(producingOf.get(key) ?? [], -1);
    producingOf.delete(key);
    const { failedUpstream: _failed, ...rest } = outcome;
    settle(trial, rest);
    fill();
  };
  const producingOf = new Map<number, Set<string>>();
  const upstreamEnded = (key: number, hash: string, failed: boolean): void => {
    const held = producingOf.get(key);
    if (!held?.delete(hash)) return;
    hold([hash], -1);
    if (failed) failedHashes.set(hash, null);
    fill();
  };
  const driver = options.driver({ finished, upstreamEnded });

  for (const trial of options.trials) {
    const previous = options.previous?.(trial);
    if (previous) settle(trial, previous);
    else pending.push(trial);
  }

  const launch = async (trial: PlannedTrial): Promise<void> => {
    starting++;
    const guessed = [...trial.upstream.keys()];
    hold(guessed, 1);
    try {
      const { key, runId, producing: made } = await driver.start(trial);
      hold(made, 1);
      producingOf.set(key, new Set(made));
      inFlight.set(key, trial);
      options.onStart?.(trial, runId);
      if (cancelled) void driver.cancel(key).catch(() => undefined);
      if (finishedEarly.delete(key)) setImmediate(() => finished(key));
    } catch (error) {
      settle(trial, { ...nothing, state: 'failed', reason: (error as Error).message });
    } finally {
      hold(guessed, -1);
      starting--;
    }
    fill();
  };

  const fill = (): void => {
    if (cancelled) {
      for (const trial of pending.splice(0)) settle(trial, { ...nothing, state: 'cancelled', reason: 'the sweep was cancelled before this trial started' });
    }
    for (let i = 0; i < pending.length && inFlight.size + starting < options.parallel; ) {
      const trial = pending[i]!;
      const failed = [...trial.upstream.keys()].find((hash) => failedHashes.has(hash));
      if (failed !== undefined) {
        pending.splice(i, 1);
        const where = failedHashes.get(failed);
        settle(trial, { ...nothing, state: 'failed', reason: `upstream ${trial.upstream.get(failed)} failed${where === null || where === undefined ? '' : ` in run ${where}`} (the same task, not run again)` });
        continue;
      }
      if ([...trial.upstream.keys()].some((hash) => producing.has(hash))) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      void launch(trial);
    }
    options.onProgress?.(progress());
    if (!ended && inFlight.size === 0 && starting === 0 && pending.length === 0) {
      ended = true;
      void driver.stop().then(() => resolveDone(options.trials.map((t) => outcomes.get(t.position)!)));
    }
  };

  fill();
  return {
    done,
    async cancel() {
      if (cancelled) return;
      cancelled = true;
      fill();
      await Promise.allSettled([...inFlight.keys()].map((id) => driver.cancel(id)));
    },
  };
}
