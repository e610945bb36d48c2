/**
 * Drives one daemon backfill's runs with the daemon's own engine: each
 * partition's run is created with the engine as its owner and its
 * partition row marked running in the same transaction; the daemon routes
 * its engine's run transitions here (`runEnded`), and a sweep of the store
 * catches a run that ended where this engine did not see it (say one
 * another process drove). Stopping the daemon detaches: runs carry on for
 * the next start, which resumes the backfill.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import { isRunTerminal, type RunState } from '../../../shared/state-machines.js';
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import type { Engine } from '../run/engine.js';
import { planRun } from '../run/plan-run.js';
import { createRun } from '../run/create-run.js';
import { cancelRun } from '../run/cancel-run.js';
import { triggerEnv } from '../run/passthrough-key.js';
import { getRun, partitionKey } from '../store/run-store.js';
import { inWriteTransaction } from '../store/statements.js';
import { setPartitionState } from '../store/backfill-store.js';
import { BackfillPlanError, type BackfillDriverEvents, type BackfillDriverFactory } from './backfill.js';

/** What the driver needs. */
export interface InDaemonDriverOptions {
  readonly db: Db;
  readonly home: HomePaths;
  readonly engine: Engine;
  readonly project: ProjectConfig;
  readonly backfillId: number;
  readonly target: string;
  readonly params: Readonly<Record<string, string>>;
  readonly now: () => number;
  /** A store write appended an event (push it to live views). */
  readonly changed: () => void;
  /** Where a partition the overlap policy refused is noted (it is marked failed). */
  readonly log: (line: string) => void;
}

/** The driver and the hooks the backfill service calls on it. */
export interface InDaemonDriver {
  readonly factory: BackfillDriverFactory;
  /** A run's transition reached a final state (any run: ones of other backfills are ignored). */
  runEnded(runId: number, state: RunState): void;
  /** Reports the runs it follows that ended unseen. */
  sweep(): void;
  /** From now on nothing is written or started (the daemon stops). */
  detach(): void;
}

/** Makes the driver of one backfill (see the file comment). */
export function inDaemonDriver(options: InDaemonDriverOptions): InDaemonDriver {
  const { db, engine, project } = options;
  const followed = new Set<number>();
  let events: BackfillDriverEvents | null = null;
  let detached = false;
  const report = (runId: number, state: RunState): void => {
    if (detached || !followed.delete(runId)) return;
    setImmediate(() => !detached && events?.finished(runId, state));
  };
  const factory: BackfillDriverFactory = (driverEvents) => {
    events = driverEvents;
    return {
      async start(partition) {
        if (detached) throw new Error('the daemon is stopping; the backfill resumes at its next start');
        const { date, ...keys } = partition;
        const now = options.now();
        const planned = planRun(project, { targets: [options.target], selection: 'upstream', force: false, date, partition: keys, params: options.params, trigger: 'backfill', env: triggerEnv(options.home.root, project, process.env) }, now);
        if (!planned.ok) throw new BackfillPlanError(planned.message);
        const key = partitionKey(partition);
        const created = inWriteTransaction(db, () => {
          const made = createRun(db, planned.plan, now, engine.owner);
          setPartitionState(db, { backfillId: options.backfillId, key, from: ['pending', 'running'], to: made.runId === null ? 'failed' : 'running', runId: made.runId }, now);
          return made;
        });
        options.changed();
        if (created.runId === null) {
          options.log(`backfill ${options.backfillId}: ${key} skipped: ${created.skipped}`);
          return { skipped: created.skipped };
        }
        followed.add(created.runId);
        engine.claimCreated(created);
        return { runId: created.runId };
      },
      adopt(runId) {
        if (detached) return false;
        followed.add(runId);
        const run = getRun(db, runId);
        if (run && isRunTerminal(run.state)) report(runId, run.state);
        return true; // the daemon's engine drives every unfinished run of its home (it adopted the orphans at its start)
      },
      async cancel(runId) {
        if (detached) return;
        await cancelRun(db, runId, options.now);
        engine.refresh(runId);
      },
      async stop() {
        followed.clear();
      },
    };
  };
  return {
    factory,
    runEnded: report,
    sweep() {
      for (const runId of [...followed]) {
        const run = getRun(db, runId);
        if (run && isRunTerminal(run.state)) report(runId, run.state);
        else if (!run) report(runId, 'failed'); // pruned meanwhile
      }
    },
    detach() {
      detached = true;
    },
  };
}
