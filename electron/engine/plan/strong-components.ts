/**
 * Strongly connected components of a graph on integer nodes (Tarjan's
 * algorithm), walked with an explicit stack: a 44,000-pipeline chain is as
 * deep as it is long, far past what the call stack holds.
 */

/** A graph as adjacency lists: `edges[v]` are the nodes `v` points to (0 … edges.length - 1). */
export type IndexGraph = readonly (readonly number[])[];

/** Each node's component, numbered in the order Tarjan's algorithm closes them (sinks first); -1 for nodes left out. */
export interface Components {
  readonly componentOf: Int32Array;
  readonly count: number;
  /** How many nodes each component holds. */
  readonly sizes: readonly number[];
}

/** The components of the subgraph induced by the nodes `from`, `from + 1`, … (all nodes by default). */
export function strongComponents(edges: IndexGraph, from = 0): Components {
  const n = edges.length;
  const componentOf = new Int32Array(n).fill(-1);
  const order = new Int32Array(n).fill(-1); // discovery number, -1 while unvisited
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const members: number[] = []; // Tarjan's stack of nodes not yet in a component
  const sizes: number[] = [];
  // The walk: a node and how many of its edges it has followed.
  const walkNode: number[] = [];
  const walkEdge: number[] = [];
  let counter = 0;
  const enter = (v: number): void => {
    order[v] = low[v] = counter++;
    members.push(v);
    onStack[v] = 1;
    walkNode.push(v);
    walkEdge.push(0);
  };
  for (let root = from; root < n; root++) {
    if (order[root] !== -1) continue;
    enter(root);
    while (walkNode.length > 0) {
      const top = walkNode.length - 1;
      const v = walkNode[top]!;
      const out = edges[v]!;
      const i = walkEdge[top]!;
      if (i < out.length) {
        walkEdge[top] = i + 1;
        const w = out[i]!;
        if (w < from) continue;
        if (order[w] === -1) enter(w);
        else if (onStack[w] === 1 && order[w]! < low[v]!) low[v] = order[w]!;
        continue;
      }
      walkNode.pop();
      walkEdge.pop();
      if (walkNode.length > 0) {
        const parent = walkNode[walkNode.length - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] !== order[v]) continue;
      const id = sizes.length;
      let size = 0;
      let w: number;
      do {
        w = members.pop()!;
        onStack[w] = 0;
        componentOf[w] = id;
        size++;
      } while (w !== v);
      sizes.push(size);
    }
  }
  return { componentOf, count: sizes.length, sizes };
}
