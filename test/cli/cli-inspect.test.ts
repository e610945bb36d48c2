import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { startTickwork, tickwork } from '../helpers/cli.js';

const PROJECT = `
name: inspect
pipelines:
  data: {command: ["sh", "-c", "echo one; echo two; echo three >&2"], provides: [prices]}
  flaky:
    command: ["sh", "-c", "echo attempt $TICKWORK_ATTEMPT; [ $TICKWORK_ATTEMPT -ge 2 ]"]
    depends_on: [data]
    requires: [prices]
    retries: 1
    retry_delay: 10ms
jobs:
  all: {pipelines: [data, flaky]}
`;

describe('tickwork validate, graph, runs, status and logs', () => {
  it('validate prints every problem as file:line:col: field: message and exits 2', async () => {
    const w = tempWorld();
    w.writeProject(`
name: broken
pipelines:
  a: {command: ["true"], retires: 2}
  b: {command: ["true"], depends_on: [c]}
  c: {command: ["true"], depends_on: [b]}
`);
    const result = await tickwork(w.home, ['validate'], { cwd: w.project });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'tickwork.yaml:3:26: pipelines.a.retires: unknown key; did you mean "retries"?',
        'tickwork.yaml:4:39: pipelines.b.depends_on: cycle: b -> c -> b',
        '2 problems found',
        '',
      ].join('\n'),
    );
    w.writeProject(PROJECT);
    const ok = await tickwork(w.home, ['validate', '--project', w.project]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('ok — 2 pipelines, 1 job');
  });

  it('graph prints the DAG as text, dot and json', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const text = await tickwork(w.home, ['graph', '--project', w.project]);
    expect(text.stdout).toBe('inspect: 2 pipelines\n  data  provides: prices\n  flaky ← data\n  job all: data, flaky\n');
    const dot = await tickwork(w.home, ['graph', '--format', 'dot', '--project', w.project]);
    expect(dot.stdout).toContain('"data" -> "flaky";');
    const json = JSON.parse((await tickwork(w.home, ['graph', '--format', 'json', '--project', w.project])).stdout);
    expect(json.edges).toEqual([{ from: 'data', to: 'flaky' }]);
    expect((await tickwork(w.home, ['graph', '--format', 'svg', '--project', w.project])).code).toBe(2);
  });

  it('runs, status and logs show what happened, per task and attempt', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    expect((await tickwork(w.home, ['run', 'all', '--wait', '--project', w.project, '--date', '2025-03-03'])).code).toBe(0);
    const [run] = JSON.parse((await tickwork(w.home, ['runs', '--json'])).stdout);
    expect(Object.keys(run)).toEqual(expect.arrayContaining(['id', 'state', 'targets', 'partition', 'trigger', 'created_at', 'started_at', 'finished_at']));
    expect(run).toMatchObject({ id: 1, state: 'succeeded', targets: ['all'], partition: { date: '2025-03-03' }, trigger: 'cli' });
    expect(JSON.parse((await tickwork(w.home, ['runs', '--json', '--state', 'failed'])).stdout)).toEqual([]);
    expect(JSON.parse((await tickwork(w.home, ['runs', '--json', '--pipeline', 'flaky'])).stdout)).toHaveLength(1);
    expect(JSON.parse((await tickwork(w.home, ['runs', '--json', '--pipeline', 'nope'])).stdout)).toHaveLength(0);

    const status = JSON.parse((await tickwork(w.home, ['status', '--json', '--project', w.project])).stdout);
    expect(status.map((s: { pipeline: string; state: string; attempts: number }) => [s.pipeline, s.state, s.attempts])).toEqual([
      ['data', 'succeeded', 1],
      ['flaky', 'succeeded', 2],
    ]);
    expect(typeof status[0].duration_ms).toBe('number');

    expect((await tickwork(w.home, ['logs', '1', '--task', 'data'])).stdout).toBe('one\ntwo\nthree\n');
    expect((await tickwork(w.home, ['logs', '1', '--task', 'data', '--tail', '1'])).stdout).toBe('three\n');
    expect((await tickwork(w.home, ['logs', '1', '--task', 'flaky', '--attempt', '1'])).stdout).toBe('attempt 1\n');
    expect((await tickwork(w.home, ['logs', '1', '--task', 'flaky'])).stdout).toBe('attempt 2\n');
    expect((await tickwork(w.home, ['logs', '1'])).stdout).toBe(
      '==> data (attempt 1, succeeded) <==\none\ntwo\nthree\n==> flaky (attempt 2, succeeded) <==\nattempt 2\n',
    );
    const missing = await tickwork(w.home, ['logs', '1', '--task', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('tickwork logs: run 1 has no task nope (tasks: data, flaky)\n');
  });

  it('logs --follow streams output until the run ends', async () => {
    const w = tempWorld();
    w.writeProject(`
name: follow
pipelines:
  slow: {command: "echo start; while [ ! -f go ]; do sleep 0.05; done; echo done"}
`);
    const started = JSON.parse((await tickwork(w.home, ['run', 'slow', '--json', '--project', w.project])).stdout);
    const follower = startTickwork(w.home, ['logs', String(started.id), '--task', 'slow', '--follow']);
    let out = '';
    const sawStart = new Promise<void>((resolve) => follower.stdout!.on('data', (chunk) => ((out += chunk), out.includes('start') && resolve())));
    await sawStart;
    fs.writeFileSync(w.file('go'), '');
    const code = await new Promise((resolve) => follower.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toBe('start\ndone\n');
  });
});

describe('tickwork schedule', () => {
  it('lists the next fire times of scheduled pipelines and jobs', async () => {
    const w = tempWorld();
    w.writeProject(`
name: sched
timezone: America/New_York
pipelines:
  data: {command: ["true"], schedule: {cron: "0 19 * * 1-5", calendar: NYSE}}
  other: {command: ["true"]}
jobs:
  weekly: {pipelines: [data], schedule: "0 20 * * 0"}
`);
    const json = JSON.parse((await tickwork(w.home, ['schedule', '--json', '--next', '2', '--project', w.project])).stdout);
    expect(json.map((s: { name: string; kind: string; next: string[] }) => [s.name, s.kind, s.next.length])).toEqual([
      ['data', 'pipeline', 2],
      ['weekly', 'job', 2],
    ]);
    for (const t of json[1].next) expect(new Date(t).getUTCDay()).toBe(1); // Sunday 20:00 New York is Monday in UTC
    const text = await tickwork(w.home, ['schedule', '--project', w.project]);
    expect(text.stdout).toMatch(/^NAME +KIND +CRON +CALENDAR +NEXT 3\ndata +pipeline +0 19 \* \* 1-5 +NYSE +\d{4}-\d\d-\d\d 19:00 E[SD]T, /);
  });
});

describe('tickwork health', () => {
  it('reports store integrity, disk, memory and per-pipeline error rate and durations', async () => {
    const w = tempWorld();
    w.writeProject(`
name: health
pipelines:
  job: {command: ["sh", "-c", "[ -f ok ]"], alerts: {freshness: 26h}}
  never: {command: ["true"], alerts: {freshness: 1h}}
`);
    expect((await tickwork(w.home, ['run', 'job', '--wait', '--project', w.project])).code).toBe(1);
    fs.writeFileSync(w.file('ok'), '');
    expect((await tickwork(w.home, ['run', 'job', '--wait', '--project', w.project])).code).toBe(0);
    const result = await tickwork(w.home, ['health', '--json', '--project', w.project]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.scheduler).toBeNull();
    expect(report.store.integrity).toBe('ok');
    expect(report.store.bytes).toBeGreaterThan(0);
    expect(report.disk[0].freeBytes).toBeGreaterThan(0);
    expect(report.memory.totalBytes).toBeGreaterThan(report.memory.freeBytes);
    expect(report.pipelines).toHaveLength(2);
    expect(report.pipelines[0]).toMatchObject({ pipeline: 'job', finished: 2, failed: 1, errorRate: 0.5, freshnessMs: 26 * 3_600_000, stale: false });
    expect(report.pipelines[1]).toMatchObject({ pipeline: 'never', lastSuccessAt: null, stale: true });
    expect(report.pipelines[0].lastSuccessAt).toBeGreaterThan(0);
    expect(report.pipelines[0].p95Ms).toBeGreaterThanOrEqual(0);
    const text = await tickwork(w.home, ['health', '--project', w.project]);
    expect(text.stdout).toMatch(/^scheduler: never ran \(start it with tickwork up\)\nstore: .* integrity ok\n/);
    expect(text.stdout).toMatch(/job +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +fresh \(26h\) +50% of 2/);
    expect(text.stdout).toMatch(/never +- +STALE \(1h\)/);
  });
});
