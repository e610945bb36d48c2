import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

describe('counts in CLI output', () => {
  it('say "1 pipeline", "2 pipelines", "0 jobs", "1 problem"', async () => {
    const w = tempWorld();
    const file = w.writeProject(`
name: counts
pipelines:
  prices: {command: ["true"]}
jobs:
  daily: {pipelines: [prices]}
`);
    expect((await tickwork(w.home, ['validate', '--project', w.project])).stdout).toBe(`${file}: ok — 1 pipeline, 1 job\n`);
    expect((await tickwork(w.home, ['graph', '--project', w.project])).stdout).toMatch(/^counts: 1 pipeline\n/);
    w.writeProject(`
name: counts
pipelines:
  prices: {command: ["true"]}
  metrics: {command: ["true"], depends_on: [prices]}
`);
    expect((await tickwork(w.home, ['validate', '--project', w.project])).stdout).toBe(`${file}: ok — 2 pipelines, 0 jobs\n`);
    expect((await tickwork(w.home, ['graph', '--project', w.project])).stdout).toMatch(/^counts: 2 pipelines\n/);
    w.writeProject(`
name: counts
pipelines:
  prices: {command: ["true"], retires: 2}
`);
    const invalid = await tickwork(w.home, ['validate', '--project', w.project]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/\n1 problem found\n$/);
  });
});
