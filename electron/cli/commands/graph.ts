/** `tickwork graph [--format text|dot|json] [--project DIR]`: the pipeline DAG. */
import { parse, str, UsageError } from '../args.js';
import { loadProjectOrExit } from '../context.js';
import { topoOrder } from '../../engine/plan/index.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import { plural } from '../../../shared/plural.js';

/** Options the parser accepts (help.ts describes each). */
export const graphOptions = { project: { type: 'string' }, format: { type: 'string' } } as const;

/** Runs the command; resolves to the exit code. */
export async function graphCommand(argv: readonly string[]): Promise<number> {
  const args = parse('graph', argv, graphOptions, 'none');
  const format = str(args, 'format') ?? 'text';
  if (!['text', 'dot', 'json'].includes(format)) throw new UsageError(`tickwork graph: --format ${format}: expected text, dot or json`);
  const project = loadProjectOrExit(str(args, 'project'));
  const order = topoOrder(project);
  const out = format === 'dot' ? toDot(project, order) : format === 'json' ? toJson(project, order) : toText(project, order);
  process.stdout.write(out + '\n');
  return 0;
}

function toText(project: ProjectConfig, order: readonly string[]): string {
  const lines = [`${project.name}: ${plural(order.length, 'pipeline')}`];
  for (const name of order) {
    const p = project.pipelines.get(name)!;
    const deps = p.dependsOn.length ? ` ← ${p.dependsOn.join(', ')}` : '';
    const provides = p.provides.length ? `  provides: ${p.provides.join(', ')}` : '';
    lines.push(`  ${name}${deps}${provides}`);
  }
  for (const job of project.jobs.values()) lines.push(`  job ${job.name}: ${job.pipelines.join(', ')}`);
  return lines.join('\n');
}

function toDot(project: ProjectConfig, order: readonly string[]): string {
  const q = (s: string): string => JSON.stringify(s);
  const lines = [`digraph ${q(project.name)} {`, '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  for (const name of order) lines.push(`  ${q(name)};`);
  for (const name of order) for (const dep of project.pipelines.get(name)!.dependsOn) lines.push(`  ${q(dep)} -> ${q(name)};`);
  lines.push('}');
  return lines.join('\n');
}

function toJson(project: ProjectConfig, order: readonly string[]): string {
  return JSON.stringify({
    project: project.name,
    nodes: order.map((name) => {
      const p = project.pipelines.get(name)!;
      return { name, depends_on: p.dependsOn, provides: p.provides, requires: p.requires, pool: p.pool, priority: p.priority };
    }),
    edges: order.flatMap((name) => project.pipelines.get(name)!.dependsOn.map((from) => ({ from, to: name }))),
    jobs: Object.fromEntries([...project.jobs.values()].map((j) => [j.name, j.pipelines])),
  });
}
