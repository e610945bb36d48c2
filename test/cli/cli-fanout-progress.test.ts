import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';

// EU's metrics fails (exit 3) twice; US's succeeds.
const PROJECT = `
name: fan
partitions: {region: [US, EU]}
pipelines:
  data:
    command: ["sh", "-c", "exit 0"]
  metrics:
    command: ["sh", "-c", "[ {{ partition.region }} != EU ] || exit 3"]
    depends_on: [data]
    retries: 1
    retry_delay: 0s
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

/** The progress lines that must name their region, with or without a daemon. */
function expectLabelledProgress(stdout: string, first: number): void {
  expect(stdout).toContain(`run ${first}: data → metrics (2025-02-03, region=US)\nrun ${first + 1}: data → metrics (2025-02-03, region=EU)\n`);
  expect(stdout).toMatch(/^ {2}\[region=EU\] ↻ metrics: exit code 3; retry 1\/1/m);
  expect(stdout).toMatch(/^ {2}\[region=EU\] ✗ metrics \d+ms: exit code 3; retries exhausted after 2 attempts$/m);
  expect(stdout).toMatch(/^ {2}\[region=US\] ✓ metrics \d+ms$/m);
  expect(stdout).toMatch(/^ {2}\[region=US\] ▶ data$/m);
  // Every task line carries its run's label.
  const taskLines = stdout.split('\n').filter((line) => /^ {2}\S/.test(line));
  expect(taskLines.length).toBeGreaterThanOrEqual(8);
  for (const line of taskLines) expect(line).toMatch(/^ {2}\[region=(US|EU)\] /);
  expect(stdout).toContain(`runs ${first}, ${first + 1}: 1 succeeded, 1 failed`);
}

describe('run --wait over several runs says which run each progress line belongs to', () => {
  it('prefixes each task line with its partition’s static keys when this process drives the runs', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const out = await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--wait', '--project', w.project]);
    expect(out.code).toBe(1);
    expectLabelledProgress(out.stdout, 1);
  });

  it('prints the same header and labelled lines when the daemon drives the runs', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    const out = await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--wait', '--project', w.project]);
    expect(out.code).toBe(1);
    expect(out.stdout).not.toContain('created by the daemon');
    expect(out.stdout).toContain('the daemon drives them; following them here (Ctrl-C stops following, not the runs)\n');
    expectLabelledProgress(out.stdout, 1);
  });

  it('leaves a single run’s lines unprefixed', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const out = await tickwork(w.home, ['run', 'metrics', '--date', '2025-02-03', '--partition', 'region=US', '--wait', '--project', w.project]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^ {2}✓ metrics \d+ms$/m);
    expect(out.stdout).not.toContain('[region=');
  });
});
