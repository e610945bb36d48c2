import { describe, expect, it } from 'vitest';
import { downstreamClosure, findCycles, topoOrder, upstreamClosure } from '../../../electron/engine/plan/index.js';
import { graphProject } from './plan-fixture.js';

// report ← prices ← fx, report ← universe; audit is independent; file order below.
const project = graphProject({
  report: ['prices', 'universe'],
  audit: [],
  prices: ['fx'],
  universe: [],
  fx: [],
});

describe('topoOrder', () => {
  it('puts every pipeline after its dependencies, breaking ties by file order', () => {
    expect(topoOrder(project)).toEqual(['audit', 'universe', 'fx', 'prices', 'report']);
  });

  it('keeps the same order on every call', () => {
    expect(topoOrder(project)).toEqual(topoOrder(project));
  });

  it('orders a subset, keeping constraints that pass through pipelines left out', () => {
    expect(topoOrder(project, ['report', 'fx'])).toEqual(['fx', 'report']);
  });

  it('throws on unknown names, which only a bug can produce', () => {
    expect(() => topoOrder(project, ['nope'])).toThrow('unknown pipeline "nope"');
  });
});

describe('closures', () => {
  it('collects a pipeline and everything it transitively depends on', () => {
    expect(upstreamClosure(project, ['report'])).toEqual(new Set(['report', 'prices', 'universe', 'fx']));
  });

  it('collects a pipeline and everything that transitively depends on it', () => {
    expect(downstreamClosure(project, ['fx'])).toEqual(new Set(['fx', 'prices', 'report']));
  });

  it('returns just the names given when they have no neighbours', () => {
    expect(upstreamClosure(project, ['audit'])).toEqual(new Set(['audit']));
    expect(downstreamClosure(project, ['audit', 'report'])).toEqual(new Set(['audit', 'report']));
  });
});

describe('findCycles', () => {
  it('finds each elementary cycle once, starting at its alphabetically first member', () => {
    const deps = new Map(
      Object.entries({ c: ['a'], b: ['c'], a: ['b', 'd'], d: ['a'], x: ['x'], y: ['missing'] }),
    );
    expect(findCycles(deps)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['a', 'd', 'a'],
    ]);
  });

  it('stops after the limit on dense graphs', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const deps = new Map(names.map((n) => [n, names.filter((m) => m !== n)]));
    expect(findCycles(deps, 10)).toHaveLength(10);
  });
});
