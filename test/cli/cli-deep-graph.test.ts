import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tickwork } from '../helpers/cli.js';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';

const CHAIN = 44_000;
const TAIL = `p${CHAIN - 1}`;

/** One dependency chain p0 ← p1 ← … ← p43999, each requiring what the one before provides (~5.4 MB). */
function chainYaml(closeLoop: boolean): string {
  const lines = ['name: deep', 'timezone: UTC', 'pipelines:'];
  for (let i = 0; i < CHAIN; i++) {
    lines.push(`  p${i}:`, `    command: ["echo", "p${i}", "{{ date }}"]`);
    if (i > 0) lines.push(`    depends_on: [p${i - 1}]`, `    requires: [d${i - 1}]`);
    else if (closeLoop) lines.push(`    depends_on: [${TAIL}]`);
    lines.push(`    provides: [d${i}]`);
  }
  return lines.join('\n') + '\n';
}

/** Runs the CLI and measures its wall time. */
async function timed(w: TempWorld, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  const result = await tickwork(w.home, args, { cwd: w.project });
  return { ...result, ms: Math.round(performance.now() - started) };
}

describe('a 44,000-pipeline dependency chain', () => {
  const w = tempWorld();
  let bytes = 0;
  beforeAll(() => {
    // Generated here, not committed: a 5 MB fixture would bloat every clone.
    bytes = fs.statSync(w.writeProject(chainYaml(false))).size;
  });

  it('validates in seconds instead of overflowing the stack', async () => {
    expect(bytes).toBeGreaterThan(5_000_000);
    const result = await timed(w, ['validate', '--project', w.project]);
    console.info(`validate of a ${(bytes / 1e6).toFixed(1)} MB, ${CHAIN}-pipeline chain: ${result.ms} ms`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${w.file('tickwork.yaml')}: ok — ${CHAIN} pipelines, 0 jobs\n`);
    // A few seconds alone; generous for a busy two-core machine. Quadratic took minutes.
    expect(result.ms).toBeLessThan(60_000);
  }, 180_000);

  it('graphs the chain and plans a dry run of its tail: all of it upstream first', async () => {
    const graph = await timed(w, ['graph', '--format', 'json', '--project', w.project]);
    expect(graph.stderr).toBe('');
    expect(graph.code).toBe(0);
    const dag = JSON.parse(graph.stdout) as { nodes: { name: string }[]; edges: { from: string; to: string }[] };
    expect(dag.nodes).toHaveLength(CHAIN);
    expect(dag.edges).toHaveLength(CHAIN - 1);
    expect(dag.edges.at(-1)).toEqual({ from: `p${CHAIN - 2}`, to: TAIL });

    const dry = await timed(w, ['run', TAIL, '--dry-run', '--json', '--date', '2025-02-03', '--project', w.project]);
    console.info(`graph: ${graph.ms} ms; run ${TAIL} --dry-run: ${dry.ms} ms`);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as { tasks: { order: number; pipeline: string; upstream: string[]; command: string[] }[] };
    expect(plan.tasks).toHaveLength(CHAIN);
    expect(plan.tasks.slice(0, 2).map((t) => t.pipeline)).toEqual(['p0', 'p1']);
    expect(plan.tasks.at(-1)).toMatchObject({ order: CHAIN, pipeline: TAIL, upstream: [`p${CHAIN - 2}`], command: ['echo', TAIL, '2025-02-03'] });
  }, 180_000);

  it('names the whole cycle, at file:line:col, when the chain is closed into a loop', async () => {
    const loop = tempWorld();
    loop.writeProject(chainYaml(true));
    const result = await timed(loop, ['validate']);
    console.info(`validate of the closed loop (positional parse): ${result.ms} ms`);
    expect(result.code).toBe(2);
    const [problem, summary, ...rest] = result.stderr.split('\n');
    const members = Array.from({ length: CHAIN }, (_, i) => `p${CHAIN - 1 - i}`);
    // p0's `depends_on: [p43999]` is line 6; the name starts at column 18.
    expect(problem).toBe(`tickwork.yaml:6:18: pipelines.p0.depends_on: cycle: p0 -> ${members.join(' -> ')}`);
    expect(summary).toBe('1 problem found');
    expect(rest).toEqual(['']);
  }, 180_000);
});
