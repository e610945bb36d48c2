/**
 * Every elementary cycle of a `depends_on` graph, for the loader's cycle
 * errors. Johnson's algorithm: for each start (in name order) it searches
 * only the strongly connected component that start closes among the names
 * after it, and blocks nodes that cannot lead back to the start, so an
 * acyclic 44,000-pipeline chain costs one linear pass instead of a search
 * per name. Blocking only prunes branches that hold no cycle, so the cycles
 * come out in the same order as a plain depth-first search would give them.
 * All walks use explicit stacks: the graph may be as deep as it is large.
 */
import { strongComponents } from './strong-components.js';

/**
 * Every elementary cycle in `deps` (name → names it depends on), each once,
 * starting at its alphabetically first member. Self-loops are left out (the
 * loader reports them separately) and edges to unknown names are ignored.
 * `limit` bounds the search, since a dense graph can hold exponentially many.
 */
export function findCycles(deps: ReadonlyMap<string, readonly string[]>, limit = 50): string[][] {
  const names = [...deps.keys()].sort(compareNames);
  const index = new Map(names.map((name, i) => [name, i] as const));
  const edges = names.map((name) => {
    const out: number[] = [];
    for (const next of deps.get(name) ?? []) {
      const j = index.get(next);
      if (j !== undefined) out.push(j);
    }
    return out;
  });
  const cycles: string[][] = [];
  let from = 0;
  while (from < names.length && cycles.length < limit) {
    // A cycle whose first member is `start` lies in start's component of the names from `start` on.
    const { componentOf, sizes } = strongComponents(edges, from);
    let start = from;
    while (start < names.length && sizes[componentOf[start]!]! < 2) start++;
    if (start === names.length) break;
    const component = componentOf[start]!;
    for (const cycle of cyclesThrough(start, { edges, inScope: (v) => componentOf[v] === component, limit: limit - cycles.length })) {
      cycles.push(cycle.map((v) => names[v]!));
    }
    from = start + 1;
  }
  return cycles;
}

/** The graph one start's search may use. */
interface Search {
  readonly edges: readonly (readonly number[])[];
  readonly inScope: (node: number) => boolean;
  readonly limit: number;
}

/** Johnson's CIRCUIT(start) with an explicit stack: the elementary cycles through `start`, as node paths ending at `start`. */
function cyclesThrough(start: number, { edges, inScope, limit }: Search): number[][] {
  const found: number[][] = [];
  const blocked = new Uint8Array(edges.length);
  // blockedBy[w]: nodes to unblock once w is unblocked (Johnson's B lists).
  const blockedBy = new Map<number, Set<number>>();
  const path: number[] = [start];
  const nextEdge: number[] = [0];
  const closedCycle: boolean[] = [false];
  blocked[start] = 1;
  while (path.length > 0 && found.length < limit) {
    const top = path.length - 1;
    const v = path[top]!;
    const out = edges[v]!;
    const i = nextEdge[top]!;
    if (i < out.length) {
      nextEdge[top] = i + 1;
      const w = out[i]!;
      if (!inScope(w)) continue;
      if (w === start) {
        if (v !== start) {
          found.push([...path, start]);
          closedCycle[top] = true;
        }
      } else if (blocked[w] === 0) {
        blocked[w] = 1;
        path.push(w);
        nextEdge.push(0);
        closedCycle.push(false);
      }
      continue;
    }
    const closed = closedCycle[top]!;
    path.pop();
    nextEdge.pop();
    closedCycle.pop();
    if (closed) {
      unblock(v, blocked, blockedBy);
      if (top > 0) closedCycle[top - 1] = true;
    } else {
      for (const w of out) {
        if (!inScope(w)) continue;
        const waiting = blockedBy.get(w) ?? new Set<number>();
        waiting.add(v);
        blockedBy.set(w, waiting);
      }
    }
  }
  return found;
}

/** Johnson's UNBLOCK(node), with a work list instead of recursion. */
function unblock(node: number, blocked: Uint8Array, blockedBy: Map<number, Set<number>>): void {
  const work = [node];
  while (work.length > 0) {
    const u = work.pop()!;
    blocked[u] = 0;
    const waiting = blockedBy.get(u);
    if (waiting === undefined) continue;
    blockedBy.delete(u);
    for (const w of waiting) if (blocked[w] === 1) work.push(w);
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
