/** Drives a backfill's runs with an engine in this process (when no daemon runs). */
import type { ProjectConfig } from '../../../shared/config-model.js';
import { isRunTerminal } from '../../../shared/state-machines.js';
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import { Engine } from '../run/engine.js';
import { planRun } from '../run/plan-run.js';
import { createRun } from '../run/create-run.js';
import { cancelRun } from '../run/cancel-run.js';
import { triggerEnv } from '../run/passthrough-key.js';
import { BackfillPlanError, type BackfillDriverFactory } from './backfill.js';

/** Options of the in-process driver. */
export interface EngineDriverOptions {
  readonly db: Db;
  readonly home: HomePaths;
  readonly project: ProjectConfig;
  readonly target: string;
  readonly params: Readonly<Record<string, string>>;
}

/** A driver factory whose runs are created in the store and driven by a new Engine here. */
export function engineDriver(options: EngineDriverOptions): BackfillDriverFactory {
  const { db, project, target } = options;
  return ({ finished }) => {
    const engine = new Engine({
      db,
      home: options.home,
      onEvent: (event) => {
        if (event.type === 'run' && isRunTerminal(event.to)) setImmediate(() => finished(event.runId, event.to));
      },
    });
    return {
      async start(partition) {
        const { date, ...keys } = partition;
        const planned = planRun(project, { targets: [target], selection: 'upstream', force: false, date, partition: keys, params: options.params, trigger: 'backfill', env: triggerEnv(options.home.root, project, process.env) }, Date.now());
        if (!planned.ok) throw new BackfillPlanError(planned.message);
        const created = createRun(db, planned.plan, Date.now(), engine.owner);
        if (created.runId === null) return { skipped: created.skipped };
        engine.claimCreated(created);
        return { runId: created.runId };
      },
      adopt: (runId) => engine.claim(runId),
      async cancel(runId) {
        await cancelRun(db, runId, () => Date.now());
        engine.refresh(runId);
      },
      stop: () => engine.stop(),
    };
  };
}
