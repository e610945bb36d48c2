import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, readLines, type TempWorld } from '../../helpers/temp-home.js';
import { startDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { apiCall, apiOk } from '../../helpers/api-client.js';
import { waitForAsync } from '../../helpers/wait-for.js';
import { openStore } from '../../../electron/engine/store/open-store.js';
import { listEvents } from '../../../electron/engine/store/event-journal.js';
import path from 'node:path';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

// fetch → clean → report, and fetch → side; report fails until the file `fixed` exists. Each task appends its name to ran.txt.
const PROJECT = `
name: rerun
params: {api_token: s3cr3t-value-42}
pipelines:
  fetch: {command: ["sh", "-c", "echo fetch >> ran.txt"]}
  clean: {command: ["sh", "-c", "echo clean >> ran.txt"], depends_on: [fetch]}
  side: {command: ["sh", "-c", "echo side >> ran.txt"], depends_on: [fetch]}
  report:
    command: ["sh", "-c", "echo report >> ran.txt; test -f fixed"]
    depends_on: [clean, side]
  slow: {command: ["sleep", "30"]}
`;

async function world(): Promise<{ w: TempWorld; daemon: TestDaemon }> {
  const w = tempWorld();
  w.writeProject(PROJECT);
  const daemon = await startDaemon(w.home, w.project);
  children.push(daemon.child);
  return { w, daemon };
}

async function finished(daemon: TestDaemon, id: number) {
  return waitForAsync(async () => {
    const got = await apiOk(daemon, 'runs.get', { id });
    return ['succeeded', 'failed', 'cancelled'].includes(got.run.state) ? got : null;
  }, `run ${id} to finish`);
}

const ran = (w: TempWorld) => readLines(w.file('ran.txt'));

describe('runs.rerun over HTTP', () => {
  it('re-runs from failure only the failed task (its upstream reused from the original run), records why, and refuses what it cannot do', async () => {
    const { w, daemon } = await world();
    const { id } = await apiOk(daemon, 'runs.trigger', { targets: ['report'], date: '2025-03-03' });
    expect((await finished(daemon, id)).run.state).toBe('failed');
    expect(ran(w).sort()).toEqual(['clean', 'fetch', 'report', 'side']);

    // The preview says what will run and what is reused, and creates nothing.
    const runsBefore = (await apiOk(daemon, 'runs.list', {})).length;
    const preview = await apiOk(daemon, 'runs.rerun', { id, mode: 'from_failure', preview: true });
    expect(preview.id).toBeNull();
    expect(preview.reason).toBe(`rerun of run ${id} (from failure)`);
    expect(preview.plan.tasks.map((t) => [t.pipeline, t.action, t.why])).toEqual([
      ['fetch', 'reuse', `reused from run ${id} (succeeded there)`],
      ['clean', 'reuse', `reused from run ${id} (succeeded there)`],
      ['side', 'reuse', `reused from run ${id} (succeeded there)`],
      ['report', 'run', `failed in run ${id}`],
    ]);
    expect(preview.plan).toMatchObject({ toRun: 1, toReuse: 3, partitionKey: 'date=2025-03-03' });
    expect(preview.plan.params.api_token).toBe('***');
    expect((await apiOk(daemon, 'runs.list', {})).length).toBe(runsBefore);

    fs.writeFileSync(w.file('fixed'), '');
    fs.writeFileSync(w.file('ran.txt'), '');
    const rerun = await apiOk(daemon, 'runs.rerun', { id, mode: 'from_failure' });
    expect(rerun.id).toBeGreaterThan(id);
    const done = await finished(daemon, rerun.id!);
    expect(done.run.state).toBe('succeeded');
    expect(ran(w)).toEqual(['report']);
    const byName = new Map(done.tasks.map((t) => [t.pipeline, t]));
    expect(byName.get('fetch')).toMatchObject({ state: 'cached', reason: `reused from run ${id} (succeeded there)` });
    const original = (await apiOk(daemon, 'runs.get', { id })).tasks.find((t) => t.pipeline === 'fetch')!;
    expect(byName.get('fetch')!.cachedFrom).toBe(original.id);
    expect(done.run).toMatchObject({ targets: ['report'], partition: { date: '2025-03-03' }, trigger: 'api' });
    const db = openStore(path.join(w.home, 'tickwork.db'));
    const queued = listEvents(db, { runId: rerun.id! }).find((e) => e.kind === 'run' && e.to === 'queued')!;
    db.close();
    expect(queued.data).toMatchObject({ rerunOf: id, reason: `rerun of run ${id} (from failure)` });

    // Nothing failed in the rerun: from_failure is refused with a message; an unknown run is 404; bad params 400.
    const nothing = await apiCall(daemon, 'runs.rerun', { id: rerun.id, mode: 'from_failure' });
    expect(nothing.status).toBe(409);
    expect(nothing.body.error).toContain('nothing to re-run from failure');
    expect((await apiCall(daemon, 'runs.rerun', { id: 999, mode: 'all' })).status).toBe(404);
    expect((await apiCall(daemon, 'runs.rerun', { id: 999, mode: 'all' })).body.error).toBe('no run 999');
    const badMode = await apiCall(daemon, 'runs.rerun', { id, mode: 'everything' });
    expect([badMode.status, badMode.body.error]).toEqual([400, 'mode must be all, from_failure or selected, not everything']);
    expect((await apiCall(daemon, 'runs.rerun', { id: 'x', mode: 'all' })).status).toBe(400);
    const unknownTask = await apiCall(daemon, 'runs.rerun', { id, mode: 'selected', tasks: ['nope'] });
    expect([unknownTask.status, unknownTask.body.error]).toEqual([400, `run ${id} has no task nope (its tasks: fetch, clean, side, report)`]);
    expect((await apiCall(daemon, 'runs.rerun', { id, mode: 'selected' })).status).toBe(400);
  }, 60_000);

  it('re-runs selected tasks with their downstream, or all of them, and refuses a run still running with 409', async () => {
    const { w, daemon } = await world();
    fs.writeFileSync(w.file('fixed'), '');
    const { id } = await apiOk(daemon, 'runs.trigger', { targets: ['report'], date: '2025-03-04' });
    expect((await finished(daemon, id)).run.state).toBe('succeeded');

    fs.writeFileSync(w.file('ran.txt'), '');
    const selected = await apiOk(daemon, 'runs.rerun', { id, mode: 'selected', tasks: ['clean'] });
    expect(selected.plan.tasks.filter((t) => t.action === 'run').map((t) => [t.pipeline, t.why])).toEqual([
      ['clean', 'selected'],
      ['report', 'downstream of clean'],
    ]);
    expect((await finished(daemon, selected.id!)).run.state).toBe('succeeded');
    expect(ran(w)).toEqual(['clean', 'report']);

    fs.writeFileSync(w.file('ran.txt'), '');
    const all = await apiOk(daemon, 'runs.rerun', { id, mode: 'all' });
    expect(all.plan.toReuse).toBe(0);
    expect(all.reason).toBe(`rerun of run ${id} (all tasks)`);
    expect((await finished(daemon, all.id!)).run.state).toBe('succeeded');
    expect(ran(w).sort()).toEqual(['clean', 'fetch', 'report', 'side']);

    const slow = await apiOk(daemon, 'runs.trigger', { targets: ['slow'] });
    const busy = await apiCall(daemon, 'runs.rerun', { id: slow.id, mode: 'all' });
    expect(busy.status).toBe(409);
    expect(busy.body.error).toMatch(new RegExp(`^run ${slow.id} is still (queued|running): cancel it or wait for it to end before re-running it$`));
    await apiOk(daemon, 'runs.cancel', { id: slow.id });
    const afterCancel = await apiOk(daemon, 'runs.rerun', { id: slow.id, mode: 'from_failure', preview: true });
    expect(afterCancel.plan.tasks.map((t) => [t.pipeline, t.action, t.why])).toEqual([['slow', 'run', `cancelled in run ${slow.id}`]]);
  }, 60_000);
});

describe('runs.preview over HTTP', () => {
  it('plans a trigger request per partition, with order, pools, masked commands and the tasks that would be cached, creating nothing', async () => {
    const w = tempWorld();
    w.writeProject(`
name: preview
partitions: {region: [US, EU]}
params: {db_password: hunter2-long}
pools: {db: 2}
pipelines:
  load: {command: ["sh", "-c", "echo load {{ date }}"], env: {PGPASSWORD: "{{ params.db_password }}"}}
  metrics:
    command: ["sh", "-c", "echo {{ partition.region }} {{ params.db_password }}"]
    depends_on: [load]
    pool: db
`);
    const daemon = await startDaemon(w.home, w.project);
    children.push(daemon.child);
    const { runs } = await apiOk(daemon, 'runs.preview', { targets: ['metrics'], date: '2025-03-03' });
    expect(runs.map((r) => r.partitionKey)).toEqual(['date=2025-03-03,region=US', 'date=2025-03-03,region=EU']);
    const us = runs[0]!;
    expect(us.tasks.map((t) => [t.order, t.pipeline, t.pool, t.action])).toEqual([
      [1, 'load', 'default', 'run'],
      [2, 'metrics', 'db', 'run'],
    ]);
    expect(us.tasks[1]!.poolSize).toBe(2);
    expect(us.tasks[1]!.command).toEqual(['sh', '-c', 'echo US ***']);
    expect(us.tasks[0]!.env).toEqual({ PGPASSWORD: '***' });
    expect(us.params.db_password).toBe('***');
    expect(JSON.stringify(runs)).not.toContain('hunter2');
    expect(await apiOk(daemon, 'runs.list', {})).toEqual([]);

    // After a run of US, its load would be reused (same inputs); the target never is.
    const { id } = await apiOk(daemon, 'runs.trigger', { targets: ['metrics'], date: '2025-03-03', partition: { region: 'US' } });
    await waitForAsync(async () => (await apiOk(daemon, 'runs.get', { id })).run.state === 'succeeded', 'the run to succeed');
    const again = await apiOk(daemon, 'runs.preview', { targets: ['metrics'], date: '2025-03-03', partition: { region: 'US' } });
    expect(again.runs[0]!.tasks.map((t) => [t.pipeline, t.action, t.why])).toEqual([
      ['load', 'reuse', `same inputs as run ${id}`],
      ['metrics', 'run', "target: a run's targets always run"],
    ]);
    expect(again.runs[0]!.tasks[0]!.reusedFrom?.runId).toBe(id);
    const bad = await apiCall(daemon, 'runs.preview', { targets: ['nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('unknown pipeline or job "nope"');
  }, 60_000);
});
