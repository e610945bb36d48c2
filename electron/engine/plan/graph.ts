/**
 * Pure graph helpers over the `depends_on` DAG of a validated project.
 *
 * Edges point from a pipeline to what it depends on. Every ordering is
 * deterministic, with file order as the tie-break, so plans and logs are
 * stable from run to run. Every walk keeps its own stack or queue: a
 * 44,000-pipeline chain is as deep as it is long.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import { MinHeap } from '../util/min-heap.js';

export { findCycles } from './find-cycles.js';

/** Pipelines in dependency order (upstream first); `names` limits the output to a subset. */
export function topoOrder(project: ProjectConfig, names?: Iterable<string>): string[] {
  const fileOrder = [...project.pipelines.keys()];
  const index = new Map(fileOrder.map((name, i) => [name, i] as const));
  const waitingOn = new Map<string, number>();
  const dependents = reverseEdges(project);
  for (const [name, pipeline] of project.pipelines) waitingOn.set(name, pipeline.dependsOn.length);

  // Kahn's algorithm; the next pipeline is always the ready one earliest in the file.
  const ready = new MinHeap();
  for (const [i, name] of fileOrder.entries()) if (waitingOn.get(name) === 0) ready.push(i);
  const order: string[] = [];
  while (ready.size > 0) {
    const next = fileOrder[ready.pop()!]!;
    order.push(next);
    for (const dependent of dependents.get(next) ?? []) {
      const left = waitingOn.get(dependent)! - 1;
      waitingOn.set(dependent, left);
      if (left === 0) ready.push(index.get(dependent)!);
    }
  }
  if (order.length !== fileOrder.length) {
    // The loader rejects cycles, so reaching this is a bug, not a user error.
    throw new Error('topoOrder: depends_on graph has a cycle');
  }
  if (names === undefined) return order;
  const wanted = new Set(names);
  for (const name of wanted) {
    if (!project.pipelines.has(name)) throw new Error(`topoOrder: unknown pipeline "${name}"`);
  }
  // Filtering the global order keeps transitive constraints between chosen names.
  return order.filter((name) => wanted.has(name));
}

/** The given pipelines plus everything they transitively depend on. */
export function upstreamClosure(project: ProjectConfig, names: Iterable<string>): Set<string> {
  return closure(names, (name) => project.pipelines.get(name)?.dependsOn ?? []);
}

/** The given pipelines plus everything that transitively depends on them. */
export function downstreamClosure(project: ProjectConfig, names: Iterable<string>): Set<string> {
  const dependents = reverseEdges(project);
  return closure(names, (name) => dependents.get(name) ?? []);
}

function reverseEdges(project: ProjectConfig): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const [name, pipeline] of project.pipelines) {
    for (const upstream of pipeline.dependsOn) {
      const list = dependents.get(upstream) ?? [];
      list.push(name);
      dependents.set(upstream, list);
    }
  }
  return dependents;
}

function closure(start: Iterable<string>, next: (name: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    // One push per name: spreading a pipeline's 44,000 dependencies as arguments would overflow the stack.
    for (const other of next(name)) if (!seen.has(other)) stack.push(other);
  }
  return seen;
}
