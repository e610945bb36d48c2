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

/** Makes the driver, given the callback for runs reaching a final state. */
export type BackfillDriverFactory = (onFinished: (runId: number, state: RunState) => void) => BackfillDriver;

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
      if (starting > 0) finishedEarly.set(runId, state); // its start() has not returned yet
      return;
    }
    inFlight.delete(runId);
    if (state === 'succeeded') counts.succeeded++;
    else if (state === 'cancelled') counts.cancelled++;
    else counts.failed++;
    report({ partition, runId, state });
    fill();
  };
  const driver = options.driver(finished);

  for (const partition of options.partitions) {
    const previous = latestBackfillRun(db, project.file, target, partitionKey(partition));
    if (previous?.state === 'succeeded') counts.skipped++;
    else if (previous && !isRunTerminal(previous.state) && driver.adopt(previous.id)) inFlight.set(previous.id, partitionKey(partition));
    else queue.push(partition);
  }

  const launch = async (partition: Partition): Promise<void> => {
    starting++;
    try {
      const started = await driver.start(partition);
      if ('skipped' in started) counts.failed++;
      else {
        inFlight.set(started.runId, partitionKey(partition));
        const early = finishedEarly.get(started.runId);
        finishedEarly.delete(started.runId);
        if (early !== undefined) setImmediate(() => finished(started.runId, early));
      }
    } catch (error) {
      failure ??= error as Error;
      cancelled = true;
    } finally {
      starting--;
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
      await Promise.all([...inFlight.keys()].map((id) => driver.cancel(id)));
      fill();
    },
  };
}

function latestBackfillRun(db: Db, projectFile: string, target: string, key: string): { id: number; state: RunState } | undefined {
  const row = stmt(
    db,
    "SELECT id FROM runs WHERE project_file = ? AND targets = ? AND partition_key = ? AND trigger = 'backfill' ORDER BY id DESC LIMIT 1",
  ).get(projectFile, JSON.stringify([target]), key) as { id: number } | undefined;
  return row ? { id: row.id, state: getRun(db, row.id)!.state } : undefined;
}
