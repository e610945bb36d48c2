import { describe, expect, it } from 'vitest';
import { makeRng } from '../../../bench/dag.mjs';
import { downstreamClosure, findCycles, topoOrder, upstreamClosure } from '../../../electron/engine/plan/index.js';
import { strongComponents } from '../../../electron/engine/plan/strong-components.js';
import { upstreamProvides } from '../../../electron/engine/plan/upstream-provides.js';
import { graphProject } from './plan-fixture.js';

const CHAIN = 44_000;

/** p0 ← p1 ← … ← p{n-1}: each depends on the one before. */
function chainDeps(n: number): Map<string, string[]> {
  return new Map(Array.from({ length: n }, (_, i) => [`p${i}`, i === 0 ? [] : [`p${i - 1}`]] as const));
}

/** The recursive search findCycles used before (a plain DFS from each name), kept as the reference for order. */
function referenceCycles(deps: ReadonlyMap<string, readonly string[]>, limit = 50): string[][] {
  const cycles: string[][] = [];
  for (const start of [...deps.keys()].sort()) {
    const path = [start];
    const onPath = new Set([start]);
    const visit = (node: string): void => {
      for (const next of deps.get(node) ?? []) {
        if (cycles.length >= limit) return;
        if (next === start && node !== start) cycles.push([...path, start]);
        else if (deps.has(next) && next > start && !onPath.has(next)) {
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

/** The walk checkRequires used before: everything `name` reaches, itself left out. */
function referenceUpstream(name: string, deps: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(deps.get(name) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next) || next === name) continue;
    seen.add(next);
    stack.push(...(deps.get(next) ?? []));
  }
  return seen;
}

/** A random graph on n names (some edges to unknown names, some self-loops). */
function randomDeps(rng: () => number, n: number, density: number): Map<string, string[]> {
  const names = Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26)) + i);
  return new Map(
    names.map((name) => [name, [...names.filter(() => rng() < density), ...(rng() < 0.1 ? ['missing'] : [])]] as const),
  );
}

describe('graph walks on a 44,000-pipeline chain', () => {
  const project = graphProject(Object.fromEntries(chainDeps(CHAIN)));

  it('orders, closes over and searches the chain without overflowing the stack', () => {
    const order = topoOrder(project);
    expect(order).toHaveLength(CHAIN);
    expect(order[0]).toBe('p0');
    expect(order.at(-1)).toBe(`p${CHAIN - 1}`);
    expect(upstreamClosure(project, [`p${CHAIN - 1}`]).size).toBe(CHAIN);
    expect(downstreamClosure(project, ['p0']).size).toBe(CHAIN);
    expect(findCycles(chainDeps(CHAIN))).toEqual([]);
  });

  it('names the whole cycle when the chain is closed into a loop', () => {
    const deps = chainDeps(CHAIN);
    deps.set('p0', [`p${CHAIN - 1}`]);
    const [cycle, ...others] = findCycles(deps);
    expect(others).toEqual([]);
    expect(cycle).toHaveLength(CHAIN + 1);
    expect(cycle!.slice(0, 3)).toEqual(['p0', `p${CHAIN - 1}`, `p${CHAIN - 2}`]);
    expect(cycle!.at(-1)).toBe('p0');
  });

  it('takes pipelines that depend on 44,000 others (no argument-spread limits)', () => {
    const wide = graphProject({ ...Object.fromEntries(Array.from({ length: CHAIN }, (_, i) => [`p${i}`, []])), all: Array.from({ length: CHAIN }, (_, i) => `p${i}`) });
    expect(upstreamClosure(wide, ['all']).size).toBe(CHAIN + 1);
    expect(topoOrder(wide).at(-1)).toBe('all');
  });

  it('groups the chain into single-node components and a loop into one', () => {
    const edges = Array.from({ length: CHAIN }, (_, i) => (i === 0 ? [] : [i - 1]));
    expect(strongComponents(edges).count).toBe(CHAIN);
    edges[0] = [CHAIN - 1];
    expect(strongComponents(edges).sizes).toEqual([CHAIN]);
  });

  it('answers requires checks along the chain in linear time', () => {
    const nodes = new Map([...chainDeps(CHAIN)].map(([name, dependsOn], i) => [name, { dependsOn, provides: [`out${i}`, 'shared'] }] as const));
    const started = performance.now();
    const provided = upstreamProvides(nodes);
    const unmet: string[] = [];
    // From the tail first, so the walk for out0 crosses the whole chain once and is remembered.
    for (let i = CHAIN - 1; i > 0; i--) {
      for (const resource of [`out${i - 1}`, 'out0', 'shared']) if (!provided(`p${i}`, resource)) unmet.push(`p${i} ${resource}`);
    }
    const elapsed = performance.now() - started;
    expect(unmet).toEqual([]);
    expect(provided('p0', 'out0')).toBe(false);
    expect(provided('p0', 'shared')).toBe(false);
    expect(provided(`p${CHAIN - 2}`, `out${CHAIN - 1}`)).toBe(false);
    // Walking each pipeline's whole upstream would be ~10⁹ steps; this is a few hundred ms even on a busy machine.
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe('the iterative walks agree with the recursive ones they replaced', () => {
  it('finds the same cycles in the same order on random graphs', () => {
    const rng = makeRng(20261202);
    for (let round = 0; round < 300; round++) {
      const deps = randomDeps(rng, 2 + Math.floor(rng() * 9), rng() * 0.4);
      const limit = 1 + Math.floor(rng() * 60);
      expect(findCycles(deps, limit), `round ${round}`).toEqual(referenceCycles(deps, limit));
    }
  });

  it('agrees on what is provided upstream, cycles included', () => {
    const rng = makeRng(7);
    const resources = ['a', 'b', 'c', 'd'];
    for (let round = 0; round < 300; round++) {
      const deps = randomDeps(rng, 1 + Math.floor(rng() * 10), rng() * 0.3);
      const provides = new Map([...deps.keys()].map((name) => [name, resources.filter(() => rng() < 0.2)] as const));
      const provided = upstreamProvides(new Map([...deps].map(([name, dependsOn]) => [name, { dependsOn, provides: provides.get(name)! }] as const)));
      for (const name of deps.keys()) {
        const upstream = referenceUpstream(name, deps);
        for (const resource of resources) {
          const expected = [...upstream].some((up) => provides.get(up)?.includes(resource));
          expect(provided(name, resource), `round ${round}: ${name} ${resource}`).toBe(expected);
        }
      }
    }
  });
});
