/**
 * Turns a task's frozen spec into the concrete command, cwd and environment
 * of one attempt by filling its templates.
 */
import path from 'node:path';
import type { CommandSpec } from '../../../shared/config-model.js';
import type { RunMode, RunRecord, TaskSpec } from '../../../shared/run-model.js';
import { envName } from '../lake/lake-layout.js';
import { renderTemplate, splitRef, templateRefs, type TemplateContext } from '../plan/templates.js';

/** A spec with every template filled for one attempt. */
export interface RenderedTask {
  readonly command: CommandSpec;
  readonly cwd: string;
  /** Only the variables Tickwork adds (config env + TICKWORK_*), not the inherited environment. */
  readonly env: Readonly<Record<string, string>>;
}

/** The template context of an attempt. */
export function templateContext(run: Pick<RunRecord, 'partition' | 'params'>, runId: string, pipeline: string, attempt: number): TemplateContext {
  return { date: run.partition.date, runId, pipeline, attempt, partition: { ...run.partition }, params: { ...run.params } };
}

/**
 * Fills templates; throws TemplateError when a value is missing. An outside
 * upstream (--no-upstream) whose result `context` does not name yet — a plan,
 * a dry run — renders as a placeholder saying what will be used.
 */
export function renderTask(spec: TaskSpec, context: TemplateContext): RenderedTask {
  const outside = (spec.externalUpstream ?? []).filter((name) => context.upstream?.[name] === undefined);
  if (outside.length > 0) {
    const pending = Object.fromEntries(outside.map((name) => [name, `<latest ${name} ≤ ${context.date}>`]));
    context = { ...context, upstream: { ...context.upstream, ...pending } };
  }
  const fill = (text: string): string => renderTemplate(text, context);
  const command: CommandSpec =
    spec.command.kind === 'argv' ? { kind: 'argv', argv: spec.command.argv.map(fill) } : { kind: 'shell', script: fill(spec.command.script) };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec.env)) env[key] = fill(value);
  env.TICKWORK_RUN_ID = context.runId;
  env.TICKWORK_PIPELINE = context.pipeline;
  env.TICKWORK_ATTEMPT = String(context.attempt);
  env.TICKWORK_DATE = context.date;
  for (const [key, value] of Object.entries(context.partition)) {
    if (key !== 'date') env[`TICKWORK_PARTITION_${envName(key)}`] = value;
  }
  for (const [name, date] of Object.entries(context.upstream ?? {})) env[upstreamDateVariable(name)] = date;
  return { command, cwd: path.resolve(fill(spec.cwd)), env };
}

/** `TICKWORK_UPSTREAM_<PIPELINE>_DATE`: the date of the upstream result a task uses. */
export function upstreamDateVariable(pipeline: string): string {
  return `TICKWORK_UPSTREAM_${envName(pipeline)}_DATE`;
}

/**
 * What an attempt gets besides its rendered env, outside the cache key:
 * TICKWORK_MODE (live, local or debug: how the run executes) and
 * TICKWORK_PARAM_<KEY> for each param the task's templates name. Only those:
 * a param reaches a step through its cache key, so a step can never read a
 * param whose change would not re-run it.
 */
export function attemptOnlyVariables(spec: TaskSpec, params: Readonly<Record<string, string>>, mode: RunMode = 'live'): Record<string, string> {
  const vars: Record<string, string> = { TICKWORK_MODE: mode };
  const texts = [...(spec.command.kind === 'argv' ? spec.command.argv : [spec.command.script]), ...Object.values(spec.env), spec.cwd];
  for (const text of texts) {
    for (const ref of templateRefs(text)) {
      const { root, key } = splitRef(ref);
      if (root === 'params' && key !== undefined && Object.hasOwn(params, key)) vars[`TICKWORK_PARAM_${envName(key)}`] = params[key]!;
    }
  }
  return vars;
}
