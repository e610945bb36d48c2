import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, readLines } from '../../helpers/temp-home.js';
import { harness, readRun, type Harness } from '../../helpers/engine-harness.js';
import { Engine } from '../../../electron/engine/run/engine.js';

let h: Harness | undefined;
afterEach(() => h?.close());

describe('engine: dependencies and outcomes', () => {
  it('runs a chain in dependency order and records one succeeded attempt per task', async () => {
    const w = tempWorld();
    w.writeProject(`
name: chain
pipelines:
  a: {command: ["sh", "-c", "echo a >> order.txt"]}
  b: {command: "echo b >> order.txt", depends_on: [a]}
  c: {command: ["sh", "-c", "echo c >> order.txt"], depends_on: [b]}
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['c'] });
    expect(result.run.state).toBe('succeeded');
    expect(readLines(w.file('order.txt'))).toEqual(['a', 'b', 'c']);
    for (const name of ['a', 'b', 'c']) {
      expect(result.tasks.get(name)!.state).toBe('succeeded');
      expect(result.attempts.get(name)!.map((a) => a.state)).toEqual(['succeeded']);
    }
  });

  it('marks downstream of a failure upstream_failed while an independent branch still succeeds', async () => {
    const w = tempWorld();
    w.writeProject(`
name: branches
pipelines:
  bad: {command: ["sh", "-c", "exit 3"]}
  after_bad: {command: ["true"], depends_on: [bad]}
  last: {command: ["true"], depends_on: [after_bad]}
  good: {command: ["sh", "-c", "sleep 0.2; echo good > good.txt"]}
  after_good: {command: ["true"], depends_on: [good]}
jobs:
  all: {pipelines: [last, after_good]}
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['all'] });
    expect(result.run.state).toBe('failed');
    expect(result.run.reason).toBe('failed: bad');
    expect(result.tasks.get('bad')!.state).toBe('failed');
    expect(result.tasks.get('bad')!.reason).toBe('exit code 3');
    expect(result.tasks.get('after_bad')!.state).toBe('upstream_failed');
    expect(result.tasks.get('after_bad')!.reason).toBe('upstream bad failed');
    expect(result.tasks.get('last')!.state).toBe('upstream_failed');
    expect(result.attempts.get('after_bad')).toEqual([]);
    expect(result.tasks.get('good')!.state).toBe('succeeded');
    expect(result.tasks.get('after_good')!.state).toBe('succeeded');
    expect(readLines(w.file('good.txt'))).toEqual(['good']);
  });

  it('passes templates and TICKWORK_* variables to argv commands without a shell', async () => {
    const w = tempWorld();
    w.writeProject(`
name: templated
params: {window: "20"}
partitions: {region: [US, EU]}
pipelines:
  show:
    command: ["node", "-e", "require('fs').writeFileSync('out.json', JSON.stringify({argv: process.argv.slice(1), env: process.env.GREETING, run: process.env.TICKWORK_RUN_ID, region: process.env.TICKWORK_PARTITION_REGION}))", "{{ date }}", "{{ partition.region }}", "{{ params.window }}", "$HOME;*"]
    env: {GREETING: "hi {{ partition.region }}"}
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['show'], date: '2024-03-15', partition: { region: 'EU' }, params: { window: '30' } });
    expect(result.run.state).toBe('succeeded');
    const out = JSON.parse(fs.readFileSync(w.file('out.json'), 'utf8'));
    expect(out).toEqual({ argv: ['2024-03-15', 'EU', '30', '$HOME;*'], env: 'hi EU', run: String(result.run.id), region: 'EU' });
  });

  it('reuses an identical upstream result unless --force is given', async () => {
    const w = tempWorld();
    w.writeProject(`
name: cache
pipelines:
  up: {command: ["sh", "-c", "echo up >> ledger.txt"]}
  down: {command: ["sh", "-c", "echo down >> ledger.txt"], depends_on: [up]}
`);
    h = harness(w.home, w.project);
    const first = await h.run({ targets: ['down'], date: '2024-01-02' });
    const second = await h.run({ targets: ['down'], date: '2024-01-02' });
    expect(second.tasks.get('up')!.state).toBe('cached');
    expect(second.tasks.get('up')!.cachedFrom).toBe(first.tasks.get('up')!.id);
    const forced = await h.run({ targets: ['down'], date: '2024-01-02', force: true });
    expect(forced.tasks.get('up')!.state).toBe('succeeded');
    const otherDay = await h.run({ targets: ['down'], date: '2024-01-03' });
    expect(otherDay.tasks.get('up')!.state).toBe('succeeded');
    expect(readLines(w.file('ledger.txt'))).toEqual(['up', 'down', 'down', 'up', 'down', 'up', 'down']);
  });
});

/** An engine persists the start of run `id` and "dies" before launching anything; a new engine then carries the run to its end. */
async function dieBeforeLaunchThenResume(harnessed: Harness, id: number): Promise<void> {
  const silent = { launch: () => ({ pid: 0, started: Promise.resolve(0), ended: new Promise<never>(() => undefined), detach: () => undefined }), dispose: () => undefined };
  const dying = new Engine({ db: harnessed.db, home: harnessed.home, executor: silent });
  dying.claim(id);
  await dying.stop();
  const next = harnessed.engine();
  next.claim(id);
  await next.whenIdle();
}

describe('engine: an attempt that never started', () => {
  it('is started again after a restart, outside the retry budget, when no process was ever recorded for it', async () => {
    const w = tempWorld();
    w.writeProject(`
name: never
pipelines:
  once: {command: ["sh", "-c", "echo ran >> ledger.txt"], retries: 0}
`);
    h = harness(w.home, w.project);
    const id = h.create({ targets: ['once'] });
    await dieBeforeLaunchThenResume(h, id);
    const result = readRun(h.db, id);
    expect(result.run.state).toBe('succeeded');
    expect(result.attempts.get('once')!.map((a) => [a.state, a.error])).toEqual([
      ['lost', 'never started: the engine stopped before launching it'],
      ['succeeded', null],
    ]);
    expect(readLines(w.file('ledger.txt'))).toEqual(['ran']);
  });

  it('does not count against the retry budget: a failing task still gets its retries after one', async () => {
    const w = tempWorld();
    w.writeProject(`
name: never
pipelines:
  flaky: {command: ["sh", "-c", "echo ran >> ledger.txt; exit 1"], retries: 1, retry_delay: 10ms}
`);
    h = harness(w.home, w.project);
    const id = h.create({ targets: ['flaky'] });
    await dieBeforeLaunchThenResume(h, id);
    const result = readRun(h.db, id);
    expect(result.attempts.get('flaky')!.map((a) => a.state)).toEqual(['lost', 'failed', 'failed']);
    expect(result.tasks.get('flaky')!.reason).toBe('exit code 1; retries exhausted after 2 attempts');
    expect(readLines(w.file('ledger.txt'))).toEqual(['ran', 'ran']);
  });
});

describe('engine: --no-upstream after a skipped upstream', () => {
  it('takes a skipped upstream as a finished one, as a run does', async () => {
    const w = tempWorld();
    w.writeProject(`
name: skipping
pipelines:
  up: {command: ["sh", "-c", "exit 75"], on_error: [{exit_code: [75], action: skip}]}
  down: {command: ["sh", "-c", "echo down >> ledger.txt"], depends_on: [up]}
`);
    h = harness(w.home, w.project);
    const first = await h.run({ targets: ['up'], date: '2024-01-02' });
    expect(first.tasks.get('up')!.state).toBe('skipped');
    const only = await h.run({ targets: ['down'], selection: 'no_upstream', date: '2024-01-02' });
    expect(only.run.state).toBe('succeeded');
    expect(readLines(w.file('ledger.txt'))).toEqual(['down']);
  });
});
