/**
 * Which schedules run each pipeline: a schedule fires its target (a
 * pipeline, or a job's pipelines) with their upstream, so a pipeline is run
 * by its own schedule, by the schedule of every job that lists it, and by
 * that of any scheduled pipeline or job downstream of it.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import { resolveTargets } from '../plan/resolve-targets.js';
import { upstreamClosure } from '../plan/graph.js';
import { scheduledTargets, type ScheduledTarget } from './scheduled-targets.js';
import { nextFires } from './next-fires.js';

/** A schedule that runs a pipeline, with when it fires next (null: never again). */
export interface PipelineSchedule {
  readonly target: ScheduledTarget;
  readonly nextAt: number | null;
}

/** For each pipeline of `project` that some schedule runs, those schedules, soonest first. */
export function schedulesOfPipelines(project: ProjectConfig, now: number): Map<string, PipelineSchedule[]> {
  const out = new Map<string, PipelineSchedule[]>();
  for (const target of scheduledTargets(project)) {
    const resolved = resolveTargets(project, [target.name]);
    if (!resolved.ok) continue; // the loader guarantees scheduled names exist
    const entry: PipelineSchedule = { target, nextAt: nextFires(target.schedule, now, 1)[0] ?? null };
    for (const pipeline of upstreamClosure(project, resolved.pipelines)) {
      const list = out.get(pipeline) ?? [];
      list.push(entry);
      out.set(pipeline, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => (a.nextAt ?? Infinity) - (b.nextAt ?? Infinity));
  return out;
}
