/**
 * Turns what a user typed (`tickwork run daily prices`) into pipeline names.
 * Pipelines and jobs share one namespace, which the loader guarantees.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import { suggestionSuffix } from './did-you-mean.js';

/** Outcome of resolving targets: pipeline names in first-mention order, or a message. */
export type ResolveTargetsResult =
  | { readonly ok: true; readonly pipelines: string[] }
  | { readonly ok: false; readonly message: string };

/** Expands each target (a pipeline or a job) into pipeline names, de-duplicated. */
export function resolveTargets(project: ProjectConfig, targets: readonly string[]): ResolveTargetsResult {
  if (targets.length === 0) {
    return { ok: false, message: `no target given: name a pipeline or job. ${validNames(project)}` };
  }
  const chosen = new Set<string>();
  const unknown: string[] = [];
  for (const target of targets) {
    const job = project.jobs.get(target);
    if (project.pipelines.has(target)) chosen.add(target);
    else if (job !== undefined) for (const name of job.pipelines) chosen.add(name);
    else unknown.push(target);
  }
  if (unknown.length > 0) {
    const all = [...project.pipelines.keys(), ...project.jobs.keys()];
    const lines = unknown.map((name) => `unknown pipeline or job "${name}"${suggestionSuffix(name, all)}`);
    return { ok: false, message: `${lines.join('\n')}\n${validNames(project)}` };
  }
  return { ok: true, pipelines: [...chosen] };
}

function validNames(project: ProjectConfig): string {
  const pipelines = [...project.pipelines.keys()].join(', ');
  const jobs = [...project.jobs.keys()].join(', ');
  return jobs === '' ? `Pipelines: ${pipelines}.` : `Pipelines: ${pipelines}. Jobs: ${jobs}.`;
}
