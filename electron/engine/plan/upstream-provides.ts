/**
 * Answers "does some pipeline upstream of P provide R?" for every `requires`
 * entry of a project without walking P's whole upstream each time (which made
 * a 44,000-pipeline chain quadratic). The graph is condensed into its strongly
 * connected components; for each resource, a depth-first walk over that DAG
 * remembers which components have it upstream, so every component is settled
 * at most once per resource and a walk stops at the first provider it meets.
 *
 * "Upstream of P" is everything P reaches through depends_on, P itself left
 * out: in a cycle (reported elsewhere) the other members count, P does not.
 */
import { strongComponents } from './strong-components.js';

/** A pipeline's valid depends_on names and what it provides. */
export interface ProvidingNode {
  readonly dependsOn: readonly string[];
  readonly provides: readonly string[];
}

/** Whether some pipeline upstream of `pipeline` provides `resource`. */
export type UpstreamProvides = (pipeline: string, resource: string) => boolean;

/** Builds the lookup for `nodes` (name → edges to names; edges to unknown names are ignored). */
export function upstreamProvides(nodes: ReadonlyMap<string, ProvidingNode>): UpstreamProvides {
  const names = [...nodes.keys()];
  const index = new Map(names.map((name, i) => [name, i] as const));
  const edges = names.map((name) => nodes.get(name)!.dependsOn.flatMap((dep) => index.get(dep) ?? []));
  const { componentOf, count } = strongComponents(edges);
  const successors = componentSuccessors(edges, componentOf, count);
  // resource → component → how many of its pipelines provide the resource.
  const providers = new Map<string, Map<number, number>>();
  for (const [i, name] of names.entries()) {
    for (const resource of new Set(nodes.get(name)!.provides)) {
      const perComponent = providers.get(resource) ?? new Map<number, number>();
      perComponent.set(componentOf[i]!, (perComponent.get(componentOf[i]!) ?? 0) + 1);
      providers.set(resource, perComponent);
    }
  }
  // resource → component → whether something strictly upstream of the component provides it.
  const settled = new Map<string, Map<number, boolean>>();
  return (pipeline, resource) => {
    const i = index.get(pipeline);
    const perComponent = providers.get(resource);
    if (i === undefined || perComponent === undefined) return false;
    const component = componentOf[i]!;
    const own = nodes.get(pipeline)!.provides.includes(resource) ? 1 : 0;
    if ((perComponent.get(component) ?? 0) - own > 0) return true;
    const known = settled.get(resource) ?? new Map<number, boolean>();
    settled.set(resource, known);
    return reachesProvider(component, { successors, provides: (c) => perComponent.has(c), known });
  };
}

/** The condensed graph: each component's distinct successor components. */
function componentSuccessors(edges: readonly (readonly number[])[], componentOf: Int32Array, count: number): number[][] {
  const successors: Set<number>[] = Array.from({ length: count }, () => new Set<number>());
  for (const [v, out] of edges.entries()) {
    const from = componentOf[v]!;
    for (const w of out) if (componentOf[w] !== from) successors[from]!.add(componentOf[w]!);
  }
  return successors.map((set) => [...set]);
}

/** One resource's walk over the condensed DAG. */
interface ProviderWalk {
  readonly successors: readonly (readonly number[])[];
  readonly provides: (component: number) => boolean;
  /** Components already settled for this resource. */
  readonly known: Map<number, boolean>;
}

/** Whether a component strictly upstream of `start` provides the resource; settles what it walks in `known`. */
function reachesProvider(start: number, { successors, provides, known }: ProviderWalk): boolean {
  const settledStart = known.get(start);
  if (settledStart !== undefined) return settledStart;
  const path = [start];
  const nextEdge = [0];
  while (path.length > 0) {
    const top = path.length - 1;
    const out = successors[path[top]!]!;
    const i = nextEdge[top]!;
    if (i === out.length) {
      // Everything upstream of it is settled and none provides.
      known.set(path.pop()!, false);
      nextEdge.pop();
      continue;
    }
    nextEdge[top] = i + 1;
    const next = out[i]!;
    if (provides(next) || known.get(next) === true) {
      // A provider is upstream of every component on the path.
      for (const component of path) known.set(component, true);
      return true;
    }
    if (!known.has(next)) {
      path.push(next);
      nextEdge.push(0);
    }
  }
  return false;
}
