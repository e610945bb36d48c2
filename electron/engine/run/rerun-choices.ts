/**
 * Which re-runs of a run the engine allows now (runs.rerunChoices): each
 * mode planned as runs.rerun would plan it, nothing created, a refusal
 * answered as a reason instead of an error — so a view can disable a button
 * and say why without an error answer for every page it shows.
 */
import type { Db } from '../store/open-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { RerunChoice, RerunChoices } from '../../../shared/rerun-choice-model.js';
import type { RerunMode } from '../../../shared/preview-model.js';
import { getRun } from '../store/run-store.js';
import { triggerEnv } from './passthrough-key.js';
import { planRerun } from './rerun.js';

/** The choices for run `runId`, or null when there is no such run. */
export function rerunChoices(db: Db, projects: readonly ProjectConfig[], homeRoot: string, runId: number, now: number): RerunChoices | null {
  const run = getRun(db, runId);
  if (!run) return null;
  const project = projects.find((candidate) => candidate.file === run.projectFile);
  if (!project) {
    const why = `run ${runId} belongs to ${run.projectFile}, which is not served here`;
    const no: RerunChoice = { allowed: false, why, toRun: null, toReuse: null };
    return { all: no, from_failure: no, selected: no };
  }
  // The daemon's own env_passthrough values, as a re-run from the dashboard would pass.
  const env = triggerEnv(homeRoot, project, process.env);
  const choose = (mode: Exclude<RerunMode, 'selected'>): RerunChoice => {
    const planned = planRerun(db, projects, { runId, mode, trigger: 'api', env }, now);
    return planned.ok
      ? { allowed: true, why: null, toRun: planned.preview.toRun, toReuse: planned.preview.toReuse }
      : { allowed: false, why: planned.message, toRun: null, toReuse: null };
  };
  const all = choose('all');
  // A part of the run can be re-run whenever all of it can; which part is the caller's pick.
  return { all, from_failure: choose('from_failure'), selected: { ...all, toRun: null, toReuse: null } };
}
