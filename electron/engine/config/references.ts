/**
 * Checks that span pipelines and jobs: depends_on targets exist, nothing
 * depends on itself, `requires` is satisfied upstream, no cycles, and job
 * entries name real pipelines without clashing with them.
 */
import { findCycles } from '../plan/graph.js';
import { upstreamProvides } from '../plan/upstream-provides.js';
import type { RawSchedule } from './schedule-section.js';
import type { ConcurrencyConfig, PartitionNarrowing } from '../../../shared/config-model.js';
import { suggestionOrList, suggestionSuffix } from '../plan/did-you-mean.js';
import type { NameRef, RawPipeline } from './pipeline-section.js';
import type { ReadContext, YamlNode } from './yaml-nodes.js';
import { checkDatasetLinks } from './dataset-links.js';

/** A job as read: its name, key node and pipeline references. */
export interface RawJob {
  readonly name: string;
  readonly keyNode: YamlNode;
  readonly description?: string;
  readonly pipelines: readonly NameRef[];
  readonly schedule?: RawSchedule;
  readonly concurrency?: ConcurrencyConfig;
  readonly partitions?: PartitionNarrowing;
  readonly envPassthrough?: readonly string[];
}

/** Runs every cross-reference check and reports what fails. */
export function checkReferences(
  pipelines: ReadonlyMap<string, RawPipeline>,
  jobs: ReadonlyMap<string, RawJob>,
  ctx: ReadContext,
  datasets: ReadonlySet<string> = new Set(),
): void {
  const deps = checkDependsOn(pipelines, ctx);
  checkRequires(pipelines, deps, ctx, datasets);
  checkDatasetLinks(pipelines, deps, datasets, ctx);
  checkCycles(pipelines, deps, ctx);
  checkJobs(pipelines, jobs, ctx);
}

/** Reports bad depends_on entries; returns the graph of the valid edges only. */
function checkDependsOn(pipelines: ReadonlyMap<string, RawPipeline>, ctx: ReadContext): Map<string, string[]> {
  const names = [...pipelines.keys()];
  const deps = new Map<string, string[]>();
  for (const pipeline of pipelines.values()) {
    const field = `pipelines.${pipeline.name}.depends_on`;
    const valid: string[] = [];
    for (const ref of pipeline.dependsOn) {
      if (ref.value === pipeline.name) {
        ctx.report.at(ref.node, field, `a pipeline cannot depend on itself ("${ref.value}")`);
      } else if (!pipelines.has(ref.value)) {
        ctx.report.at(ref.node, field, unknownPipeline(ref.value, names));
      } else if (valid.includes(ref.value)) {
        ctx.report.at(ref.node, field, `"${ref.value}" is listed more than once`);
      } else {
        valid.push(ref.value);
      }
    }
    deps.set(pipeline.name, valid);
  }
  return deps;
}

function checkRequires(
  pipelines: ReadonlyMap<string, RawPipeline>,
  deps: ReadonlyMap<string, readonly string[]>,
  ctx: ReadContext,
  datasets: ReadonlySet<string>,
): void {
  if (![...pipelines.values()].some((p) => p.requires.length > 0)) return;
  const nodes = new Map([...pipelines.values()].map((p) => [p.name, { dependsOn: deps.get(p.name) ?? [], provides: p.provides.map((r) => r.value) }] as const));
  const provided = upstreamProvides(nodes);
  for (const pipeline of pipelines.values()) {
    // A declared dataset's producer is checked by dataset-links.ts, with a message that names it.
    const missing = pipeline.requires.filter((ref) => !datasets.has(ref.value) && !provided(pipeline.name, ref.value));
    if (missing.length === 0) continue;
    // Only a pipeline with a problem walks its whole upstream: what each one provides, in file order, for the message.
    const upstream = transitiveUpstream(pipeline.name, deps);
    const offered = [...pipelines.values()]
      .filter((p) => upstream.has(p.name))
      .map((p) => ({ name: p.name, provides: p.provides.map((r) => r.value) }));
    const available = offered.flatMap((p) => p.provides);
    for (const ref of missing) {
      const field = `pipelines.${pipeline.name}.requires`;
      const hint = suggestionSuffix(ref.value, available);
      ctx.report.at(ref.node, field, `"${ref.value}" is not provided by any upstream pipeline (${describeOffers(pipeline.name, offered)})${hint}`);
    }
  }
}

function describeOffers(name: string, offered: ReadonlyArray<{ name: string; provides: readonly string[] }>): string {
  if (offered.length === 0) return `${name} has no upstream pipelines; add one to depends_on`;
  const parts = offered.map((p) => `${p.name} provides ${p.provides.length === 0 ? 'nothing' : p.provides.join(', ')}`);
  return `upstream pipelines: ${parts.join('; ')}`;
}

function transitiveUpstream(name: string, deps: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(deps.get(name) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    // A cycle may lead back to `name`; it is reported elsewhere, and must not count as its own upstream.
    if (seen.has(next) || next === name) continue;
    seen.add(next);
    for (const up of deps.get(next) ?? []) stack.push(up);
  }
  return seen;
}

function checkCycles(
  pipelines: ReadonlyMap<string, RawPipeline>,
  deps: ReadonlyMap<string, readonly string[]>,
  ctx: ReadContext,
): void {
  for (const cycle of findCycles(deps)) {
    const [first, second] = cycle as [string, string];
    const entry = pipelines.get(first)?.dependsOn.find((ref) => ref.value === second);
    ctx.report.at(entry?.node, `pipelines.${first}.depends_on`, `cycle: ${cycle.join(' -> ')}`);
  }
}

function checkJobs(pipelines: ReadonlyMap<string, RawPipeline>, jobs: ReadonlyMap<string, RawJob>, ctx: ReadContext): void {
  const names = [...pipelines.keys()];
  for (const job of jobs.values()) {
    if (pipelines.has(job.name)) {
      ctx.report.at(
        job.keyNode,
        `jobs.${job.name}`,
        `job name clashes with pipeline "${job.name}"; jobs and pipelines share one namespace, so rename one`,
      );
    }
    for (const ref of job.pipelines) {
      if (!pipelines.has(ref.value)) ctx.report.at(ref.node, `jobs.${job.name}.pipelines`, unknownPipeline(ref.value, names));
    }
  }
}

function unknownPipeline(name: string, names: readonly string[]): string {
  return `unknown pipeline "${name}"${suggestionOrList(name, names, 'pipelines')}`;
}
