/**
 * Pure graph helpers over the `depends_on` DAG of a validated project.
 *
 * Edges point from a pipeline to what it depends on. Every ordering is
 * deterministic, with file order as the tie-break, so plans and logs are
 * stable from run to run.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';

/** Pipelines in dependency order (upstream first); `names` limits the output to a subset. */
export function topoOrder(project: ProjectConfig, names?: Iterable<string>): string[] {
  const fileOrder = [...project.pipelines.keys()];
  const index = new Map(fileOrder.map((name, i) => [name, i] as const));
  const waitingOn = new Map<string, number>();
  const dependents = reverseEdges(project);
  for (const [name, pipeline] of project.pipelines) waitingOn.set(name, pipeline.dependsOn.length);

  // Kahn's algorithm; the ready list stays sorted by file position.
  const ready = fileOrder.filter((name) => waitingOn.get(name) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    order.push(next);
    for (const dependent of dependents.get(next) ?? []) {
      const left = waitingOn.get(dependent)! - 1;
      waitingOn.set(dependent, left);
      if (left === 0) insertSorted(ready, dependent, index);
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

/**
 * Every elementary cycle in `deps` (name → names it depends on), each once,
 * starting at its alphabetically first member. Self-loops are left out (the
 * loader reports them separately) and edges to unknown names are ignored.
 * `limit` bounds the search, since a dense graph can hold exponentially many.
 */
export function findCycles(deps: ReadonlyMap<string, readonly string[]>, limit = 50): string[][] {
  const cycles: string[][] = [];
  const names = [...deps.keys()].sort(compareNames);
  for (const start of names) {
    // Only visit names after `start`, so each cycle is found from its first member only.
    const path: string[] = [start];
    const onPath = new Set<string>([start]);
    const visit = (node: string): void => {
      for (const next of deps.get(node) ?? []) {
        if (cycles.length >= limit) return;
        if (next === start && node !== start) {
          cycles.push([...path, start]);
        } else if (deps.has(next) && compareNames(next, start) > 0 && !onPath.has(next)) {
          path.push(next);
          onPath.add(next);
          visit(next);
          path.pop();
          onPath.delete(next);
        }
      }
    };
    visit(start);
  }
  return cycles;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
    stack.push(...next(name));
  }
  return seen;
}

function insertSorted(list: string[], name: string, index: ReadonlyMap<string, number>): void {
  const position = index.get(name)!;
  let i = list.length;
  while (i > 0 && index.get(list[i - 1]!)! > position) i--;
  list.splice(i, 0, name);
}
