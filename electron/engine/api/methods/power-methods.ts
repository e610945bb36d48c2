/**
 * power.*: the Electron shell's power events (the scheduler records the
 * sleep and looks at its schedules at once), and which active runs want the
 * machine kept awake (a `keep_awake: true` pipeline among their tasks, in
 * the served config of their project).
 */
import { HttpError } from '../http-error.js';
import { activeRuns } from '../../store/run-store.js';
import { taskOutlineOfRun } from '../../store/task-store.js';
import { wholeNumber } from './param-checks.js';
import type { FamilyMethods, MethodHandlers } from './method-context.js';

const KINDS = ['suspend', 'resume', 'clock_change'] as const;

/** The handlers of the power family. */
export const powerMethods: MethodHandlers<FamilyMethods<'power'>> = {
  'power.event': (ctx, p) => {
    if (!KINDS.includes(p.kind)) throw new HttpError(400, `kind must be suspend, resume or clock_change, not ${String(p.kind)}`);
    const at = p.at === undefined ? ctx.now() : wholeNumber(p.at, 'at');
    if (!ctx.scheduler) throw new HttpError(409, 'no scheduler runs in this process');
    const recorded = ctx.scheduler.powerEvent(p.kind, at);
    ctx.journalChanged();
    return { recorded };
  },
  'power.keepAwake': (ctx) => {
    const awake = new Map<string, Set<string>>();
    for (const project of ctx.projects()) {
      const names = [...project.pipelines.values()].filter((p) => p.keepAwake).map((p) => p.name);
      if (names.length > 0) awake.set(project.file, new Set(names));
    }
    // The shell asks after every run event: without a keep_awake pipeline there is nothing to look up.
    if (awake.size === 0) return { runs: [] };
    const runs = activeRuns(ctx.db)
      .filter((run) => {
        const names = awake.get(run.projectFile);
        return names !== undefined && taskOutlineOfRun(ctx.db, run.id).some((t) => names.has(t.pipeline));
      })
      .map((run) => run.id);
    return { runs };
  },
};
