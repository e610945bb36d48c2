/**
 * Who writes and who reads each declared dataset: exactly one pipeline
 * `provides` it, and every pipeline that `requires` it has that producer
 * upstream (through depends_on, directly or not). A name in provides/requires
 * that is not a declared dataset keeps its older meaning (a resource checked
 * by references.ts) and is not looked at here.
 */
import { upstreamProvides } from '../plan/upstream-provides.js';
import type { NameRef, RawPipeline } from './pipeline-section.js';
import type { ReadContext } from './yaml-nodes.js';

/** Reports datasets with two producers, required datasets without one, and producers not upstream of a reader. */
export function checkDatasetLinks(
  pipelines: ReadonlyMap<string, RawPipeline>,
  deps: ReadonlyMap<string, readonly string[]>,
  datasets: ReadonlySet<string>,
  ctx: ReadContext,
): void {
  if (datasets.size === 0) return;
  const producers = new Map<string, string>();
  for (const pipeline of pipelines.values()) {
    for (const ref of pipeline.provides) {
      if (!datasets.has(ref.value)) continue;
      const first = producers.get(ref.value);
      if (first === undefined) producers.set(ref.value, pipeline.name);
      else if (first !== pipeline.name) {
        ctx.report.at(ref.node, `pipelines.${pipeline.name}.provides`, `dataset "${ref.value}" is provided by both ${first} and ${pipeline.name}; a dataset has exactly one producer`);
      }
    }
  }
  const nodes = new Map([...pipelines.values()].map((p) => [p.name, { dependsOn: deps.get(p.name) ?? [], provides: p.provides.filter((r) => datasets.has(r.value)).map((r) => r.value) }] as const));
  const upstream = upstreamProvides(nodes);
  for (const pipeline of pipelines.values()) {
    for (const ref of pipeline.requires) {
      if (!datasets.has(ref.value)) continue;
      const problem = requireProblem(pipeline.name, ref, producers.get(ref.value), upstream);
      if (problem) ctx.report.at(ref.node, `pipelines.${pipeline.name}.requires`, problem);
    }
  }
}

function requireProblem(reader: string, ref: NameRef, producer: string | undefined, upstream: (pipeline: string, dataset: string) => boolean): string | null {
  if (producer === undefined) return `dataset "${ref.value}" has no producer: no pipeline lists it in provides`;
  if (producer === reader) return `${reader} provides dataset "${ref.value}" itself; a pipeline cannot require its own output`;
  if (!upstream(reader, ref.value)) return `dataset "${ref.value}" is produced by ${producer}, which is not upstream of ${reader}; add ${producer} to depends_on (directly or through another pipeline)`;
  return null;
}
