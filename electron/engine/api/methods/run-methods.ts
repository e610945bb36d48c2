/** runs.*: list, get, trigger, ensure and cancel runs. */
import { getRun, listRuns } from '../../store/run-store.js';
import { tasksOfRun } from '../../store/task-store.js';
import { planRuns } from '../../run/plan-runs.js';
import { createRuns } from '../../run/create-run.js';
import { cancelRun } from '../../run/cancel-run.js';
import { ensureRun } from '../../run/ensure-run.js';
import { triggerEnv } from '../../run/passthrough-key.js';
import { HttpError } from '../http-error.js';
import { projectOf, type FamilyMethods, type MethodHandlers } from './method-context.js';
import { runListFilter } from './run-list-params.js';

/** The handlers of the runs family. */
export const runMethods: MethodHandlers<FamilyMethods<'runs'>> = {
  'runs.list': ({ db }, p) => listRuns(db, runListFilter(p)),

  'runs.get': ({ db }, p) => {
    const run = getRun(db, p.id);
    if (!run) throw new HttpError(404, 'no such run');
    return { run, tasks: tasksOfRun(db, run.id) };
  },

  'runs.trigger': (ctx, p) => {
    const project = projectOf(ctx, p.project);
    const trigger = p.trigger ?? 'api';
    // The CLI sends its own env_passthrough values; a caller without any (tray, UI) triggers with the daemon's.
    const env = triggerEnv(ctx.homeRoot, project, p.passthrough ?? process.env);
    if (!['api', 'backfill', 'tray'].includes(trigger)) throw new HttpError(400, `trigger must be api, backfill or tray, not ${String(trigger)}`);
    const planned = planRuns(project, {
      targets: p.targets ?? [],
      selection: p.selection ?? 'upstream',
      force: p.force ?? false,
      ...(p.date ? { date: p.date } : {}),
      partition: p.partition ?? {},
      params: p.params ?? {},
      trigger,
      env,
    }, ctx.now());
    if (!planned.ok) throw new HttpError(400, planned.message);
    const created = createRuns(ctx.db, planned.plans, ctx.now(), ctx.engine.owner);
    if (!created.ok) throw new HttpError(409, created.skipped);
    for (const run of created.runs) ctx.engine.claimCreated({ ...run, passthrough: env.values });
    return { id: created.runs[0]!.runId, ids: created.runs.map((r) => r.runId) };
  },

  'runs.cancel': async ({ db, engine, now }, p) => {
    const result = await cancelRun(db, p.id, now);
    engine.refresh(p.id);
    if (result.kind === 'not_found') throw new HttpError(404, 'no such run');
    if (result.kind === 'already_finished') return { state: result.state, alreadyFinished: true, stoppedProcesses: 0 };
    return { state: 'cancelled', alreadyFinished: false, stoppedProcesses: result.stoppedProcesses };
  },

  'runs.ensure': (ctx, p) => {
    if (typeof p.date !== 'string') throw new HttpError(400, 'date (YYYY-MM-DD) is required');
    const project = projectOf(ctx, p.project);
    const env = triggerEnv(ctx.homeRoot, project, p.passthrough ?? process.env);
    const ensured = ensureRun(ctx.db, project, { ...(p.targets ? { targets: p.targets } : {}), date: p.date, partition: p.partition ?? {}, dataReady: p.dataReady === true, env }, ctx.now());
    if (!ensured.ok) throw new HttpError(ensured.kind === 'usage' ? 400 : 409, ensured.message);
    for (const run of ensured.runs) {
      ctx.engine.claim(run.runId, undefined, env.values);
      ctx.engine.refresh(run.runId); // a gate waiting for data_ready looks again now
    }
    const first = ensured.runs[0]!;
    return { id: first.runId, created: first.created, runs: ensured.runs.map((r) => ({ id: r.runId, created: r.created })) };
  },
};
