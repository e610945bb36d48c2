/**
 * Turns "run these targets for this partition" into the rows of a new run:
 * which pipelines take part (upstream / no_upstream / only_upstream), each
 * one's frozen TaskSpec, its in-run upstream, and a content hash used to
 * reuse identical earlier results. Pure except for reading nothing: it never
 * touches the store.
 */
import type { ConcurrencyConfig, PipelineConfig, ProjectConfig } from '../../../shared/config-model.js';
import type { Partition, RunTrigger, Selection, TaskSpec } from '../../../shared/run-model.js';
import { resolveTargets, topoOrder, upstreamClosure, TemplateError } from '../plan/index.js';
import { renderTask, templateContext } from './render-task.js';
import type { NewRun } from '../store/run-store.js';
import { unknownParamHint } from '../plan/did-you-mean.js';
import type { NewTaskRun } from '../store/task-store.js';
import { partitionFlagProblem, resolveDateFlag } from './partition-flags.js';
import { todayIn } from '../calendar/today-in.js';
import { withPassthrough, type TriggerEnv } from '../exec/task-env.js';
import { lakeHasher, withLakeHash } from '../lake/lake-hash.js';
import { sha256Hex } from '../util/sha256.js';
import { taskLakeOf } from '../lake/task-lake.js';
import { codeFilesOf } from './code-digest.js';

/** What the user asked for. */
export interface RunRequest {
  readonly targets: readonly string[];
  readonly selection: Selection;
  readonly force: boolean;
  /** YYYY-MM-DD; default: today in the project's timezone. */
  readonly date?: string;
  readonly partition?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, string>>;
  readonly trigger: RunTrigger;
  readonly idempotencyKey?: string;
  /** The trigger's env_passthrough values and the home's digest key (passthrough-key.ts triggerEnv); held in memory, never stored. */
  readonly env?: TriggerEnv;
}

/** A task of a planned run, plus the upstream pipelines that stay outside it. */
export interface PlannedTask extends NewTaskRun {
  /** depends_on entries not in this run (no_upstream): their latest success is used. */
  readonly externalUpstream: readonly string[];
}

/** A run ready to be written to the store. */
export interface RunPlan {
  readonly run: NewRun;
  readonly tasks: readonly PlannedTask[];
  /** The target's max_active_runs / overlap, when the run has exactly one target that sets them. */
  readonly concurrency: ConcurrencyConfig | null;
}

/** A plan, or a usage error a user can act on. */
export type PlanResult = { readonly ok: true; readonly plan: RunPlan } | { readonly ok: false; readonly message: string };

/** Plans a run of `request` on `project` at time `now`. */
export function planRun(project: ProjectConfig, request: RunRequest, now: number): PlanResult {
  const resolved = resolveTargets(project, request.targets);
  if (!resolved.ok) return resolved;
  const partition = buildPartition(project, request, now);
  if (typeof partition === 'string') return { ok: false, message: partition };
  const targets = new Set(resolved.pipelines);
  const selected = selectPipelines(project, targets, request.selection);
  if (selected.size === 0) {
    return { ok: false, message: `${[...targets].join(', ')} ${targets.size === 1 ? 'has' : 'have'} no upstream pipelines to run (--only-upstream)` };
  }
  for (const name of Object.keys(request.params ?? {})) {
    if (Object.hasOwn(project.params, name)) continue;
    return { ok: false, message: `--param ${name}: unknown param${unknownParamHint(name, Object.keys(project.params))}` };
  }
  const params = { ...project.params, ...request.params };
  const concurrency = targetConcurrency(project, request.targets);
  const order = topoOrder(project, selected);
  const jobPassthrough = request.targets.flatMap((target) => project.jobs.get(target)?.envPassthrough ?? []);
  const hashes = new Map<string, string>();
  // The lake's folder hash of each pipeline: its definition, without partition values or upstream data (lake/lake-hash.ts).
  const bases = new Map<string, TaskSpec>();
  const lakeHash = lakeHasher(project, params, (pipeline) => bases.get(pipeline.name) ?? outsideBase(project, pipeline));
  const tasks: PlannedTask[] = [];
  for (const [index, name] of order.entries()) {
    const pipeline = project.pipelines.get(name)!;
    const externalUpstream = request.selection === 'no_upstream' ? pipeline.dependsOn.filter((up) => !selected.has(up)) : [];
    const code = pipeline.code?.length ? codeFilesOf(pipeline.code, project.dir) : null;
    if (code && !code.ok) return { ok: false, message: `pipelines.${name}: ${code.message}` };
    const base: TaskSpec = { ...toTaskSpec(pipeline), ...taskLakeOf(project, pipeline), ...(code && { codeFiles: code.files }) };
    bases.set(name, base);
    // Only a pipeline with datasets has a folder (its upstream's hashes are computed as it needs them).
    const hashed = base.lake ? withLakeHash(base, lakeHash(name)) : base;
    const spec: TaskSpec = withPassthrough(externalUpstream.length ? { ...hashed, externalUpstream } : hashed, jobPassthrough, request.env);
    let specHash: string;
    try {
      // Render once now so a missing param or partition key is a usage error, not a failed run.
      const rendered = renderTask(spec, templateContext({ partition, params }, '{{run_id}}', name, 0));
      const upstreamHashes = pipeline.dependsOn.map((up) => hashes.get(up) ?? `external:${up}`);
      // The passed-through values enter the cache key as their keyed digest only.
      // The code files enter as their content digests: an edited script changes the key.
      specHash = hashOf({ name, project: project.name, rendered, partition, upstreamHashes, ...(spec.passthrough && { passthrough: spec.passthrough.digest }), ...(spec.codeFiles && { code: spec.codeFiles }) });
    } catch (error) {
      if (error instanceof TemplateError) return { ok: false, message: `pipelines.${name}: ${error.message}` };
      throw error;
    }
    hashes.set(name, specHash);
    tasks.push({
      pipeline: name,
      topoIndex: index,
      spec,
      specHash,
      upstream: pipeline.dependsOn.filter((up) => selected.has(up)),
      externalUpstream,
      isTarget: targets.has(name),
    });
  }
  return {
    ok: true,
    plan: {
      run: {
        project: project.name,
        projectFile: project.file,
        targets: request.targets,
        selection: request.selection,
        force: request.force,
        partition,
        params,
        pools: project.pools,
        trigger: request.trigger,
        idempotencyKey: request.idempotencyKey ?? null,
        maxActive: concurrency?.overlap === 'queue' ? concurrency.maxActiveRuns : null,
      },
      tasks,
      concurrency,
    },
  };
}

/** The concurrency limits of a run's single target (a pipeline or a job), else null. */
function targetConcurrency(project: ProjectConfig, targets: readonly string[]): ConcurrencyConfig | null {
  if (targets.length !== 1) return null;
  const name = targets[0]!;
  return project.pipelines.get(name)?.concurrency ?? project.jobs.get(name)?.concurrency ?? null;
}

/** The pipelines a selection runs. */
export function selectPipelines(project: ProjectConfig, targets: ReadonlySet<string>, selection: Selection): Set<string> {
  if (selection === 'no_upstream') return new Set(targets);
  const closure = upstreamClosure(project, targets);
  if (selection === 'only_upstream') for (const target of targets) closure.delete(target);
  return closure;
}

/** Today's date (YYYY-MM-DD) in `timeZone` (kept here for the modules that import it from plan-run). */
export { todayIn };

function buildPartition(project: ProjectConfig, request: RunRequest, now: number): Partition | string {
  // --date takes today, yesterday and last-trading-day too, read in the project's zone and calendar.
  const date = request.date === undefined ? { ok: true as const, date: todayIn(project.timezone, now) } : resolveDateFlag('--date', request.date, { project, targets: request.targets, now });
  if (!date.ok) return date.message;
  const fixed = request.partition ?? {};
  const problem = partitionFlagProblem(project, fixed, '--date');
  if (problem) return problem;
  return { date: date.date, ...fixed } as Partition;
}

/** The base spec of an upstream outside the run, for its lake hash only (a code glob matching nothing: hashed without code). */
function outsideBase(project: ProjectConfig, pipeline: PipelineConfig): TaskSpec {
  const code = pipeline.code?.length ? codeFilesOf(pipeline.code, project.dir) : null;
  return { ...toTaskSpec(pipeline), ...taskLakeOf(project, pipeline), ...(code?.ok && { codeFiles: code.files }) };
}

function toTaskSpec(pipeline: PipelineConfig): TaskSpec {
  // Everything that governs execution; nothing about the graph (task rows) or triggers.
  const { name: _name, description: _description, dependsOn: _dependsOn, provides: _provides, requires: _requires, schedule: _schedule, concurrency: _concurrency, partitions: _partitions, ...spec } = pipeline;
  return spec;
}

function hashOf(value: unknown): string {
  return sha256Hex(JSON.stringify(value)).slice(0, 32);
}
