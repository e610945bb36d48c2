/**
 * Runs a target over many partitions: one run per partition, at most
 * `concurrency` at a time, in the order given. Resumable: a partition whose
 * latest backfill run succeeded is skipped, an unfinished one is adopted,
 * a failed or cancelled one gets a new run. Cancellable as a whole.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Partition } from '../../../shared/run-model.js';
import { isRunTerminal, type RunState } from '../../../shared/state-machines.js';
import type { Db } from '../store/open-store.js';
import { getRun, partitionKey } from '../store/run-store.js';
import { stmt } from '../store/statements.js';

/** Counts shown while a backfill runs. */
export interface BackfillProgress {
  readonly total: number;
  readonly skipped: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly running: number;
  /** The partition that just finished, if any. */
  readonly finished?: { readonly partition: string; readonly runId: number; readonly state: RunState };
}

/**
 * Who creates and drives the backfill's runs: an engine in this process
 * (engine-driver.ts), or the running daemon through its API.
 */
export interface BackfillDriver {
  /** Creates the run of one partition and starts driving it; `skipped` when an overlap policy refused it. */
  start(partition: Partition): Promise<{ readonly runId: number } | { readonly skipped: string }>;
  /** Takes over an unfinished run of an earlier backfill; false when it cannot. */
  adopt(runId: number): boolean;
  /** Cancels one run (its processes stop). */
  cancel(runId: number): Promise<void>;
  /** Stops driving; resolves when done. */
  stop(): Promise<void>;
}

/** A partition the project cannot plan (a user error: exit 2), as opposed to losing the driver. */
export class BackfillPlanError extends Error {}

/** What a driver reports back. */
export interface BackfillDriverEvents {
  /** A run reached a final state. */
  finished(runId: number, state: RunState): void;
  /** The driver can no longer follow its runs (say the daemon went away); they carry on where they are. */
  lost(error: Error): void;
}

/** Makes the driver, given where to report. */
export type BackfillDriverFactory = (events: BackfillDriverEvents) => BackfillDriver;

/** Options of runBackfill. */
export interface BackfillOptions {
  readonly db: Db;
  readonly project: ProjectConfig;
  readonly target: string;
  readonly partitions: readonly Partition[];
  readonly concurrency: number;
  readonly driver: BackfillDriverFactory;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

/** A running backfill: resolves when every partition is done (rejects on a driver error); `cancel` stops it as a whole. */
export interface Backfill {
  readonly done: Promise<BackfillProgress>;
  cancel(): Promise<void>;
}

/** Starts a backfill (see the file comment). */
export function runBackfill(options: BackfillOptions): Backfill {
  const { db, project, target } = options;
  const counts = { total: options.partitions.length, skipped: 0, succeeded: 0, failed: 0, cancelled: 0, running: 0 };
  /** Partitions in flight by run id; `starting` counts slots taken by runs being created. */
  const inFlight = new Map<number, string>();
  const finishedEarly = new Map<number, RunState>();
  let starting = 0;
  const queue: Partition[] = [];
  let cancelled = false;
  let failure: Error | null = null;
  let ended = false;
  let resolveDone!: (p: BackfillProgress) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<BackfillProgress>((resolve, reject) => ((resolveDone = resolve), (rejectDone = reject)));
  const report = (finishedRun?: BackfillProgress['finished']): void =>
    options.onProgress?.({ ...counts, running: inFlight.size + starting, ...(finishedRun ? { finished: finishedRun } : {}) });

  const finished = (runId: number, state: RunState): void => {
    const partition = inFlight.get(runId);
    if (partition === undefined) {
      if (starting > 0) finishedEarly.set(runId, state); // its start() may not have returned yet
      return;
    }
    inFlight.delete(runId);
    if (state === 'succeeded') counts.succeeded++;
    else if (state === 'cancelled') counts.cancelled++;
    else counts.failed++;
    report({ partition, runId, state });
    fill();
  };
  /** Stops the backfill with an error: nothing new starts, runs in flight are cancelled (or, when lost, left to carry on). */
  const abort = (error: Error, cancelInFlight: boolean): void => {
    failure ??= error;
    cancelled = true;
    if (cancelInFlight) void cancelAll();
    else inFlight.clear();
    fill();
  };
  const cancelAll = async (): Promise<void> => {
    await Promise.allSettled([...inFlight.keys()].map((id) => driver.cancel(id)));
  };
  const driver = options.driver({ finished, lost: (error) => abort(error, false) });

  for (const { partition, previous } of backfillStatus(db, project, target, options.partitions)) {
    if (previous?.state === 'succeeded') counts.skipped++;
    else if (previous && !isRunTerminal(previous.state) && driver.adopt(previous.id)) inFlight.set(previous.id, partitionKey(partition));
    else queue.push(partition);
  }

  const launch = async (partition: Partition): Promise<void> => {
    starting++;
    try {
      const started = await driver.start(partition);
      if ('skipped' in started) counts.failed++;
      else if (!ended) {
        inFlight.set(started.runId, partitionKey(partition));
        // Cancelled while it was being created: stop it too (its cancelled state is counted when it lands).
        if (cancelled) void driver.cancel(started.runId).catch(() => undefined);
        const early = finishedEarly.get(started.runId);
        if (early !== undefined) setImmediate(() => finished(started.runId, early));
      }
    } catch (error) {
      abort(error as Error, true);
    } finally {
      starting--;
      if (starting === 0) finishedEarly.clear();
    }
    fill();
  };

  const fill = (): void => {
    while (!cancelled && inFlight.size + starting < options.concurrency && queue.length > 0) void launch(queue.shift()!);
    report();
    if (!ended && inFlight.size === 0 && starting === 0 && (queue.length === 0 || cancelled)) {
      ended = true;
      void driver.stop().then(() => (failure ? rejectDone(failure) : resolveDone({ ...counts, running: 0 })));
    }
  };

  fill();
  return {
    done,
    async cancel() {
      cancelled = true;
      await cancelAll();
      fill();
    },
  };
}

/**
 * Each partition with the run that decides what the backfill does with it:
 * a succeeded run of `target` for it by any trigger (a schedule, `run`,
 * `ensure`, an earlier backfill: already done), else the latest run an
 * earlier backfill made for it (unfinished: adopted; failed: run again).
 */
export function backfillStatus(
  db: Db,
  project: ProjectConfig,
  target: string,
  partitions: readonly Partition[],
): Array<{ readonly partition: Partition; readonly previous: { readonly id: number; readonly state: RunState } | undefined }> {
  return partitions.map((partition) => {
    const key = partitionKey(partition);
    return { partition, previous: succeededRun(db, project.file, target, key) ?? latestBackfillRun(db, project.file, target, key) };
  });
}

function succeededRun(db: Db, projectFile: string, target: string, key: string): { id: number; state: RunState } | undefined {
  const row = stmt(
    db,
    "SELECT id FROM runs WHERE project_file = ? AND targets = ? AND partition_key = ? AND state = 'succeeded' ORDER BY id DESC LIMIT 1",
  ).get(projectFile, JSON.stringify([target]), key) as { id: number } | undefined;
  return row ? { id: row.id, state: 'succeeded' } : undefined;
}

function latestBackfillRun(db: Db, projectFile: string, target: string, key: string): { id: number; state: RunState } | undefined {
  const row = stmt(
    db,
    "SELECT id FROM runs WHERE project_file = ? AND targets = ? AND partition_key = ? AND trigger = 'backfill' ORDER BY id DESC LIMIT 1",
  ).get(projectFile, JSON.stringify([target]), key) as { id: number } | undefined;
  return row ? { id: row.id, state: getRun(db, row.id)!.state } : undefined;
}
