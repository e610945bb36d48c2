import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempWorld, readLines } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { waitForAsync as waitFor } from '../helpers/wait-for.js';

const CHAIN = `
name: chain
pipelines:
  data: {command: ["sh", "-c", "echo data-{{ date }} >> ledger.txt"]}
  scenarios: {command: ["sh", "-c", "echo scenarios >> ledger.txt"], depends_on: [data]}
  metrics: {command: ["sh", "-c", "echo metrics >> ledger.txt"], depends_on: [scenarios]}
jobs:
  daily: {pipelines: [data]}
`;

describe('tickwork run', () => {
  it('--wait exits 0 on success and 1 on failure; --json prints the run', async () => {
    const w = tempWorld();
    w.writeProject(CHAIN + `  broken: {pipelines: [oops]}\n`.replace('  broken', '  broken_job').replace('oops', 'data'));
    const ok = await tickwork(w.home, ['run', 'metrics', '--wait', '--json', '--date', '2025-02-03', '--project', w.project]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const run = JSON.parse(ok.stdout);
    expect(run).toMatchObject({ id: 1, state: 'succeeded', targets: ['metrics'], partition: { date: '2025-02-03' }, trigger: 'cli' });
    expect(run.tasks.map((t: { pipeline: string; state: string }) => [t.pipeline, t.state])).toEqual([
      ['data', 'succeeded'],
      ['scenarios', 'succeeded'],
      ['metrics', 'succeeded'],
    ]);
    fs.writeFileSync(w.file('tickwork.yaml'), `name: fails\npipelines:\n  x: {command: ["false"]}\n`);
    const bad = await tickwork(w.home, ['run', 'x', '--wait'], { cwd: w.project });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('✗ x');
    expect(bad.stdout).toContain('run 2 failed');
  });

  it('--dry-run prints order, pools and resolved commands and creates no run', async () => {
    const w = tempWorld();
    w.writeProject(CHAIN);
    const dry = await tickwork(w.home, ['run', 'metrics', '--dry-run', '--date', '2025-02-03', '--project', w.project]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run: 3 tasks for 2025-02-03 (nothing will run)');
    expect(dry.stdout).toMatch(/1\. data {2}\[pool default \(\d+\), priority 0\]\n {7}\$ sh -c 'echo data-2025-02-03 >> ledger.txt'/);
    expect(dry.stdout).toMatch(/3\. metrics .* after scenarios/);
    const json = await tickwork(w.home, ['run', 'metrics', '--dry-run', '--json', '--project', w.project, '--date', '2025-02-03']);
    expect(JSON.parse(json.stdout).tasks.map((t: { pipeline: string }) => t.pipeline)).toEqual(['data', 'scenarios', 'metrics']);
    const runs = await tickwork(w.home, ['runs', '--json']);
    expect(JSON.parse(runs.stdout)).toEqual([]);
    expect(fs.existsSync(w.file('ledger.txt'))).toBe(false);
  });

  it('--no-upstream runs only the target, waiting for its upstream partition when there is no result yet', async () => {
    const w = tempWorld();
    w.writeProject(CHAIN);
    const started = await tickwork(w.home, ['run', 'metrics', '--no-upstream', '--json', '--project', w.project, '--date', '2025-02-03']);
    const runId = JSON.parse(started.stdout).id;
    const stateOf = async () => JSON.parse((await tickwork(w.home, ['status', '--json', '--project', w.project])).stdout).find((s: { pipeline: string }) => s.pipeline === 'metrics');
    await waitFor(async () => (await stateOf()).state === 'waiting', 'metrics to wait for its upstream');
    expect(readLines(w.file('ledger.txt'))).toEqual([]);
    expect((await tickwork(w.home, ['run', 'scenarios', '--wait', '--project', w.project, '--date', '2025-02-03'])).code).toBe(0);
    await waitFor(async () => JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout).find((r: { id: number }) => r.id === runId).state === 'succeeded', 'metrics to run once its upstream succeeded');
    expect(readLines(w.file('ledger.txt'))).toEqual(['data-2025-02-03', 'scenarios', 'metrics']);
    const only = await tickwork(w.home, ['run', 'metrics', '--no-upstream', '--wait', '--json', '--project', w.project, '--date', '2025-02-04']);
    expect(only.code).toBe(0);
    expect(JSON.parse(only.stdout).tasks.map((t: { pipeline: string }) => t.pipeline)).toEqual(['metrics']);
    expect(readLines(w.file('ledger.txt'))).toEqual(['data-2025-02-03', 'scenarios', 'metrics', 'metrics']);
  });

  it('--only-upstream runs the upstream of the targets but not the targets', async () => {
    const w = tempWorld();
    w.writeProject(CHAIN);
    const result = await tickwork(w.home, ['run', 'metrics', '--only-upstream', '--wait', '--json', '--project', w.project, '--date', '2025-02-03']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).tasks.map((t: { pipeline: string }) => t.pipeline)).toEqual(['data', 'scenarios']);
    expect(readLines(w.file('ledger.txt'))).toEqual(['data-2025-02-03', 'scenarios']);
    const none = await tickwork(w.home, ['run', 'data', '--only-upstream', '--project', w.project]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('tickwork run: data has no upstream pipelines to run (--only-upstream)\n');
  });

  it('rejects usage errors with exit 2 and a message, never a stack trace', async () => {
    const w = tempWorld();
    w.writeProject(CHAIN);
    const cases: Array<[string[], string]> = [
      [['run', 'metrics', '--date', '2025-13-40', '--project', w.project], 'tickwork run: --date 2025-13-40: there is no such date (months run from 01 to 12)\n'],
      [['run', 'metrcs', '--project', w.project], 'tickwork run: unknown pipeline or job "metrcs"'],
      [['run', 'metrics', '--partition', 'region=US', '--project', w.project], 'unknown partition key "region"'],
      [['run', 'metrics', '--bogus', '--project', w.project], 'tickwork run: unknown option --bogus (tickwork run --help lists the options)\n'],
      [['run', '--project', w.project], 'tickwork run: name at least one pipeline or job to run\n'],
      // --wait starts the launcher shell before loading the project: an error must still end the command.
      [['run', 'nosuch', '--wait', '--project', w.project], 'tickwork run: unknown pipeline or job "nosuch"'],
      [['frobnicate'], 'tickwork: unknown command "frobnicate"'],
      [['logs', '99'], 'tickwork logs: no run 99\n'],
      [['cancel', 'x'], 'tickwork cancel: expected one run id'],
      [['runs', '--state', 'weird'], 'tickwork runs: --state weird: expected one of queued, running, succeeded, failed, cancelled\n'],
    ];
    for (const [args, message] of cases) {
      const result = await tickwork(w.home, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
