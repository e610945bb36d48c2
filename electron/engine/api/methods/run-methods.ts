/** runs.*: list, get, trigger, preview, re-run, ensure and cancel runs (the transitions live in engine/run). */
import { getRun, listRuns } from '../../store/run-store.js';
import { tasksOfRun } from '../../store/task-store.js';
import { planRuns } from '../../run/plan-runs.js';
import { createRuns } from '../../run/create-run.js';
import { cancelRun } from '../../run/cancel-run.js';
import { ensureRun } from '../../run/ensure-run.js';
import { triggerEnv } from '../../run/passthrough-key.js';
import { HttpError } from '../http-error.js';
import { previewRun } from '../../run/run-preview.js';
import { createRerun, planRerun } from '../../run/rerun.js';
import type { RunPlan } from '../../run/plan-run.js';
import type { TriggerEnv } from '../../exec/task-env.js';
import type { ApiMethods } from '../../../../shared/api-contract.js';
import { wholeNumber } from './param-checks.js';
import { projectOf, type FamilyMethods, type MethodContext, type MethodHandlers } from './method-context.js';
import { runListFilter } from './run-list-params.js';
import type { RunHistoryMethod } from './run-history-methods.js';

/** The handlers of the runs family. */
export const runMethods: MethodHandlers<Exclude<FamilyMethods<'runs'>, RunHistoryMethod>> = {
  'runs.list': ({ db }, p) => listRuns(db, runListFilter(p)),

  'runs.get': ({ db }, p) => {
    const run = getRun(db, p.id);
    if (!run) throw new HttpError(404, 'no such run');
    return { run, tasks: tasksOfRun(db, run.id) };
  },

  'runs.trigger': (ctx, p) => {
    const { planned, env } = planTrigger(ctx, p);
    const created = createRuns(ctx.db, planned, ctx.now(), ctx.engine.owner);
    if (!created.ok) throw new HttpError(409, created.skipped);
    for (const run of created.runs) ctx.engine.claimCreated({ ...run, passthrough: env.values });
    return { id: created.runs[0]!.runId, ids: created.runs.map((r) => r.runId) };
  },

  'runs.preview': (ctx, p) => ({ runs: planTrigger(ctx, p).planned.map((plan) => previewRun(ctx.db, plan)) }),

  'runs.rerun': (ctx, p) => {
    const id = wholeNumber(p.id, 'id');
    if (!['all', 'from_failure', 'selected'].includes(p.mode)) throw new HttpError(400, `mode must be all, from_failure or selected, not ${String(p.mode)}`);
    if (p.tasks !== undefined && (!Array.isArray(p.tasks) || !p.tasks.every((t) => typeof t === 'string'))) throw new HttpError(400, 'tasks must be a list of pipeline names');
    const run = getRun(ctx.db, id);
    if (!run) throw new HttpError(404, `no run ${id}`);
    const project = ctx.projects().find((candidate) => candidate.file === run.projectFile);
    if (!project) throw new HttpError(404, `run ${id} belongs to ${run.projectFile}, which is not served here`);
    // The rerun passes through the caller's values (the CLI's), else the daemon's, as runs.trigger does.
    const env = triggerEnv(ctx.homeRoot, project, p.passthrough ?? process.env);
    const planned = planRerun(ctx.db, ctx.projects(), { runId: id, mode: p.mode, ...(p.tasks ? { tasks: p.tasks } : {}), trigger: 'api', env }, ctx.now());
    if (!planned.ok) throw new HttpError(planned.kind === 'not_found' ? 404 : planned.kind === 'active' ? 409 : 400, planned.message);
    const answer = { rerunOf: id, mode: p.mode, reason: planned.reason, plan: planned.preview };
    if (p.preview === true) return { id: null, ...answer };
    const created = createRerun(ctx.db, planned, ctx.now(), ctx.engine.owner);
    if (!created.ok) throw new HttpError(409, created.skipped);
    for (const made of created.runs) ctx.engine.claimCreated({ ...made, passthrough: env.values });
    return { id: created.runs[0]!.runId, ...answer };
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

/** Plans a runs.trigger (or runs.preview) request: one plan per partition it fans out to, or a 400. */
function planTrigger(ctx: MethodContext, p: ApiMethods['runs.trigger']['params']): { planned: readonly RunPlan[]; env: TriggerEnv } {
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
  return { planned: planned.plans, env };
}
