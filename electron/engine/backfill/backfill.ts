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
import type { HomePaths } from '../home.js';
import { Engine } from '../run/engine.js';
import { planRun } from '../run/plan-run.js';
import { createRun } from '../run/create-run.js';
import { cancelRun } from '../run/cancel-run.js';
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

/** Options of runBackfill. */
export interface BackfillOptions {
  readonly db: Db;
  readonly home: HomePaths;
  readonly project: ProjectConfig;
  readonly target: string;
  readonly partitions: readonly Partition[];
  readonly concurrency: number;
  readonly params?: Readonly<Record<string, string>>;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

/** A running backfill: resolves when every partition is done; `cancel` stops it as a whole. */
export interface Backfill {
  readonly done: Promise<BackfillProgress>;
  cancel(): Promise<void>;
}

/** Starts a backfill (see the file comment). Throws only on plan errors a user caused, as Error with a message. */
export function runBackfill(options: BackfillOptions): Backfill {
  const { db, project, target } = options;
  const engine = new Engine({ db, home: options.home, onEvent: (event) => event.type === 'run' && isRunTerminal(event.to) && setImmediate(() => finished(event.runId, event.to)) });
  const counts = { total: options.partitions.length, skipped: 0, succeeded: 0, failed: 0, cancelled: 0, running: 0 };
  const inFlight = new Map<number, string>();
  const queue: Partition[] = [];
  let cancelled = false;
  let resolveDone!: (p: BackfillProgress) => void;
  const done = new Promise<BackfillProgress>((resolve) => (resolveDone = resolve));
  const report = (finishedRun?: BackfillProgress['finished']): void =>
    options.onProgress?.({ ...counts, running: inFlight.size, ...(finishedRun ? { finished: finishedRun } : {}) });

  for (const partition of options.partitions) {
    const previous = latestBackfillRun(db, project.file, target, partitionKey(partition));
    if (previous?.state === 'succeeded') counts.skipped++;
    else if (previous && !isRunTerminal(previous.state) && engine.claim(previous.id)) inFlight.set(previous.id, partitionKey(partition));
    else queue.push(partition);
  }

  const fill = (): void => {
    while (!cancelled && inFlight.size < options.concurrency && queue.length > 0) {
      const partition = queue.shift()!;
      const { date, ...keys } = partition;
      const planned = planRun(project, { targets: [target], selection: 'upstream', force: false, date, partition: keys, params: options.params ?? {}, trigger: 'backfill' }, Date.now());
      if (!planned.ok) throw new Error(planned.message);
      const created = createRun(db, planned.plan, Date.now());
      if (created.runId === null) {
        counts.failed++;
        continue;
      }
      inFlight.set(created.runId, partitionKey(partition));
      engine.claim(created.runId);
    }
    report();
    if (inFlight.size === 0 && (queue.length === 0 || cancelled)) void engine.stop().then(() => resolveDone({ ...counts, running: 0 }));
  };

  const finished = (runId: number, state: RunState): void => {
    const partition = inFlight.get(runId);
    if (partition === undefined) return;
    inFlight.delete(runId);
    if (state === 'succeeded') counts.succeeded++;
    else if (state === 'cancelled') counts.cancelled++;
    else counts.failed++;
    report({ partition, runId, state });
    fill();
  };

  fill();
  return {
    done,
    async cancel() {
      cancelled = true;
      await Promise.all([...inFlight.keys()].map(async (id) => {
        await cancelRun(db, id, () => Date.now());
        engine.refresh(id);
      }));
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
