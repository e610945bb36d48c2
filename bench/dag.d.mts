// Types of bench/dag.mjs for the tests that read the benchmark's workload.

/** Shape of a layered DAG. */
export interface DagShape {
  readonly layers: number;
  readonly width: number;
  readonly fanIn: number;
  readonly seed: number;
}

/** A layered DAG: tasks in topological order, each with the names it depends on. */
export interface Dag {
  readonly shape: DagShape;
  readonly tasks: ReadonlyArray<{ readonly name: string; readonly deps: readonly string[] }>;
}

export const DEFAULT_SHAPE: DagShape;
/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function makeRng(seed: number): () => number;
export function buildDag(shape?: DagShape): Dag;
export function tickworkYaml(dag: Dag): string;
