/**
 * Places a run's tasks as a left-to-right DAG with ELK's layered layout, in
 * a Web Worker (a 1000-task graph lays out without freezing the page). Only
 * the graph's shape goes in (pipelines and their in-run upstream), so task
 * states changing live never lay it out again.
 */
import ELK from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';

/** A node's box in the layout. */
export const NODE_W = 184;
export const NODE_H = 46;

/** Where each pipeline's box goes (top-left), and each edge's bend points. */
export interface DagLayout {
  readonly positions: ReadonlyMap<string, { readonly x: number; readonly y: number }>;
}

let elk: InstanceType<typeof ELK> | null = null;

/** Lays out `nodes` (pipeline → its in-run upstream). */
export async function layoutDag(nodes: ReadonlyArray<{ readonly pipeline: string; readonly upstream: readonly string[] }>): Promise<DagLayout> {
  elk ??= new ELK({ workerFactory: () => new Worker(elkWorkerUrl) });
  const present = new Set(nodes.map((n) => n.pipeline));
  const graph = {
    id: 'run',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.spacing.nodeNode': '14',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.edgeRouting': 'POLYLINE',
    },
    children: nodes.map((n) => ({ id: n.pipeline, width: NODE_W, height: NODE_H })),
    edges: nodes.flatMap((n) => n.upstream.filter((up) => present.has(up)).map((up) => ({ id: `${up}->${n.pipeline}`, sources: [up], targets: [n.pipeline] }))),
  };
  const laid = await elk.layout(graph);
  return { positions: new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }])) };
}

/** A key of the graph's shape: the layout is redone only when it changes. */
export function shapeKey(nodes: ReadonlyArray<{ readonly pipeline: string; readonly upstream: readonly string[] }>): string {
  return nodes.map((n) => `${n.pipeline}<${n.upstream.join(',')}`).join('|');
}
